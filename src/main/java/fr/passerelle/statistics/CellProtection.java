package fr.passerelle.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.jspecify.annotations.Nullable;

/**
 * Small-cell suppression with complementary suppression: a count below the threshold is
 * not published, and neither are enough other counts that no suppressed one can be
 * narrowed, by linear programming over the published values and the set's relations, to
 * an interval narrower than the required width.
 * <p>
 * Suppressed cells are taken in a work queue (the small cells in index order, then the
 * complements as they are added). For each, the attacker's interval is examined over the
 * cell's connected component only: the suppressed cells linked to it through rows that
 * hold two suppressed cells or more, with every row touching the component and the
 * published cells as constants. This is exact: the attacker's program over the whole set
 * is the product of its components' programs. While the cell is too narrow, one more cell
 * is suppressed and the cell examined again. Suppressing a cell turns a constant into a
 * variable that can keep its value, which only widens every interval: a cell once
 * protected stays protected, and one pass protects them all.
 * <p>
 * The examination answers with the cheapest sound argument, the same answer as the
 * attacker's two linear programs over the component: wide when feasible points already
 * found span the width, narrow when bounds propagated through the rows are narrower, wide
 * when the programs with only the cell's nearest neighbours free are, and otherwise the
 * programs over the whole component decide.
 * <p>
 * A cell found narrow comes with why: the rows its propagated bounds rest on, or the rows
 * of the dual certificate of its linear bound. The complement is a published cell of
 * those rows (for a certificate, one that breaks it), for a low information loss: an
 * inner cell before a total, then the cell in the most of those rows (the cell that
 * closes a rectangle), then a value of at least the width, the smallest value, the lowest
 * index. The choice never depends on hash order or chance: the same set gives the same
 * pattern. When no published cell touches the component and the cell is still too narrow,
 * the relations alone pin it (a component holding all its rows' cells is a cone: its
 * minimum is 0 and its maximum 0 or unbounded), and nothing can hide it: the whole set is
 * suppressed (fail closed).
 */
public final class CellProtection {

	/**
	 * How many cells nearest to a suppressed cell are tried free before its whole
	 * component.
	 */
	private static final int NEIGHBOURHOOD = 40;

	/** How many times each row may be used, on average, when propagating bounds. */
	private static final int PROPAGATION_BUDGET = 20;

	private static final long UNBOUNDED = Long.MAX_VALUE;

	/** Below this, a dual value is zero. */
	private static final double DUAL_TOLERANCE = 1e-9;

	private final TableSet set;

	private final List<TableSet.Row> rows;

	private final int width;

	private final Status[] status;

	/** The rows of each cell, ascending. */
	private final int[][] rowsOf;

	/** The number of suppressed cells of each row. */
	private final int[] suppressedInRow;

	private final boolean[] total;

	/**
	 * For each cell, the lowest and the highest value among the feasible points found so
	 * far: the attacker's interval holds them, now and after any further suppression.
	 */
	private final double[] lowSeen;

	private final double[] highSeen;

	private CellProtection(TableSet set, int width) {
		this.set = set;
		this.rows = set.rows();
		this.width = width;
		this.status = new Status[set.size()];
		Arrays.fill(this.status, Status.PUBLISHED);
		int[] degree = new int[set.size()];
		for (TableSet.Row row : this.rows) {
			for (int cell : row.cells()) {
				degree[cell]++;
			}
		}
		this.rowsOf = new int[set.size()][];
		for (int cell = 0; cell < set.size(); cell++) {
			this.rowsOf[cell] = new int[degree[cell]];
		}
		Arrays.fill(degree, 0);
		for (int r = 0; r < this.rows.size(); r++) {
			for (int cell : this.rows.get(r).cells()) {
				this.rowsOf[cell][degree[cell]++] = r;
			}
		}
		this.suppressedInRow = new int[this.rows.size()];
		this.total = new boolean[set.size()];
		for (TableSet.Relation relation : set.relations()) {
			this.total[relation.total()] = true;
		}
		this.lowSeen = new double[set.size()];
		this.highSeen = new double[set.size()];
		for (int cell = 0; cell < set.size(); cell++) {
			this.lowSeen[cell] = set.value(cell);
			this.highSeen[cell] = set.value(cell);
		}
	}

	/**
	 * Decides which cells of a set to suppress.
	 * @param set the cells and their relations
	 * @param k the threshold: every cell below it is suppressed (zeros included)
	 * @param width the width below which the interval of a suppressed cell, as the
	 * attacker rounds it, must not fall
	 * @return the status of every cell
	 */
	public static Result protect(TableSet set, int k, int width) {
		if (k < 0 || width < 0) {
			throw new IllegalArgumentException("A threshold and a width cannot be negative: " + k + ", " + width);
		}
		return new CellProtection(set, width).protect(k);
	}

	private Result protect(int k) {
		int[] queue = new int[this.set.size()];
		int tail = 0;
		for (int cell = 0; cell < this.set.size(); cell++) {
			if (this.set.value(cell) < k) {
				suppress(cell, Status.SMALL_CELL);
				queue[tail++] = cell;
			}
		}
		for (int head = 0; head < tail; head++) {
			int cell = queue[head];
			for (Narrow narrow = examine(cell); narrow != null; narrow = examine(cell)) {
				int complement = complement(narrow);
				if (complement < 0) {
					return failClosed();
				}
				suppress(complement, Status.COMPLEMENTARY);
				queue[tail++] = complement;
			}
		}
		return new Result(this.status);
	}

	private void suppress(int cell, Status status) {
		this.status[cell] = status;
		for (int row : this.rowsOf[cell]) {
			this.suppressedInRow[row]++;
		}
	}

	private boolean suppressed(int cell) {
		return this.status[cell] != Status.PUBLISHED;
	}

	/**
	 * The suppressed cells linked to a suppressed cell through rows with two suppressed
	 * cells or more, the nearest first when there are more than a limit.
	 * @param limit the number of cells beyond which to stop
	 * @return the cells, ascending
	 */
	private int[] component(int cell, int limit) {
		BitSet component = new BitSet(this.set.size());
		int[] queue = new int[this.set.size()];
		int tail = 0;
		component.set(cell);
		queue[tail++] = cell;
		for (int head = 0; head < tail && tail < limit; head++) {
			for (int row : this.rowsOf[queue[head]]) {
				if (this.suppressedInRow[row] < 2) {
					continue;
				}
				for (int other : this.rows.get(row).cells()) {
					if (tail < limit && suppressed(other) && !component.get(other)) {
						component.set(other);
						queue[tail++] = other;
					}
				}
			}
		}
		return component.stream().toArray();
	}

	/** The rows touching some cells, ascending. */
	private int[] touching(int[] cells) {
		BitSet touching = new BitSet(this.rows.size());
		for (int cell : cells) {
			for (int row : this.rowsOf[cell]) {
				touching.set(row);
			}
		}
		return touching.stream().toArray();
	}

	/**
	 * Whether the attacker's interval of a suppressed cell is narrower than the width,
	 * and why.
	 * @return why the cell is too narrow, or null if it is wide enough
	 */
	private @Nullable Narrow examine(int cell) {
		if (this.width == 0 || width(this.lowSeen[cell], this.highSeen[cell]) >= this.width) {
			return null;
		}
		int[] component = component(cell, Integer.MAX_VALUE);
		Propagation propagation = new Propagation(component);
		if (propagation.width(cell) < this.width) {
			return propagation.explain(cell);
		}
		if (component.length > NEIGHBOURHOOD) {
			Program local = new Program(component(cell, NEIGHBOURHOOD));
			if (local.wide(cell)) {
				return null;
			}
		}
		Program program = new Program(component);
		if (program.wide(cell)) {
			return null;
		}
		return program.explain(cell);
	}

	/**
	 * The complementary cell to suppress next for a cell too narrow.
	 * @return the cell, or -1 if no published cell touches the cell's component
	 */
	private int complement(Narrow narrow) {
		// the candidates, each with the number of the rows of the reason it is in
		int[] score = new int[this.set.size()];
		Arrays.fill(score, -1);
		for (int row = narrow.rows().nextSetBit(0); row >= 0; row = narrow.rows().nextSetBit(row + 1)) {
			for (int cell : this.rows.get(row).cells()) {
				if (narrow.useful().get(cell)) {
					score[cell] = Math.max(score[cell], 0) + 1;
				}
			}
		}
		int best = best(score);
		if (best >= 0) {
			return best;
		}
		// no published cell in the reason: any published cell touching the component,
		// scored by the rows where it sits beside a single suppressed cell
		for (int row : touching(component(narrow.cell(), Integer.MAX_VALUE))) {
			boolean pins = this.suppressedInRow[row] == 1;
			for (int cell : this.rows.get(row).cells()) {
				if (!suppressed(cell)) {
					score[cell] = Math.max(score[cell], 0) + (pins ? 1 : 0);
				}
			}
		}
		return best(score);
	}

	/** The best candidate, by the order of the class's comment; -1 if none. */
	private int best(int[] score) {
		int best = -1;
		for (int cell = 0; cell < score.length; cell++) {
			if (score[cell] >= 0 && (best < 0 || better(cell, best, score))) {
				best = cell;
			}
		}
		return best;
	}

	/** Whether a candidate complement is better than another of lower index. */
	private boolean better(int cell, int than, int[] score) {
		if (this.total[cell] != this.total[than]) {
			return !this.total[cell];
		}
		if (score[cell] != score[than]) {
			return score[cell] > score[than];
		}
		boolean wide = this.set.value(cell) >= this.width;
		if (wide != (this.set.value(than) >= this.width)) {
			return wide;
		}
		return this.set.value(cell) < this.set.value(than);
	}

	private Result failClosed() {
		for (int cell = 0; cell < this.status.length; cell++) {
			if (this.status[cell] == Status.PUBLISHED) {
				this.status[cell] = Status.COMPLEMENTARY;
			}
		}
		return new Result(this.status);
	}

	/** Widens the bounds seen by a feasible point. */
	private void see(int[] free, double[] point) {
		for (int i = 0; i < free.length; i++) {
			this.lowSeen[free[i]] = Math.min(this.lowSeen[free[i]], point[i]);
			this.highSeen[free[i]] = Math.max(this.highSeen[free[i]], point[i]);
		}
	}

	private static double width(double lo, double hi) {
		return new Attacker.Interval(lo, hi).width();
	}

	/**
	 * Why a suppressed cell is too narrow.
	 *
	 * @param cell the cell
	 * @param rows the rows the argument rests on
	 * @param useful the published cells whose suppression would undo the argument
	 */
	private record Narrow(int cell, BitSet rows, BitSet useful) {

	}

	/**
	 * Bounds of the cells of a component that hold the attacker's intervals, propagated
	 * through the component's rows from non-negativity (each row bounds each of its cells
	 * given the bounds of the others), with a budget. Every bound follows from the rows;
	 * since their coefficients are 1 and -1 and the values integers, the bounds are
	 * integers, exact.
	 */
	private final class Propagation {

		/** The column of each cell of the component, -1 for the others. */
		private final int[] column;

		private final long[] lower;

		/** {@link #UNBOUNDED} for none. */
		private final long[] upper;

		Propagation(int[] component) {
			this.column = new int[CellProtection.this.set.size()];
			Arrays.fill(this.column, -1);
			for (int i = 0; i < component.length; i++) {
				this.column[component[i]] = i;
			}
			this.lower = new long[component.length];
			this.upper = new long[component.length];
			Arrays.fill(this.upper, UNBOUNDED);
			BitSet pending = new BitSet(CellProtection.this.rows.size());
			for (int row : touching(component)) {
				pending.set(row);
			}
			int budget = PROPAGATION_BUDGET * pending.cardinality();
			int r = pending.nextSetBit(0);
			while (r >= 0 && budget-- > 0) {
				pending.clear(r);
				Sums sums = new Sums(r);
				int[] cells = CellProtection.this.rows.get(r).cells();
				for (int i = 0; i < cells.length; i++) {
					int j = this.column[cells[i]];
					if (j >= 0 && tighten(sums, i, j)) {
						for (int other : CellProtection.this.rowsOf[cells[i]]) {
							pending.set(other);
						}
					}
				}
				pending.clear(r);
				r = pending.nextSetBit(r + 1);
				if (r < 0) {
					r = pending.nextSetBit(0);
				}
			}
		}

		/** The width of a cell's bounds: at least the width of its interval. */
		long width(int cell) {
			int j = this.column[cell];
			return (this.upper[j] == UNBOUNDED) ? UNBOUNDED : this.upper[j] - this.lower[j];
		}

		/** Tightens the bounds of the i-th cell of a row; whether they changed. */
		private boolean tighten(Sums sums, int i, int j) {
			boolean changed = false;
			long upper = sums.upper(i, j);
			if (upper < this.upper[j]) {
				this.upper[j] = upper;
				changed = true;
			}
			long lower = sums.lower(i, j);
			if (lower > this.lower[j]) {
				this.lower[j] = lower;
				changed = true;
			}
			return changed;
		}

		/**
		 * Why a cell's bounds are as narrow: the rows that give its bounds, the rows that
		 * give the bounds these rest on, and so on.
		 */
		Narrow explain(int cell) {
			BitSet rows = new BitSet(CellProtection.this.rows.size());
			BitSet lowerDone = new BitSet(this.lower.length);
			BitSet upperDone = new BitSet(this.lower.length);
			List<Integer> pending = new ArrayList<>();
			// a bound is pending as its cell, negated (minus one) for a lower bound
			pending.add(cell);
			pending.add(-cell - 1);
			while (!pending.isEmpty()) {
				int next = pending.remove(pending.size() - 1);
				boolean upperBound = next >= 0;
				int current = upperBound ? next : -next - 1;
				int j = this.column[current];
				if ((upperBound ? upperDone : lowerDone).get(j)) {
					continue;
				}
				(upperBound ? upperDone : lowerDone).set(j);
				if (upperBound ? this.upper[j] == UNBOUNDED : this.lower[j] == 0) {
					// none, or non-negativity
					continue;
				}
				for (int r : CellProtection.this.rowsOf[current]) {
					Sums sums = new Sums(r);
					int i = indexIn(r, current);
					long bound = upperBound ? sums.upper(i, j) : sums.lower(i, j);
					if (bound != (upperBound ? this.upper[j] : this.lower[j])) {
						continue;
					}
					rows.set(r);
					TableSet.Row row = CellProtection.this.rows.get(r);
					// an upper bound from Σ c·x ≤ rest rests on the least of the others,
					// from
					// Σ c·x ≥ rest on the greatest; a lower bound the other way round
					boolean least = upperBound == (row.coefficients()[i] > 0);
					for (int o = 0; o < row.cells().length; o++) {
						int other = row.cells()[o];
						if (o != i && this.column[other] >= 0) {
							boolean otherUpper = least != (row.coefficients()[o] > 0);
							pending.add(otherUpper ? other : -other - 1);
						}
					}
				}
			}
			BitSet useful = new BitSet(CellProtection.this.set.size());
			for (int r = rows.nextSetBit(0); r >= 0; r = rows.nextSetBit(r + 1)) {
				for (int other : CellProtection.this.rows.get(r).cells()) {
					if (!suppressed(other)) {
						useful.set(other);
					}
				}
			}
			return new Narrow(cell, rows, useful);
		}

		private int indexIn(int r, int cell) {
			int[] cells = CellProtection.this.rows.get(r).cells();
			for (int i = 0; i < cells.length; i++) {
				if (cells[i] == cell) {
					return i;
				}
			}
			throw new IllegalStateException("Cell " + cell + " not in row " + r);
		}

		/**
		 * A row as {@code Σ c·x (= or ≤) rest} over the component's cells, with the least
		 * and the greatest values of {@code Σ c·x} the bounds allow, and how many of its
		 * terms are unbounded.
		 */
		private final class Sums {

			private final TableSet.Row row;

			private long rest;

			private long least;

			private int leastUnbounded;

			private long greatest;

			private int greatestUnbounded;

			Sums(int r) {
				this.row = CellProtection.this.rows.get(r);
				int[] cells = this.row.cells();
				for (int i = 0; i < cells.length; i++) {
					int j = Propagation.this.column[cells[i]];
					int c = this.row.coefficients()[i];
					if (j < 0) {
						this.rest -= c * CellProtection.this.set.value(cells[i]);
					}
					else if (c > 0) {
						this.least += lower[j];
						if (upper[j] == UNBOUNDED) {
							this.greatestUnbounded++;
						}
						else {
							this.greatest += upper[j];
						}
					}
					else {
						this.greatest -= lower[j];
						if (upper[j] == UNBOUNDED) {
							this.leastUnbounded++;
						}
						else {
							this.least -= upper[j];
						}
					}
				}
			}

			/** The upper bound the row gives to its i-th cell (column j). */
			long upper(int i, int j) {
				if (this.row.coefficients()[i] > 0) {
					// x ≤ rest - least of the others
					long others = leastWithout(i, j);
					return (others == UNBOUNDED) ? UNBOUNDED : this.rest - others;
				}
				if (!this.row.equality()) {
					return UNBOUNDED;
				}
				// -x ≥ rest - greatest of the others
				long others = greatestWithout(i, j);
				return (others == UNBOUNDED) ? UNBOUNDED : others - this.rest;
			}

			/** The lower bound the row gives to its i-th cell (column j). */
			long lower(int i, int j) {
				if (this.row.coefficients()[i] < 0) {
					// -x ≤ rest - least of the others
					long others = leastWithout(i, j);
					return (others == UNBOUNDED) ? 0 : others - this.rest;
				}
				if (!this.row.equality()) {
					return 0;
				}
				// x ≥ rest - greatest of the others
				long others = greatestWithout(i, j);
				return (others == UNBOUNDED) ? 0 : this.rest - others;
			}

			/** The least of the terms but the i-th, {@link #UNBOUNDED} if it has none. */
			private long leastWithout(int i, int j) {
				if (this.row.coefficients()[i] > 0) {
					return (this.leastUnbounded == 0) ? this.least - lower[j] : UNBOUNDED;
				}
				if (upper[j] == UNBOUNDED) {
					return (this.leastUnbounded == 1) ? this.least : UNBOUNDED;
				}
				return (this.leastUnbounded == 0) ? this.least + upper[j] : UNBOUNDED;
			}

			/**
			 * The greatest of the terms but the i-th, {@link #UNBOUNDED} if it has none.
			 */
			private long greatestWithout(int i, int j) {
				if (this.row.coefficients()[i] < 0) {
					return (this.greatestUnbounded == 0) ? this.greatest + lower[j] : UNBOUNDED;
				}
				if (upper[j] == UNBOUNDED) {
					return (this.greatestUnbounded == 1) ? this.greatest : UNBOUNDED;
				}
				return (this.greatestUnbounded == 0) ? this.greatest - upper[j] : UNBOUNDED;
			}

		}

	}

	/**
	 * The attacker's linear program with some suppressed cells free and every other cell
	 * fixed to its true value: exactly the attacker's over a component when the free
	 * cells are the whole component, narrower otherwise. Every optimum found is a
	 * feasible point of the attacker's program, and stays one as more cells are
	 * suppressed: its values widen the bounds seen.
	 */
	private final class Program {

		/** The free cells, ascending. */
		private final int[] free;

		/** The rows touching them, ascending. */
		private final int[] rows;

		private final int[] column;

		private final List<LinearConstraint> constraints;

		private double hi = Double.NaN;

		private double lo = Double.NaN;

		Program(int[] free) {
			this.free = free;
			this.rows = touching(free);
			this.column = new int[CellProtection.this.set.size()];
			Arrays.fill(this.column, -1);
			for (int i = 0; i < free.length; i++) {
				this.column[free[i]] = i;
			}
			this.constraints = new ArrayList<>(this.rows.length);
			for (int r : this.rows) {
				TableSet.Row row = CellProtection.this.rows.get(r);
				this.constraints.add(new LinearConstraint(coefficients(row),
						row.equality() ? Relationship.EQ : Relationship.LEQ, constant(row)));
			}
		}

		private double[] coefficients(TableSet.Row row) {
			double[] coefficients = new double[this.free.length];
			for (int i = 0; i < row.cells().length; i++) {
				int j = this.column[row.cells()[i]];
				if (j >= 0) {
					coefficients[j] = row.coefficients()[i];
				}
			}
			return coefficients;
		}

		/** The right-hand side: minus the fixed cells' part of the row. */
		private double constant(TableSet.Row row) {
			double constant = 0;
			for (int i = 0; i < row.cells().length; i++) {
				if (this.column[row.cells()[i]] < 0) {
					constant -= row.coefficients()[i] * (double) CellProtection.this.set.value(row.cells()[i]);
				}
			}
			return constant;
		}

		/** Whether the cell's interval in this program is wide enough. */
		boolean wide(int cell) {
			double[] objective = new double[this.free.length];
			objective[this.column[cell]] = 1;
			Attacker.Optimum max = Attacker.optimum(objective, this.constraints, GoalType.MAXIMIZE);
			this.hi = max.value();
			if (this.hi == Double.POSITIVE_INFINITY) {
				CellProtection.this.highSeen[cell] = Double.POSITIVE_INFINITY;
				return true;
			}
			see(this.free, max.point());
			if (CellProtection.width(CellProtection.this.lowSeen[cell], this.hi) >= CellProtection.this.width) {
				return true;
			}
			Attacker.Optimum min = Attacker.optimum(objective, this.constraints, GoalType.MINIMIZE);
			this.lo = min.value();
			see(this.free, min.point());
			return CellProtection.width(this.lo, this.hi) >= CellProtection.this.width;
		}

		/**
		 * Why the cell, found narrow by {@link #wide(int)}, is narrow: the rows of the
		 * dual certificate of its upper bound (else of its lower bound), and the
		 * published cells that would break it.
		 */
		Narrow explain(int cell) {
			Narrow upper = certificate(cell, true);
			if (upper.useful().isEmpty() && Math.ceil(this.lo - 1e-6) > 0) {
				Narrow lower = certificate(cell, false);
				if (!lower.useful().isEmpty()) {
					return lower;
				}
			}
			return upper;
		}

		/**
		 * The dual certificate of a bound: multipliers y of the rows such that
		 * {@code Σ y·row} bounds the cell ({@code Σ y·a ≥ ±e} over the free cells) at the
		 * least cost {@code Σ y·b}. A published cell c of the rows breaks it when
		 * {@code Σ y·a_c < 0}: freed, it would violate the certificate's constraint.
		 */
		private Narrow certificate(int cell, boolean upperBound) {
			BitSet rows = new BitSet(CellProtection.this.rows.size());
			BitSet useful = new BitSet(CellProtection.this.set.size());
			// dual variables: a non-negative one per inequality, two per equality
			int[] first = new int[this.rows.length];
			int variables = 0;
			for (int k = 0; k < this.rows.length; k++) {
				first[k] = variables;
				variables += CellProtection.this.rows.get(this.rows[k]).equality() ? 2 : 1;
			}
			double[][] transposed = new double[this.free.length][variables];
			double[] cost = new double[variables];
			for (int k = 0; k < this.rows.length; k++) {
				TableSet.Row row = CellProtection.this.rows.get(this.rows[k]);
				double constant = constant(row);
				cost[first[k]] = constant;
				if (row.equality()) {
					cost[first[k] + 1] = -constant;
				}
				for (int i = 0; i < row.cells().length; i++) {
					int j = this.column[row.cells()[i]];
					if (j >= 0) {
						transposed[j][first[k]] = row.coefficients()[i];
						if (row.equality()) {
							transposed[j][first[k] + 1] = -row.coefficients()[i];
						}
					}
				}
			}
			List<LinearConstraint> constraints = new ArrayList<>(this.free.length);
			for (int j = 0; j < this.free.length; j++) {
				double unit = (this.free[j] == cell) ? (upperBound ? 1 : -1) : 0;
				constraints.add(new LinearConstraint(transposed[j], Relationship.GEQ, unit));
			}
			Attacker.Optimum dual;
			try {
				dual = Attacker.optimum(cost, constraints, GoalType.MINIMIZE);
			}
			catch (IllegalStateException ex) {
				// the certificate only guides the choice: without it, any choice is safe
				return new Narrow(cell, rows, useful);
			}
			if (dual.point().length == 0) {
				return new Narrow(cell, rows, useful);
			}
			double[] breaking = new double[CellProtection.this.set.size()];
			for (int k = 0; k < this.rows.length; k++) {
				TableSet.Row row = CellProtection.this.rows.get(this.rows[k]);
				double y = dual.point()[first[k]] - (row.equality() ? dual.point()[first[k] + 1] : 0);
				if (Math.abs(y) <= DUAL_TOLERANCE) {
					continue;
				}
				rows.set(this.rows[k]);
				for (int i = 0; i < row.cells().length; i++) {
					if (!suppressed(row.cells()[i])) {
						breaking[row.cells()[i]] += y * row.coefficients()[i];
					}
				}
			}
			for (int c = 0; c < breaking.length; c++) {
				if (breaking[c] < -DUAL_TOLERANCE) {
					useful.set(c);
				}
			}
			return new Narrow(cell, rows, useful);
		}

	}

	/** Whether a cell is published, and why not. */
	public enum Status {

		/** Published with its value. */
		PUBLISHED,

		/** Below the threshold. */
		SMALL_CELL,

		/** Suppressed so that a small cell cannot be recovered from the others. */
		COMPLEMENTARY

	}

	/** The status of every cell of a set, by index. */
	public static final class Result {

		private final Status[] status;

		private final int suppressedCount;

		Result(Status[] status) {
			this.status = status.clone();
			int count = 0;
			for (Status each : status) {
				if (each != Status.PUBLISHED) {
					count++;
				}
			}
			this.suppressedCount = count;
		}

		/** The number of cells. */
		public int size() {
			return this.status.length;
		}

		/** The status of a cell. */
		public Status status(int cell) {
			return this.status[cell];
		}

		/** Whether a cell is suppressed, as a small cell or a complement. */
		public boolean suppressed(int cell) {
			return this.status[cell] != Status.PUBLISHED;
		}

		/** The number of suppressed cells. */
		public int suppressedCount() {
			return this.suppressedCount;
		}

	}

}

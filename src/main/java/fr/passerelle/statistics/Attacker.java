package fr.passerelle.statistics;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * What someone who reads a published set can learn of its suppressed cells: with the
 * published values, every relation of the set and non-negativity, the tightest interval
 * of each suppressed cell by linear programming. It is the proof of
 * {@link CellProtection}, so it stays as plain as possible: one linear program over the
 * whole set, every suppressed cell a variable, no heuristic; the programs split only
 * where they are independent (suppressed cells no row links), which changes no bound.
 */
public final class Attacker {

	/** Beyond this many pivots a linear program is a bug, not a hard problem. */
	private static final int MAX_ITERATIONS = 1_000_000;

	/** The tolerance of the integer rounding of a bound. */
	private static final double TOLERANCE = 1e-6;

	private Attacker() {
	}

	/**
	 * The interval of every cell of a published set.
	 * @param set the cells and their relations
	 * @param suppressed which cells are suppressed, by index
	 * @return by index: the tightest interval of a suppressed cell, the value itself for
	 * a published one
	 */
	public static Interval[] intervals(TableSet set, boolean[] suppressed) {
		if (suppressed.length != set.size()) {
			throw new IllegalArgumentException(
					"A suppression pattern of " + suppressed.length + " cells for a set of " + set.size());
		}
		// the suppressed cells fall in independent programs: cells linked through a row
		// holding two of them or more are one program (exact: every row touching a
		// program's cells holds no other program's)
		int[] parent = new int[set.size()];
		for (int cell = 0; cell < parent.length; cell++) {
			parent[cell] = cell;
		}
		for (TableSet.Row row : set.rows()) {
			int first = -1;
			for (int cell : row.cells()) {
				if (suppressed[cell]) {
					if (first < 0) {
						first = cell;
					}
					else {
						parent[root(parent, cell)] = root(parent, first);
					}
				}
			}
		}
		java.util.Map<Integer, List<Integer>> programs = new java.util.TreeMap<>();
		for (int cell = 0; cell < set.size(); cell++) {
			if (suppressed[cell]) {
				programs.computeIfAbsent(root(parent, cell), (r) -> new ArrayList<>()).add(cell);
			}
		}
		java.util.Map<Integer, List<TableSet.Row>> rowsOf = new java.util.HashMap<>();
		for (TableSet.Row row : set.rows()) {
			for (int cell : row.cells()) {
				if (suppressed[cell]) {
					rowsOf.computeIfAbsent(root(parent, cell), (r) -> new ArrayList<>()).add(row);
					break;
				}
			}
		}
		Interval[] intervals = new Interval[set.size()];
		for (int cell = 0; cell < set.size(); cell++) {
			if (!suppressed[cell]) {
				intervals[cell] = new Interval(set.value(cell), set.value(cell));
			}
		}
		int[] column = new int[set.size()];
		for (var program : programs.entrySet()) {
			List<Integer> cells = program.getValue();
			for (int i = 0; i < cells.size(); i++) {
				column[cells.get(i)] = i;
			}
			int variables = cells.size();
			List<LinearConstraint> constraints = new ArrayList<>();
			for (TableSet.Row row : rowsOf.getOrDefault(program.getKey(), List.of())) {
				double[] coefficients = new double[variables];
				double constant = 0;
				for (int i = 0; i < row.cells().length; i++) {
					int cell = row.cells()[i];
					if (suppressed[cell]) {
						coefficients[column[cell]] += row.coefficients()[i];
					}
					else {
						constant -= row.coefficients()[i] * (double) set.value(cell);
					}
				}
				constraints.add(new LinearConstraint(coefficients, row.equality() ? Relationship.EQ : Relationship.LEQ,
						constant));
			}
			for (int cell : cells) {
				double[] objective = new double[variables];
				objective[column[cell]] = 1;
				double hi = optimum(objective, constraints, GoalType.MAXIMIZE).value();
				double lo = optimum(objective, constraints, GoalType.MINIMIZE).value();
				intervals[cell] = new Interval(lo, hi);
			}
		}
		return intervals;
	}

	private static int root(int[] parent, int cell) {
		while (parent[cell] != cell) {
			parent[cell] = parent[parent[cell]];
			cell = parent[cell];
		}
		return cell;
	}

	/**
	 * The interval of every cell of a protected set.
	 * @param set the cells and their relations
	 * @param result the suppression pattern
	 * @return by index: the tightest interval of a suppressed cell, the value itself for
	 * a published one
	 */
	public static Interval[] intervals(TableSet set, CellProtection.Result result) {
		boolean[] suppressed = new boolean[set.size()];
		for (int cell = 0; cell < suppressed.length; cell++) {
			suppressed[cell] = result.suppressed(cell);
		}
		return intervals(set, suppressed);
	}

	/**
	 * The optimum of a linear program over non-negative variables.
	 * @param objective the objective's coefficients
	 * @param constraints the constraints
	 * @param goal minimise or maximise
	 * @return the optimum, infinite when unbounded
	 * @throws IllegalStateException if the program has no solution, which the true values
	 * always are: the relations or their translation are wrong
	 */
	static Optimum optimum(double[] objective, List<LinearConstraint> constraints, GoalType goal) {
		double unbounded = (goal == GoalType.MINIMIZE) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
		if (constraints.isEmpty()) {
			// no relation left: only non-negativity
			return (goal == GoalType.MINIMIZE) ? new Optimum(0, new double[objective.length])
					: new Optimum(unbounded, new double[0]);
		}
		try {
			PointValuePair optimum = new SimplexSolver().optimize(new MaxIter(MAX_ITERATIONS),
					new LinearObjectiveFunction(objective, 0), new LinearConstraintSet(constraints), goal,
					new NonNegativeConstraint(true));
			return new Optimum(optimum.getValue(), optimum.getPoint());
		}
		catch (UnboundedSolutionException ex) {
			return new Optimum(unbounded, new double[0]);
		}
		catch (NoFeasibleSolutionException | TooManyIterationsException ex) {
			throw new IllegalStateException("The attacker's linear program failed, although the true values solve it",
					ex);
		}
	}

	/**
	 * The optimum of a linear program and where it is reached.
	 *
	 * @param value the optimum, infinite when unbounded
	 * @param point a solution reaching it, empty when unbounded
	 */
	record Optimum(double value, double[] point) {

	}

	/**
	 * Where an attacker knows a cell to lie.
	 *
	 * @param lo the lower bound
	 * @param hi the upper bound, {@link Double#POSITIVE_INFINITY} when unbounded
	 */
	public record Interval(double lo, double hi) {

		/**
		 * The width as an attacker who knows counts are integers sees it: the bounds
		 * rounded inwards to integers, with a tolerance for the solver's error.
		 * @return {@code floor(hi) - ceil(lo)}, infinite when the cell is unbounded
		 */
		public double width() {
			if (this.hi == Double.POSITIVE_INFINITY || this.lo == Double.NEGATIVE_INFINITY) {
				return Double.POSITIVE_INFINITY;
			}
			return Math.floor(this.hi + TOLERANCE) - Math.ceil(this.lo - TOLERANCE);
		}

	}

}

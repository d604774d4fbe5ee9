package fr.passerelle.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts about to be published and what an attacker knows links them: that a total is
 * the sum of its parts, that a distinct count over a union lies between its largest part
 * and the sum of its parts. Suppression has to be decided on the whole set at once, since
 * a suppressed count is only as safe as the weakest way to recompute it from the others;
 * {@link CellProtection} decides it and {@link Attacker} checks it.
 * <p>
 * Cells are numbered in insertion order, and every relation is kept as linear rows
 * {@code Σ c·x = 0} or {@code Σ c·x ≤ 0}: with non-negativity, that is everything the
 * attacker's linear program knows. A relation must hold for the values given (it is
 * refused otherwise), so the true values are always a solution.
 */
public final class TableSet {

	private final List<String> keys = new ArrayList<>();

	private final Map<String, Integer> indexes = new HashMap<>();

	private long[] values = new long[16];

	private final List<Relation> relations = new ArrayList<>();

	private final List<Row> rows = new ArrayList<>();

	/**
	 * Adds a cell.
	 * @param key the cell's key, unique in the set
	 * @param value its count, not negative
	 * @return the cell's index: 0, 1, 2… in insertion order
	 */
	public int add(String key, long value) {
		if (value < 0) {
			throw new IllegalArgumentException("A count cannot be negative: " + key + " = " + value);
		}
		if (this.indexes.containsKey(key)) {
			throw new IllegalArgumentException("Two cells with the key " + key);
		}
		int index = this.keys.size();
		if (index == this.values.length) {
			this.values = Arrays.copyOf(this.values, index * 2);
		}
		this.values[index] = value;
		this.keys.add(key);
		this.indexes.put(key, index);
		return index;
	}

	/**
	 * Declares that a total is the sum of its parts: {@code total = Σ parts}.
	 * @param total the total's cell
	 * @param parts the parts' cells: at least one, distinct, not the total
	 */
	public void sum(int total, int... parts) {
		check(total, parts);
		long sum = sumOf(parts);
		if (this.values[total] != sum) {
			throw new IllegalArgumentException(
					"The total " + key(total) + " = " + value(total) + " is not the sum of its parts: " + sum);
		}
		this.relations.add(new Relation(Kind.SUM, total, parts.clone()));
		this.rows.add(totalMinusParts(total, parts, true));
	}

	/**
	 * Declares that a total counts distinct elements over the union of its parts (one
	 * person counted once although in several parts): every part is at most the total,
	 * and the total at most the sum of the parts.
	 * @param total the total's cell
	 * @param parts the parts' cells: at least one, distinct, not the total
	 */
	public void cover(int total, int... parts) {
		check(total, parts);
		long sum = sumOf(parts);
		if (this.values[total] > sum) {
			throw new IllegalArgumentException("The distinct total " + key(total) + " = " + value(total)
					+ " exceeds the sum of its parts: " + sum);
		}
		for (int part : parts) {
			if (this.values[part] > this.values[total]) {
				throw new IllegalArgumentException("The part " + key(part) + " = " + value(part)
						+ " exceeds its distinct total " + key(total) + " = " + value(total));
			}
		}
		this.relations.add(new Relation(Kind.COVER, total, parts.clone()));
		for (int part : parts) {
			this.rows.add(new Row(new int[] { part, total }, new int[] { 1, -1 }, false));
		}
		this.rows.add(totalMinusParts(total, parts, false));
	}

	/** The row {@code total - parts}, = 0 (an equality) or ≤ 0. */
	private static Row totalMinusParts(int total, int[] parts, boolean equality) {
		int[] cells = new int[parts.length + 1];
		int[] coefficients = new int[parts.length + 1];
		cells[0] = total;
		coefficients[0] = 1;
		for (int i = 0; i < parts.length; i++) {
			cells[i + 1] = parts[i];
			coefficients[i + 1] = -1;
		}
		return new Row(cells, coefficients, equality);
	}

	/** The number of cells. */
	public int size() {
		return this.keys.size();
	}

	/** The key of a cell. */
	public String key(int cell) {
		return this.keys.get(cell);
	}

	/** The value of a cell. */
	public long value(int cell) {
		checkCell(cell);
		return this.values[cell];
	}

	/** The index of the cell with this key, or -1. */
	public int index(String key) {
		Integer index = this.indexes.get(key);
		return (index != null) ? index : -1;
	}

	/** The relations, in the order they were declared. */
	List<Relation> relations() {
		return Collections.unmodifiableList(this.relations);
	}

	/** The relations as linear rows, in the order they were declared. */
	List<Row> rows() {
		return Collections.unmodifiableList(this.rows);
	}

	private void check(int total, int[] parts) {
		checkCell(total);
		if (parts.length == 0) {
			throw new IllegalArgumentException("A relation needs at least one part: " + key(total));
		}
		int[] sorted = parts.clone();
		Arrays.sort(sorted);
		for (int i = 0; i < sorted.length; i++) {
			checkCell(sorted[i]);
			if (sorted[i] == total) {
				throw new IllegalArgumentException("A total cannot be one of its parts: " + key(total));
			}
			if (i > 0 && sorted[i] == sorted[i - 1]) {
				throw new IllegalArgumentException("A part appears twice: " + key(sorted[i]));
			}
		}
	}

	private void checkCell(int cell) {
		if (cell < 0 || cell >= size()) {
			throw new IndexOutOfBoundsException("No cell " + cell + " in a set of " + size());
		}
	}

	private long sumOf(int[] parts) {
		long sum = 0;
		for (int part : parts) {
			sum = Math.addExact(sum, this.values[part]);
		}
		return sum;
	}

	/** How a total relates to its parts. */
	enum Kind {

		/** {@code total = Σ parts}. */
		SUM,

		/** {@code part ≤ total} for every part, and {@code total ≤ Σ parts}. */
		COVER

	}

	/**
	 * A relation as declared.
	 *
	 * @param kind how the total relates to its parts
	 * @param total the total's cell
	 * @param parts the parts' cells
	 */
	record Relation(Kind kind, int total, int[] parts) {

	}

	/**
	 * A linear relation {@code Σ coefficients[i]·x[cells[i]] = 0} (equality) or
	 * {@code ≤ 0}.
	 *
	 * @param cells the cells, distinct
	 * @param coefficients their coefficients
	 * @param equality whether the row is an equality rather than an inequality
	 */
	record Row(int[] cells, int[] coefficients, boolean equality) {

	}

}

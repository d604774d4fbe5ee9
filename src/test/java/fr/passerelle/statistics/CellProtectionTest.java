package fr.passerelle.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fr.passerelle.statistics.Attacker.Interval;
import fr.passerelle.statistics.CellProtection.Result;
import fr.passerelle.statistics.CellProtection.Status;

/**
 * Complementary suppression ({@link CellProtection}) checked against the attacker's
 * linear program over the whole set ({@link Attacker}): on hand-made tables with a known
 * pattern, on a calendar hierarchy, with distinct counts over overlapping parts, and on
 * random tables of two and three dimensions with margins.
 */
class CellProtectionTest {

	private static final int K = 5;

	private static final int WIDTH = 3;

	@Test
	void attackerFindsTheIntervalsOfATotalAndItsParts() {
		TableSet set = new TableSet();
		int a = set.add("a", 3);
		int b = set.add("b", 7);
		int c = set.add("c", 10);
		int total = set.add("total", 20);
		set.sum(total, a, b, c);

		Interval[] alone = Attacker.intervals(set, new boolean[] { true, false, false, false });
		assertThat(alone[a].lo()).isCloseTo(3, within());
		assertThat(alone[a].hi()).isCloseTo(3, within());
		assertThat(alone[a].width()).isZero();
		assertThat(alone[b]).isEqualTo(new Interval(7, 7));

		Interval[] pair = Attacker.intervals(set, new boolean[] { true, true, false, false });
		assertThat(pair[a].lo()).isCloseTo(0, within());
		assertThat(pair[a].hi()).isCloseTo(10, within());
		assertThat(pair[b].width()).isEqualTo(10);

		Interval[] withTotal = Attacker.intervals(set, new boolean[] { true, false, false, true });
		assertThat(withTotal[a].lo()).isCloseTo(0, within());
		assertThat(withTotal[a].hi()).isInfinite();
		assertThat(withTotal[a].width()).isInfinite();
	}

	@Test
	void aSmallCellOfATableWithMarginsIsHiddenInARectangle() {
		// c0 c1 c2 | total
		// r0: 2 10 12 | 24
		// r1: 8 15 9 | 32
		// r2: 11 7 20 | 38
		// total: 21 32 41 | 94
		Grid grid = new Grid(new int[] { 3, 3 }, new long[] { 2, 10, 12, 8, 15, 9, 11, 7, 20 });

		Result result = CellProtection.protect(grid.set, K, WIDTH);

		assertThat(result.status(grid.cell(0, 0))).isEqualTo(Status.SMALL_CELL);
		assertThat(suppressedKeys(grid.set, result)).containsExactly("0,0", "0,2", "1,0", "1,2");
		assertThat(result.suppressedCount()).isEqualTo(4);
		assertProtected(grid.set, result, K, WIDTH);
		// the rectangle lets the small cell move by the smallest of its corners' values
		Interval small = Attacker.intervals(grid.set, result)[grid.cell(0, 0)];
		assertThat(small.lo()).isCloseTo(0, within());
		assertThat(small.hi()).isCloseTo(10, within());
	}

	@Test
	void aCalendarHierarchyWithABreakdownIsProtected() {
		Random random = new Random(8);
		String[] categories = { "A", "B", "C", "all" };
		List<String> periods = new ArrayList<>();
		for (int month = 1; month <= 12; month++) {
			periods.add("M" + month);
		}
		for (int quarter = 1; quarter <= 4; quarter++) {
			periods.add("Q" + quarter);
		}
		periods.add("Y");
		long[][] values = new long[periods.size()][categories.length];
		for (int month = 0; month < 12; month++) {
			for (int category = 0; category < 3; category++) {
				values[month][category] = random.nextInt(3) == 0 ? random.nextInt(K) : K + random.nextInt(40);
			}
		}
		for (int category = 0; category < 3; category++) {
			for (int month = 0; month < 12; month++) {
				values[12 + month / 3][category] += values[month][category];
				values[16][category] += values[month][category];
			}
		}
		for (long[] period : values) {
			period[3] = period[0] + period[1] + period[2];
		}
		TableSet set = new TableSet();
		int[][] cells = new int[periods.size()][categories.length];
		for (int period = 0; period < periods.size(); period++) {
			for (int category = 0; category < categories.length; category++) {
				cells[period][category] = set.add(periods.get(period) + "/" + categories[category],
						values[period][category]);
			}
		}
		for (int[] period : cells) {
			set.sum(period[3], period[0], period[1], period[2]);
		}
		for (int category = 0; category < categories.length; category++) {
			for (int quarter = 0; quarter < 4; quarter++) {
				set.sum(cells[12 + quarter][category], cells[3 * quarter][category], cells[3 * quarter + 1][category],
						cells[3 * quarter + 2][category]);
			}
			set.sum(cells[16][category], cells[12][category], cells[13][category], cells[14][category],
					cells[15][category]);
		}

		Result result = CellProtection.protect(set, K, WIDTH);

		assertThat(countSmall(set)).isGreaterThan(5);
		assertProtected(set, result, K, WIDTH);
		// the year of every category is not small here, and is not needed to protect
		for (int category = 0; category < categories.length; category++) {
			assertThat(result.status(cells[16][category])).isEqualTo(Status.PUBLISHED);
		}
	}

	@Test
	void distinctCountsOverOverlappingPartsNarrowTheIntervals() {
		// p1 + q = s; d counts distinct persons over p1 and p2 (one person is in both):
		// p2 ≤ d, p1 ≤ d and d ≤ p1 + p2, so p1 ≥ d - p2 = 2
		TableSet withCover = distinctCounts(true);
		TableSet withoutCover = distinctCounts(false);
		int width = 9;

		Result ignoringCover = CellProtection.protect(withoutCover, K, width);
		assertProtected(withoutCover, ignoringCover, K, width);
		// a pattern decided without the distinct count is unsafe once the attacker uses
		// it
		Interval p1 = Attacker.intervals(withCover, ignoringCover)[withCover.index("p1")];
		assertThat(p1.lo()).isCloseTo(2, within());
		assertThat(p1.width()).isLessThan(width);

		Result result = CellProtection.protect(withCover, K, width);
		assertProtected(withCover, result, K, width);
		assertThat(result.suppressedCount()).isGreaterThan(ignoringCover.suppressedCount());
	}

	@Test
	void zerosAreSuppressedAndProtected() {
		Grid grid = new Grid(new int[] { 3, 4 }, new long[] { 0, 12, 30, 8, 15, 0, 9, 22, 11, 7, 0, 40 });

		Result result = CellProtection.protect(grid.set, K, WIDTH);

		assertThat(result.status(grid.cell(0, 0))).isEqualTo(Status.SMALL_CELL);
		assertThat(result.status(grid.cell(1, 1))).isEqualTo(Status.SMALL_CELL);
		assertThat(result.status(grid.cell(2, 2))).isEqualTo(Status.SMALL_CELL);
		assertProtected(grid.set, result, K, WIDTH);
	}

	@Test
	void aCellPinnedByTheRelationsAloneSuppressesEverything() {
		// t = a + b and t = a + b + z: z is 0 whatever is published
		TableSet set = new TableSet();
		int a = set.add("a", 10);
		int b = set.add("b", 20);
		int z = set.add("z", 0);
		int t = set.add("t", 30);
		set.sum(t, a, b);
		set.sum(t, a, b, z);

		Result result = CellProtection.protect(set, K, WIDTH);

		assertThat(result.suppressedCount()).isEqualTo(4);
		assertThat(result.status(z)).isEqualTo(Status.SMALL_CELL);
		assertThat(result.status(a)).isEqualTo(Status.COMPLEMENTARY);
	}

	@Test
	void aCellWithoutRelationNeedsNoComplement() {
		TableSet set = new TableSet();
		set.add("alone", 2);
		set.add("other", 50);

		Result result = CellProtection.protect(set, K, WIDTH);

		assertThat(result.status(0)).isEqualTo(Status.SMALL_CELL);
		assertThat(result.status(1)).isEqualTo(Status.PUBLISHED);
	}

	@Test
	void theSameSetGivesTheSamePattern() {
		Grid first = Grid.random(new int[] { 5, 4, 3 }, new Random(17));
		Grid second = Grid.random(new int[] { 5, 4, 3 }, new Random(17));

		Result one = CellProtection.protect(first.set, K, WIDTH);
		Result again = CellProtection.protect(first.set, K, WIDTH);
		Result other = CellProtection.protect(second.set, K, WIDTH);

		assertThat(statuses(again)).containsExactly(statuses(one));
		assertThat(statuses(other)).containsExactly(statuses(one));
		assertThat(one.suppressedCount()).isGreaterThan(countSmall(first.set));
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })
	void randomTablesWithMarginsAreProtected(long seed) {
		Random random = new Random(seed);
		int[] sizes = (seed % 2 == 0) ? new int[] { 2 + random.nextInt(5), 2 + random.nextInt(5) }
				: new int[] { 2 + random.nextInt(3), 2 + random.nextInt(3), 2 + random.nextInt(3) };
		int width = 1 + random.nextInt(K);
		Grid grid = Grid.random(sizes, random);

		Result result = CellProtection.protect(grid.set, K, width);

		assertProtected(grid.set, result, K, width);
	}

	@Test
	void relationsMustHoldForTheValues() {
		TableSet set = new TableSet();
		int a = set.add("a", 3);
		int b = set.add("b", 7);
		int total = set.add("total", 11);
		assertThatIllegalArgumentException().isThrownBy(() -> set.sum(total, a, b));
		assertThatIllegalArgumentException().isThrownBy(() -> set.cover(a, b, total));
		assertThatIllegalArgumentException().isThrownBy(() -> set.sum(total, a, a));
		assertThatIllegalArgumentException().isThrownBy(() -> set.sum(total, total));
		assertThatIllegalArgumentException().isThrownBy(() -> set.add("a", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> set.add("negative", -1));
		int distinct = set.add("distinct", 8);
		set.cover(distinct, a, b);
		assertThat(set.index("total")).isEqualTo(total);
		assertThat(set.index("none")).isEqualTo(-1);
	}

	/**
	 * The attacker's interval of every suppressed cell is at least the width and holds
	 * the true value; every small cell is suppressed as such, and only those.
	 */
	private static void assertProtected(TableSet set, Result result, int k, int width) {
		Interval[] intervals = Attacker.intervals(set, result);
		for (int cell = 0; cell < set.size(); cell++) {
			long value = set.value(cell);
			assertThat(result.status(cell) == Status.SMALL_CELL).as("small cell %s = %d", set.key(cell), value)
				.isEqualTo(value < k);
			if (result.suppressed(cell)) {
				assertThat(intervals[cell].width()).as("width of %s = %d in %s", set.key(cell), value, intervals[cell])
					.isGreaterThanOrEqualTo(width);
				assertThat((double) value).isBetween(intervals[cell].lo() - 1e-6, intervals[cell].hi() + 1e-6);
			}
		}
	}

	private static TableSet distinctCounts(boolean cover) {
		TableSet set = new TableSet();
		int p1 = set.add("p1", 3);
		int q = set.add("q", 7);
		int s = set.add("s", 10);
		int p2 = set.add("p2", 10);
		int d = set.add("d", 12);
		set.sum(s, p1, q);
		if (cover) {
			set.cover(d, p1, p2);
		}
		return set;
	}

	private static List<String> suppressedKeys(TableSet set, Result result) {
		List<String> keys = new ArrayList<>();
		for (int cell = 0; cell < set.size(); cell++) {
			if (result.suppressed(cell)) {
				keys.add(set.key(cell));
			}
		}
		return keys;
	}

	private static Status[] statuses(Result result) {
		Status[] statuses = new Status[result.size()];
		Arrays.setAll(statuses, result::status);
		return statuses;
	}

	private static int countSmall(TableSet set) {
		int count = 0;
		for (int cell = 0; cell < set.size(); cell++) {
			if (set.value(cell) < K) {
				count++;
			}
		}
		return count;
	}

	private static org.assertj.core.data.Offset<Double> within() {
		return org.assertj.core.data.Offset.offset(1e-6);
	}

	/**
	 * A table of any dimension with a margin on each: along every dimension, the total
	 * (the coordinate equal to the dimension's size) is the sum of the inner cells. Keys
	 * are the coordinates ("1,T,0").
	 */
	private static final class Grid {

		private final int[] sizes;

		private final TableSet set = new TableSet();

		/**
		 * @param sizes the number of inner values of each dimension
		 * @param inner the inner values, the last dimension varying fastest
		 */
		Grid(int[] sizes, long[] inner) {
			this.sizes = sizes;
			int cells = 1;
			for (int size : sizes) {
				cells *= size + 1;
			}
			long[] values = new long[cells];
			int next = 0;
			for (int cell = 0; cell < cells; cell++) {
				if (inner(coordinates(cell))) {
					values[cell] = inner[next++];
				}
			}
			for (int dimension = 0; dimension < sizes.length; dimension++) {
				for (int cell = 0; cell < cells; cell++) {
					int[] coordinates = coordinates(cell);
					if (coordinates[dimension] == sizes[dimension]) {
						values[cell] = 0;
						for (int part : parts(coordinates, dimension)) {
							values[cell] += values[part];
						}
					}
				}
			}
			for (int cell = 0; cell < cells; cell++) {
				this.set.add(key(coordinates(cell)), values[cell]);
			}
			for (int dimension = 0; dimension < sizes.length; dimension++) {
				for (int cell = 0; cell < cells; cell++) {
					int[] coordinates = coordinates(cell);
					if (coordinates[dimension] == sizes[dimension]) {
						this.set.sum(cell, parts(coordinates, dimension));
					}
				}
			}
		}

		/** A table with many small values (zeros included) among larger ones. */
		static Grid random(int[] sizes, Random random) {
			int count = 1;
			for (int size : sizes) {
				count *= size;
			}
			long[] inner = new long[count];
			for (int i = 0; i < count; i++) {
				inner[i] = (random.nextInt(10) < 3) ? random.nextInt(K) : K + random.nextInt(30);
			}
			return new Grid(sizes, inner);
		}

		int cell(int... coordinates) {
			int cell = 0;
			for (int dimension = 0; dimension < this.sizes.length; dimension++) {
				cell = cell * (this.sizes[dimension] + 1) + coordinates[dimension];
			}
			return cell;
		}

		private int[] coordinates(int cell) {
			int[] coordinates = new int[this.sizes.length];
			for (int dimension = this.sizes.length - 1; dimension >= 0; dimension--) {
				coordinates[dimension] = cell % (this.sizes[dimension] + 1);
				cell /= this.sizes[dimension] + 1;
			}
			return coordinates;
		}

		private boolean inner(int[] coordinates) {
			for (int dimension = 0; dimension < this.sizes.length; dimension++) {
				if (coordinates[dimension] == this.sizes[dimension]) {
					return false;
				}
			}
			return true;
		}

		private int[] parts(int[] coordinates, int dimension) {
			int[] parts = new int[this.sizes[dimension]];
			int[] part = coordinates.clone();
			for (int i = 0; i < parts.length; i++) {
				part[dimension] = i;
				parts[i] = cell(part);
			}
			return parts;
		}

		private String key(int[] coordinates) {
			StringBuilder key = new StringBuilder();
			for (int dimension = 0; dimension < this.sizes.length; dimension++) {
				if (dimension > 0) {
					key.append(',');
				}
				key.append((coordinates[dimension] == this.sizes[dimension]) ? "T"
						: Integer.toString(coordinates[dimension]));
			}
			return key.toString();
		}

	}

}

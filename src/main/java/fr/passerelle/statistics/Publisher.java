package fr.passerelle.statistics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the raw counts of a territory and year into what may be published. Counts
 * (persons supported, entries, attributions, eviction prevention, orientations) go
 * through {@link CellProtection}: one table set per indicator holding every period of the
 * year (months without breakdown, quarters and the year with each breakdown), every row
 * and its total, with the relations an attacker knows (a breakdown adds up to its total,
 * the rows to theirs, the months to their quarter and the quarters to their year — as "at
 * most the sum, at least each part" for the distinct counts of persons supported).
 * Durations and shares are published only when computed on at least the threshold. A
 * period that has not begun is left out of the relations (its counts are zero by
 * construction) and published as not yet observable.
 */
final class Publisher {

	private Publisher() {
	}

	static Publication publish(String territory, int year, int threshold, Instant computedAt, Counts counts) {
		LocalDate today = counts.computedOn();
		Period whole = new Period(Granularity.YEAR, LocalDate.of(year, 1, 1));
		Map<String, Cell> cells = new LinkedHashMap<>();
		for (Indicator indicator : Indicator.values()) {
			switch (indicator.kind()) {
				case STOCK, FLOW -> protect(indicator, whole, threshold, today, counts, cells);
				case DURATION, SHARE -> measures(indicator, whole, threshold, today, counts, cells);
				case SUPPLY -> {
				}
			}
		}
		List<Cell> places = counts.places()
			.stream()
			.map((place) -> Cell.published(Indicator.PLACES, place.period(), place.row(), Breakdown.NONE, Breakdown.ALL,
					place.capacity()))
			.toList();
		return new Publication(territory, year, threshold, computedAt, Map.copyOf(cells), places);
	}

	/** The periods of a year: its months, its quarters, itself. */
	static List<Period> periods(Period year) {
		List<Period> periods = new ArrayList<>(year.split(Granularity.MONTH));
		periods.addAll(year.split(Granularity.QUARTER));
		periods.add(year);
		return periods;
	}

	/** The breakdowns published for a period: none for a month. */
	static List<Breakdown> breakdowns(Indicator indicator, Period period) {
		return (period.granularity() == Granularity.MONTH) ? List.of(Breakdown.NONE) : indicator.breakdowns();
	}

	/**
	 * The breakdowns of a count's row in a period: a count is broken down on its total
	 * only (entries by origin, and entries by age band; not the cross table, which at a
	 * département's scale would be nearly all suppressed).
	 */
	static List<Breakdown> breakdowns(Indicator indicator, Period period, String row) {
		return (indicator.total() && row.equals(Breakdown.ALL)) ? breakdowns(indicator, period)
				: List.of(Breakdown.NONE);
	}

	private static void protect(Indicator indicator, Period year, int threshold, LocalDate today, Counts counts,
			Map<String, Cell> cells) {
		TableSet set = new TableSet();
		Map<String, Integer> index = new HashMap<>();
		List<Period> observed = new ArrayList<>();
		for (Period period : periods(year)) {
			if (period.start().isAfter(today)) {
				for (String row : indicator.publishedRows()) {
					for (Breakdown breakdown : breakdowns(indicator, period, row)) {
						for (String category : breakdown.categories()) {
							cells.put(Cell.key(indicator, period, row, breakdown, category), Cell.suppressed(indicator,
									period, row, breakdown, category, SuppressionReason.NOT_YET_OBSERVABLE));
						}
					}
				}
				continue;
			}
			observed.add(period);
			for (String row : indicator.publishedRows()) {
				for (Breakdown breakdown : breakdowns(indicator, period, row)) {
					for (String category : breakdown.categories()) {
						String key = Cell.key(indicator, period, row, breakdown, category);
						index.put(key, set.add(key, counts.count(indicator, period, row, breakdown, category)));
					}
				}
			}
		}
		boolean distinct = indicator.kind() == Indicator.Kind.STOCK;
		for (Period period : observed) {
			for (String row : indicator.publishedRows()) {
				int total = index.get(Cell.key(indicator, period, row, Breakdown.NONE, Breakdown.ALL));
				// a breakdown's categories add up to its total
				for (Breakdown breakdown : breakdowns(indicator, period, row)) {
					if (breakdown != Breakdown.NONE) {
						set.sum(total, parts(index, indicator, List.of(period), List.of(row), breakdown,
								breakdown.categories()));
					}
				}
			}
			// the rows add up to their total (at most, for a distinct count)
			if (indicator.total()) {
				int total = index.get(Cell.key(indicator, period, Breakdown.ALL, Breakdown.NONE, Breakdown.ALL));
				relate(set, distinct, total, parts(index, indicator, List.of(period), indicator.rows(), Breakdown.NONE,
						List.of(Breakdown.ALL)));
			}
		}
		// the months add up to their quarter, the quarters to their year (at most, for a
		// distinct count)
		for (Period period : observed) {
			if (period.granularity() == Granularity.MONTH) {
				continue;
			}
			Granularity finer = (period.granularity() == Granularity.YEAR) ? Granularity.QUARTER : Granularity.MONTH;
			List<Period> parts = period.split(finer).stream().filter(observed::contains).toList();
			for (String row : indicator.publishedRows()) {
				for (Breakdown breakdown : breakdowns(indicator, parts.get(0), row)) {
					for (String category : breakdown.categories()) {
						int total = index.get(Cell.key(indicator, period, row, breakdown, category));
						relate(set, distinct, total,
								parts(index, indicator, parts, List.of(row), breakdown, List.of(category)));
					}
				}
			}
		}
		CellProtection.Result result = CellProtection.protect(set, threshold, threshold);
		for (Period period : observed) {
			for (String row : indicator.publishedRows()) {
				for (Breakdown breakdown : breakdowns(indicator, period, row)) {
					for (String category : breakdown.categories()) {
						String key = Cell.key(indicator, period, row, breakdown, category);
						int cell = index.get(key);
						cells.put(key, switch (result.status(cell)) {
							case PUBLISHED ->
								Cell.published(indicator, period, row, breakdown, category, set.value(cell));
							case SMALL_CELL -> Cell.suppressed(indicator, period, row, breakdown, category,
									SuppressionReason.SMALL_CELL);
							case COMPLEMENTARY -> Cell.suppressed(indicator, period, row, breakdown, category,
									SuppressionReason.COMPLEMENTARY);
						});
					}
				}
			}
		}
	}

	private static void relate(TableSet set, boolean distinct, int total, int[] parts) {
		if (distinct) {
			set.cover(total, parts);
		}
		else {
			set.sum(total, parts);
		}
	}

	private static int[] parts(Map<String, Integer> index, Indicator indicator, List<Period> periods, List<String> rows,
			Breakdown breakdown, List<String> categories) {
		List<Integer> parts = new ArrayList<>();
		for (Period period : periods) {
			for (String row : rows) {
				for (String category : categories) {
					parts.add(index.get(Cell.key(indicator, period, row, breakdown, category)));
				}
			}
		}
		return parts.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * A duration's quartiles or a share, published when computed on at least the
	 * threshold of persons and only once observable: a duration when its period has
	 * begun, a share of tenancies still running after 6 or 12 months once that time has
	 * passed for all of them.
	 */
	private static void measures(Indicator indicator, Period year, int threshold, LocalDate today, Counts counts,
			Map<String, Cell> cells) {
		boolean share = indicator.kind() == Indicator.Kind.SHARE;
		for (Period period : periods(year)) {
			for (Breakdown breakdown : breakdowns(indicator, period)) {
				for (String category : breakdown.categories()) {
					for (String row : indicator.rows()) {
						LocalDate observable = share ? period.end().plusMonths(row.equals("AT_6_MONTHS") ? 6 : 12)
								: period.start();
						Counts.Row found = counts.get(indicator, period, row, breakdown, category);
						Cell cell;
						if (observable.isAfter(today)) {
							cell = Cell.suppressed(indicator, period, row, breakdown, category,
									SuppressionReason.NOT_YET_OBSERVABLE);
						}
						else if (found == null || found.n() < threshold
								|| (share ? found.numerator() == null : found.p50() == null)) {
							cell = Cell.suppressed(indicator, period, row, breakdown, category,
									SuppressionReason.FEW_PERSONS);
						}
						else if (share) {
							cell = Cell.published(indicator, period, row, breakdown, category,
									Math.round(10_000.0 * found.numerator() / found.n()) / 10_000.0);
						}
						else {
							cell = new Cell(indicator, period, row, breakdown, category, found.p50().doubleValue(),
									number(found.p25()), number(found.p75()), null);
						}
						cells.put(cell.key(), cell);
					}
				}
			}
		}
	}

	private static Double number(Integer value) {
		return (value != null) ? value.doubleValue() : null;
	}

}

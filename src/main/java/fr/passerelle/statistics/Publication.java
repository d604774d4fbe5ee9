package fr.passerelle.statistics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Everything published for one territory and year, at every granularity and breakdown:
 * the attacker's view, and the only source of what the API, the CSV export and the charts
 * show. Same counts, same threshold → same publication.
 */
public record Publication(String territory, int year, int threshold, Instant computedAt, Map<String, Cell> cells,
		List<Cell> places) {

	public @Nullable Cell cell(Indicator indicator, Period period, String row, Breakdown breakdown, String category) {
		return this.cells.get(Cell.key(indicator, period, row, breakdown, category));
	}

}

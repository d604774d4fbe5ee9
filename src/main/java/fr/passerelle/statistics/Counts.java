package fr.passerelle.statistics;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The raw counts of one territory and year as the database computed them (small cells
 * included): they stay in the hub, which publishes only what {@link Publisher} lets out.
 */
record Counts(Map<String, Row> rows, List<PlaceCapacity> places, LocalDate computedOn) {

	/** One raw count, with its numerator (shares) and quartiles (durations). */
	record Row(long n, @Nullable Long numerator, @Nullable Integer p25, @Nullable Integer p50, @Nullable Integer p75) {
	}

	/** The places of a provider of one kind available during a period. */
	record PlaceCapacity(Period period, String row, long capacity) {
	}

	static Counts of(List<Map.Entry<String, Row>> rows, List<PlaceCapacity> places, LocalDate computedOn) {
		Map<String, Row> byKey = new HashMap<>();
		rows.forEach((row) -> byKey.put(row.getKey(), row.getValue()));
		return new Counts(Map.copyOf(byKey), List.copyOf(places), computedOn);
	}

	static String key(String indicator, Period period, String row, String breakdown, String category) {
		return indicator + "|" + period.label() + "|" + row + "|" + breakdown + "|" + category;
	}

	@Nullable Row get(Indicator indicator, Period period, String row, Breakdown breakdown, String category) {
		return this.rows.get(key(indicator.name(), period, row, breakdown.name(), category));
	}

	long count(Indicator indicator, Period period, String row, Breakdown breakdown, String category) {
		Row found = get(indicator, period, row, breakdown, category);
		return (found != null) ? found.n() : 0;
	}

}

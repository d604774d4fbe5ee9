package fr.passerelle.statistics;

import org.jspecify.annotations.Nullable;

/**
 * One published cell: its value, or the reason it is suppressed (then no value at all: a
 * suppressed cell is not a zero). For a duration the value is the median and
 * {@code q1}/{@code q3} the quartiles; for a share a number between 0 and 1.
 */
public record Cell(Indicator indicator, Period period, String row, Breakdown breakdown, String category,
		@Nullable Double value, @Nullable Double q1, @Nullable Double q3, @Nullable SuppressionReason reason) {

	static Cell published(Indicator indicator, Period period, String row, Breakdown breakdown, String category,
			double value) {
		return new Cell(indicator, period, row, breakdown, category, value, null, null, null);
	}

	static Cell suppressed(Indicator indicator, Period period, String row, Breakdown breakdown, String category,
			SuppressionReason reason) {
		return new Cell(indicator, period, row, breakdown, category, null, null, null, reason);
	}

	public boolean suppressed() {
		return this.reason != null;
	}

	static String key(Indicator indicator, Period period, String row, Breakdown breakdown, String category) {
		return Counts.key(indicator.name(), period, row, breakdown.name(), category);
	}

	/** The key of this cell in a publication (and of its raw count). */
	String key() {
		return key(this.indicator, this.period, this.row, this.breakdown, this.category);
	}

}

package fr.passerelle.statistics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar period: a month ({@code 2026-05}), a quarter ({@code 2026-Q2}) or a year
 * ({@code 2026}). Nothing finer than a month ever leaves the statistics.
 */
public record Period(Granularity granularity, LocalDate start) {

	private static final Pattern LABEL = Pattern.compile("(\\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?");

	public String label() {
		return switch (this.granularity) {
			case YEAR -> Integer.toString(this.start.getYear());
			case QUARTER -> this.start.getYear() + "-Q" + ((this.start.getMonthValue() - 1) / 3 + 1);
			case MONTH -> "%d-%02d".formatted(this.start.getYear(), this.start.getMonthValue());
		};
	}

	public LocalDate end() {
		return switch (this.granularity) {
			case YEAR -> this.start.plusYears(1).minusDays(1);
			case QUARTER -> this.start.plusMonths(3).minusDays(1);
			case MONTH -> this.start.plusMonths(1).minusDays(1);
		};
	}

	public int year() {
		return this.start.getYear();
	}

	public boolean contains(Period other) {
		return !other.start.isBefore(this.start) && !other.end().isAfter(end());
	}

	/**
	 * The periods of this granularity inside this one (itself for its own granularity).
	 */
	public List<Period> split(Granularity finer) {
		List<Period> parts = new ArrayList<>();
		Period part = new Period(finer, this.start);
		while (contains(part)) {
			parts.add(part);
			part = new Period(finer, part.end().plusDays(1));
		}
		return parts;
	}

	/**
	 * The period a label names, or {@code null} if it names none (years 2000 to 2100).
	 */
	public static @org.jspecify.annotations.Nullable Period parse(String label) {
		Matcher matcher = LABEL.matcher(label.trim());
		if (!matcher.matches()) {
			return null;
		}
		int year = Integer.parseInt(matcher.group(1));
		if (year < 2000 || year > 2100) {
			return null;
		}
		if (matcher.group(2) != null) {
			return new Period(Granularity.QUARTER, LocalDate.of(year, 3 * Integer.parseInt(matcher.group(2)) - 2, 1));
		}
		if (matcher.group(3) != null) {
			return new Period(Granularity.MONTH, LocalDate.of(year, Integer.parseInt(matcher.group(3)), 1));
		}
		return new Period(Granularity.YEAR, LocalDate.of(year, 1, 1));
	}

}

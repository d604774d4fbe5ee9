package fr.passerelle.statistics;

import java.util.List;

/**
 * How the persons counted are broken down: not at all, by the composition of their
 * household as recorded now, or by their age band on the reference day (the event's day,
 * or for the persons supported the year's last day). Each person falls in exactly one
 * category, so a breakdown's categories add up to its total.
 */
public enum Breakdown {

	NONE(List.of("ALL")),

	COMPOSITION(List.of("SINGLE_ADULT", "COUPLE", "WITH_CHILDREN")),

	AGE_BAND(List.of("UNDER_25", "FROM_25_TO_39", "FROM_40_TO_59", "FROM_60", "UNKNOWN"));

	/** The category of the total, under every breakdown. */
	public static final String ALL = "ALL";

	private final List<String> categories;

	Breakdown(List<String> categories) {
		this.categories = categories;
	}

	/** The categories, without the total ({@code ALL} for {@link #NONE}). */
	public List<String> categories() {
		return this.categories;
	}

}

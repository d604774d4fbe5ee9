package fr.passerelle.statistics;

import java.util.List;

/**
 * The Logement d'abord indicators and their definitions: what is counted (numerator),
 * over what (denominator), and how a unit falls in a period. The hub serves these texts
 * ({@code indicatorDefinitions}); docs/indicators.md says the same at more length.
 */
public enum Indicator {

	PERSONS_SUPPORTED(Kind.STOCK, "Persons supported, by support-measure type", "persons", List.of("AVDL", "ASLL",
			"IML", "ACT", "UN_CHEZ_SOI_DABORD", "PENSION_DE_FAMILLE", "RESIDENCE_SOCIALE", "PEER_SUPPORT", "OTHER"),
			true,
			"Persons with a support measure of the row's type open on at least one day of the period "
					+ "(started on or before its last day, not ended before its first day).",
			"None (a count). The row ALL counts each person once, whatever the number of her measure types: "
					+ "it is at most the sum of the rows.",
			"Open during the period. A person counts in every period in which her measure is open: a year is "
					+ "not the sum of its quarters. Age band on the year's last day (today in the running year)."),

	HOUSING_ENTRIES(Kind.FLOW, "Entries into housing, by the residential situation the person came from", "tenancies",
			List.of("STREET", "EMERGENCY_SHELTER", "HOTEL", "CHRS", "FAMILY_OR_FRIENDS", "SQUAT_OR_MAKESHIFT",
					"PRISON_EXIT", "HOSPITAL_EXIT", "CHILD_WELFARE_EXIT", "HOUSED", "OTHER", "UNKNOWN"),
			true,
			"Tenancies whose start falls in the period; the row is the person's last residential situation "
					+ "started before the tenancy (UNKNOWN when none is recorded; HOUSED for a move between homes).",
			"None (a count). ALL is the sum of the rows.",
			"Dated by the tenancy's start: a quarter is the sum of its months, a year the sum of its quarters."),

	ATTRIBUTIONS(Kind.FLOW, "Attributions to households leaving shelter and to households without a home",
			"attributions", List.of("LEAVING_SHELTER", "WITHOUT_HOME", "OTHER"), true,
			"Attributions of a dwelling decided in the period, by the person's residential situation on the day "
					+ "of the decision: LEAVING_SHELTER (emergency shelter, hotel, CHRS), WITHOUT_HOME (street, "
					+ "squat or makeshift), OTHER (anything else, or none recorded). Each adult of the household "
					+ "holding the attribution counts.",
			"None (a count). ALL is the sum of the rows.", "Dated by the decision."),

	TIME_TO_HOUSING(Kind.DURATION, "Time to housing", "days", List.of("DAYS"), false,
			"Days from the person's first contact (her first involvement with a partner or her first recorded "
					+ "residential situation, the earlier) to the start of a tenancy started in the period: "
					+ "median (value), first and third quartiles.",
			"The tenancies started in the period whose person had a first contact on or before their start. "
					+ "Not published when fewer than the threshold.",
			"Dated by the tenancy's start."),

	HOUSING_RETENTION(Kind.SHARE, "Housing retention at 6 and 12 months", "share",
			List.of("AT_6_MONTHS", "AT_12_MONTHS"), false,
			"Of the tenancies started in the period, those still running 6 (12) months after their start "
					+ "(not ended, or ended on or after that day).",
			"The tenancies started in the period. Not published when fewer than the threshold, nor before "
					+ "every tenancy of the period has reached 6 (12) months (NOT_YET_OBSERVABLE).",
			"Dated by the tenancy's start; the value is a share between 0 and 1."),

	EVICTION_PREVENTION(Kind.FLOW, "Eviction prevention: arrears, steps, outcomes", "arrears or steps",
			List.of("ARREARS_OPENED", "CCAPEX_REFERRAL", "FSL_REQUEST", "FSL_DECISION", "PAYMENT_PLAN",
					"COMMANDEMENT_DE_PAYER", "ASSIGNATION", "HEARING", "JUDGMENT", "COMMANDEMENT_DE_QUITTER",
					"CONCOURS_FORCE_PUBLIQUE", "EVICTION", "CLOSED_TENANCY_KEPT", "CLOSED_EVICTION",
					"CLOSED_TENANCY_ENDED"),
			false,
			"ARREARS_OPENED: rent arrears whose start falls in the period. One row per prevention step (CCAPEX "
					+ "referral, FSL request and decision, payment plan, court stages, eviction): the steps taken "
					+ "in the period. CLOSED_*: arrears closed in the period with the tenancy kept, with an "
					+ "eviction executed (an EVICTION step), or with the tenancy ended otherwise.",
			"None (counts). The rows count different things: there is no total.",
			"Dated by the arrears' start, the step's day, the closing day."),

	SIAO_ORIENTATIONS(Kind.FLOW, "SIAO orientations", "orientation requests",
			List.of("REQUESTED", "PROPOSED", "ACCEPTED", "REFUSED"), false,
			"REQUESTED: orientation requests made in the period. PROPOSED: requests whose first proposal was made "
					+ "in the period. ACCEPTED, REFUSED: requests decided so in the period.",
			"None (counts). The rows count different events: there is no total.",
			"Dated by the request, the first proposal, the decision."),

	SIAO_DAYS_TO_PROPOSAL(Kind.DURATION, "SIAO: days from request to proposal", "days", List.of("DAYS"), false,
			"Days from an orientation request to its first proposal, for the requests whose first proposal was "
					+ "made in the period: median (value), first and third quartiles.",
			"Those requests. Not published when fewer than the threshold.", "Dated by the first proposal."),

	PLACES(Kind.SUPPLY, "Supply: IML and pension-de-famille places, by provider", "places", List.of(), false,
			"Capacity of the places of the register (intermediation locative, pensions de famille) available on "
					+ "at least one day of the period, by kind and provider; the row is KIND · provider's name "
					+ "(providers whose involvement is itself sensitive are grouped as KIND · OTHER_PROVIDERS).",
			"None (a sum of capacities). Public information, not personal data: never suppressed.",
			"Available during the period. No breakdown.");

	/** How an indicator's units relate to its periods, rows and breakdowns. */
	public enum Kind {

		/** A distinct count over the period (persons supported). */
		STOCK,
		/** A count of dated events: additive over periods. */
		FLOW,
		/** Quartiles of days. */
		DURATION,
		/** A share of units meeting a condition. */
		SHARE,
		/** The places register's capacities, public. */
		SUPPLY

	}

	private final Kind kind;

	private final String title;

	private final String unit;

	private final List<String> rows;

	private final boolean total;

	private final String numerator;

	private final String denominator;

	private final String periodRule;

	Indicator(Kind kind, String title, String unit, List<String> rows, boolean total, String numerator,
			String denominator, String periodRule) {
		this.kind = kind;
		this.title = title;
		this.unit = unit;
		this.rows = rows;
		this.total = total;
		this.numerator = numerator;
		this.denominator = denominator;
		this.periodRule = periodRule;
	}

	public Kind kind() {
		return this.kind;
	}

	public String title() {
		return this.title;
	}

	public String unit() {
		return this.unit;
	}

	/** The rows (without the total {@code ALL}); none fixed for the places. */
	public List<String> rows() {
		return this.rows;
	}

	/** Whether the row {@code ALL} is published. */
	public boolean total() {
		return this.total;
	}

	/** The rows published: the indicator's rows, then {@code ALL} where it has one. */
	public List<String> publishedRows() {
		if (!this.total) {
			return this.rows;
		}
		List<String> published = new java.util.ArrayList<>(this.rows);
		published.add(Breakdown.ALL);
		return List.copyOf(published);
	}

	public String numerator() {
		return this.numerator;
	}

	public String denominator() {
		return this.denominator;
	}

	public String periodRule() {
		return this.periodRule;
	}

	/** Whether its counts are protected by suppression. */
	boolean counts() {
		return this.kind == Kind.STOCK || this.kind == Kind.FLOW;
	}

	/** The breakdowns it is given by. */
	public List<Breakdown> breakdowns() {
		// counts without a total (procedural steps, orientation stages) are not broken
		// down
		return (this.kind == Kind.SUPPLY || (counts() && !this.total)) ? List.of(Breakdown.NONE)
				: List.of(Breakdown.values());
	}

}

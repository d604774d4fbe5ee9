package fr.passerelle.statistics;

/** The periods an indicator is given for: months, quarters, years. */
public enum Granularity {

	MONTH, QUARTER, YEAR

}

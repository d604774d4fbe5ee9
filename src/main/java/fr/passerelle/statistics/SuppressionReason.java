package fr.passerelle.statistics;

/** Why a cell is published without its value. */
public enum SuppressionReason {

	/** A count below the threshold. */
	SMALL_CELL,

	/**
	 * Suppressed so that a small cell cannot be recovered from the published ones
	 * (complementary suppression).
	 */
	COMPLEMENTARY,

	/** A median or a share computed on fewer persons than the threshold. */
	FEW_PERSONS,

	/**
	 * The period has not begun, or (retention) its tenancies have not all reached 6 or 12
	 * months yet.
	 */
	NOT_YET_OBSERVABLE

}

package fr.passerelle.access;

/** What the policy matrix lets a role see of a category for a purpose, at most. */
public enum Effect {

	/** Never. */
	DENY,
	/** Only under an active consent provision that permits it. */
	CONSENT_REQUIRED,
	/**
	 * Without consent, under a legal mission (limited to what the mission strictly
	 * needs). Never enough for a sensitive category.
	 */
	MISSION

}

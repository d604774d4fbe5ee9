package fr.passerelle.access;

/**
 * Why a category is disclosed or redacted. Shown to the viewer: a reason never reveals
 * another partner's involvement or consents.
 */
public enum Reason {

	/** Permitted without consent under the role's legal mission. */
	MISSION(true),
	/** Permitted by a consent provision for this recipient and purpose. */
	CONSENT(true),
	/** The policy matrix never lets this role see this category for this purpose. */
	POLICY(false),
	/** No consent provision permits it: ask the person. */
	NO_CONSENT(false),
	/** The person refused it to this recipient. */
	CONSENT_REFUSED(false),
	/**
	 * A sensitive category needs a consent that names the viewer's organization itself.
	 */
	SENSITIVE_NEEDS_NAMED_CONSENT(false);

	private final boolean permits;

	Reason(boolean permits) {
		this.permits = permits;
	}

	public boolean permits() {
		return this.permits;
	}

}

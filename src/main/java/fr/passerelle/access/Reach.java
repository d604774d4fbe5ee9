package fr.passerelle.access;

/** Why a person exists at all for a viewer. */
public enum Reach {

	/** An active involvement of the viewer's organization. */
	INVOLVEMENT,
	/** An involvement that ended within the hand-over grace period: read-only. */
	GRACE_PERIOD,
	/**
	 * The viewer's own open emergency access, used with the EMERGENCY purpose: read-only.
	 */
	EMERGENCY;

	/**
	 * Whether the viewer's organization may write the person's file (not only read it).
	 */
	public boolean writable() {
		return this == INVOLVEMENT;
	}

}

package fr.passerelle.access;

/** Stable {@code extensions.code} values of the hub's GraphQL errors. */
public enum ErrorCode {

	/** Absent, or not reachable by the viewer: the two are indistinguishable. */
	NOT_FOUND,
	/** The viewer's role may not perform this operation. */
	FORBIDDEN,
	/** The {@code Passerelle-Purpose} header names no purpose. */
	INVALID_PURPOSE,
	/** The viewer's role may not act for this purpose. */
	PURPOSE_NOT_ALLOWED,
	/** The input breaks a rule; {@code extensions.field} names the offending field. */
	INVALID_INPUT,
	/**
	 * The operation conflicts with the current state (already revoked, already
	 * involved...).
	 */
	CONFLICT,
	/**
	 * An update was made from an old version of the element: someone changed it since;
	 * read it again.
	 */
	STALE_VERSION,
	/** An idempotency key was used before for a different request. */
	IDEMPOTENCY_KEY_REUSED,
	/**
	 * Read-only access (hand-over grace period, emergency access): writing is refused.
	 */
	READ_ONLY,
	/**
	 * The access event of the request could not be written: the hub discloses nothing
	 * without it.
	 */
	AUDIT_UNAVAILABLE,
	/** Something failed on the hub's side; nothing was disclosed or written. */
	INTERNAL

}

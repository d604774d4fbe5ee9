package fr.passerelle.access;

/** Stable {@code extensions.code} values of the hub's GraphQL errors. */
public enum ErrorCode {

	/** Absent, or not reachable by the viewer: the two are indistinguishable. */
	NOT_FOUND,
	/** The viewer's role may not perform this operation. */
	FORBIDDEN,
	/**
	 * Not a failure: a field whose category the viewer may not see, reported as an error
	 * at its path (with {@code category} and {@code reason}) only to the federation
	 * gateway, which relocates it to the client's document and gives it back as
	 * {@code extensions.redactions}.
	 */
	REDACTED,
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
	/**
	 * The database (or another service the hub needs) does not answer now; nothing was
	 * disclosed or written: try again later.
	 */
	UNAVAILABLE,
	/**
	 * The document does not parse (syntax, or more tokens than the parser reads: 15,000).
	 */
	GRAPHQL_PARSE_FAILED,
	/**
	 * The document does not validate against the schema, or a variable does not fit its
	 * type.
	 */
	GRAPHQL_VALIDATION_FAILED,
	/** The request body is larger than the hub accepts (HTTP 413). */
	REQUEST_TOO_LARGE,
	/**
	 * Too many requests from this client: wait as {@code Retry-After} says (HTTP 429).
	 */
	RATE_LIMITED,
	/**
	 * The query would cost more than the viewer's limit (page sizes times selections).
	 */
	QUERY_TOO_COSTLY,
	/** The query selects deeper than the hub allows. */
	QUERY_TOO_DEEP,
	/** The query has more aliased fields than the hub allows. */
	TOO_MANY_ALIASES,
	/**
	 * The answer would hold more values than the hub sends at once: ask smaller pages.
	 */
	RESPONSE_TOO_LARGE,
	/** Introspection and the federation SDL are served only to the clients configured. */
	INTROSPECTION_DISABLED,
	/** This client may only run the trusted documents its front-end ships. */
	DOCUMENT_NOT_TRUSTED,
	/** The persisted document named by its hash is unknown to the hub. */
	PERSISTED_QUERY_NOT_FOUND,
	/** Something failed on the hub's side; nothing was disclosed or written. */
	INTERNAL

}

package fr.passerelle.access;

import org.jspecify.annotations.Nullable;

/**
 * An expected refusal or invalid input, reported as a GraphQL error with a stable code.
 */
public class AccessException extends RuntimeException {

	private final ErrorCode code;

	private final @Nullable String field;

	public AccessException(ErrorCode code, String message) {
		this(code, message, null);
	}

	public AccessException(ErrorCode code, String message, @Nullable String field) {
		super(message);
		this.code = code;
		this.field = field;
	}

	public static AccessException notFound() {
		return new AccessException(ErrorCode.NOT_FOUND, "Not found");
	}

	public static AccessException invalid(String field, String message) {
		return new AccessException(ErrorCode.INVALID_INPUT, message, field);
	}

	public ErrorCode code() {
		return this.code;
	}

	public @Nullable String field() {
		return this.field;
	}

}

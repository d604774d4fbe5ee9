package fr.passerelle.platform.graphql;

import java.util.LinkedHashMap;
import java.util.Map;

import graphql.execution.AbortExecutionException;
import org.jspecify.annotations.Nullable;

import fr.passerelle.access.ErrorCode;

/**
 * A request refused before it is executed (too costly, too deep, bad input...): a GraphQL
 * error with a stable {@code extensions.code}, no data, nothing read or changed.
 */
final class Refused extends AbortExecutionException {

	private final ErrorCode code;

	private final Map<String, Object> extensions = new LinkedHashMap<>();

	Refused(ErrorCode code, String message) {
		this(code, message, null);
	}

	Refused(ErrorCode code, String message, @Nullable String field) {
		super(message);
		this.code = code;
		this.extensions.put("code", code.name());
		if (field != null) {
			this.extensions.put("field", field);
		}
	}

	ErrorCode code() {
		return this.code;
	}

	@Override
	public Map<String, Object> getExtensions() {
		return this.extensions;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		// an expected refusal: no stack trace to build or to log
		return this;
	}

}

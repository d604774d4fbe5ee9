package fr.passerelle.platform.graphql;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;

/**
 * Every error a resolver raises becomes a GraphQL error with a stable
 * {@code extensions.code} (and {@code extensions.field} for invalid input). The database
 * not answering is {@code UNAVAILABLE}; anything else unexpected is {@code INTERNAL}.
 * Both are answered with an incident id only, and logged with it by exception class and
 * SQLState: no message, so no SQL and no value, in the answer or in the log.
 */
@Component
class ErrorCodes extends DataFetcherExceptionResolverAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ErrorCodes.class);

	ErrorCodes() {
		setThreadLocalContextAware(true);
	}

	@Override
	protected @Nullable GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment environment) {
		if (ex instanceof AccessException access) {
			Map<String, Object> extensions = new LinkedHashMap<>();
			extensions.put("code", access.code().name());
			if (access.field() != null) {
				extensions.put("field", access.field());
			}
			return GraphqlErrorBuilder.newError(environment)
				.errorType(errorType(access.code()))
				.message(access.getMessage())
				.extensions(extensions)
				.build();
		}
		if (ex instanceof AccessDeniedException) {
			return GraphqlErrorBuilder.newError(environment)
				.errorType(ErrorType.FORBIDDEN)
				.message("Your role may not do this")
				.extensions(Map.of("code", ErrorCode.FORBIDDEN.name()))
				.build();
		}
		String incident = UUID.randomUUID().toString();
		String state = sqlState(ex);
		if (unavailable(ex, state)) {
			// the database does not answer (restart, network, pool exhausted, timeout):
			// one line, no stack trace, no SQL, no value
			logger.warn("Database unavailable at {} (incident {}, SQLState {}, {})",
					environment.getExecutionStepInfo().getPath(), incident, state, causes(ex));
			return GraphqlErrorBuilder.newError(environment)
				.errorType(ErrorType.INTERNAL_ERROR)
				.message("The service is unavailable (incident " + incident
						+ "): nothing was disclosed or changed; try again later")
				.extensions(Map.of("code", ErrorCode.UNAVAILABLE.name(), "incident", incident))
				.build();
		}
		// the exceptions' messages may quote SQL or values: logged by class and SQLState
		// only
		logger.error("Unexpected error {} at {} (SQLState {}, {})", incident,
				environment.getExecutionStepInfo().getPath(), state, causes(ex), new Untold(ex));
		return GraphqlErrorBuilder.newError(environment)
			.errorType(ErrorType.INTERNAL_ERROR)
			.message("Internal error " + incident + ": nothing was disclosed or changed")
			.extensions(Map.of("code", ErrorCode.INTERNAL.name(), "incident", incident))
			.build();
	}

	/**
	 * Whether the failure is the database not answering now rather than a fault of the
	 * request or of the hub: connection failures and shutdowns (SQLState class 08, 57P),
	 * statement or lock timeouts (57014, 55P03), resources exhausted (53), serialization
	 * and deadlock (40001, 40P01), no connection from the pool in time, a connection lost
	 * (a transaction that cannot begin, commit or roll back).
	 */
	static boolean unavailable(Throwable ex, @Nullable String state) {
		if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("57014")
				|| state.equals("55P03") || state.startsWith("53") || state.equals("40001") || state.equals("40P01"))) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
					|| cause instanceof SQLNonTransientConnectionException
					|| cause instanceof CannotGetJdbcConnectionException || cause instanceof TransactionSystemException
					|| cause instanceof CannotCreateTransactionException || cause instanceof ConnectException) {
				return true;
			}
		}
		return false;
	}

	static @Nullable String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return null;
	}

	/** The classes of the exception and its causes, outermost first. */
	static String causes(Throwable ex) {
		StringBuilder classes = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			classes.append((classes.length() > 0) ? " < " : "").append(cause.getClass().getName());
		}
		return classes.toString();
	}

	/**
	 * An exception's stack trace without its messages (which may quote SQL or values),
	 * for the log.
	 */
	static final class Untold extends RuntimeException {

		Untold(Throwable ex) {
			super(ex.getClass().getName(), (ex.getCause() != null) ? new Untold(ex.getCause()) : null, false, true);
			setStackTrace(ex.getStackTrace());
		}

	}

	private static ErrorType errorType(ErrorCode code) {
		return switch (code) {
			case NOT_FOUND -> ErrorType.NOT_FOUND;
			case FORBIDDEN, PURPOSE_NOT_ALLOWED, READ_ONLY, INTROSPECTION_DISABLED, DOCUMENT_NOT_TRUSTED ->
				ErrorType.FORBIDDEN;
			case INTERNAL, UNAVAILABLE, AUDIT_UNAVAILABLE -> ErrorType.INTERNAL_ERROR;
			default -> ErrorType.BAD_REQUEST;
		};
	}

}

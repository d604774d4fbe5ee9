package fr.passerelle.platform.graphql;

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
import org.springframework.graphql.execution.ErrorType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;

/**
 * Every error a resolver raises becomes a GraphQL error with a stable
 * {@code extensions.code} (and {@code extensions.field} for invalid input). Anything
 * unexpected is logged with an id and answered as {@code INTERNAL} with that id only: no
 * stack trace, no SQL.
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
		logger.error("Unexpected error {} at {}", incident, environment.getExecutionStepInfo().getPath(), ex);
		return GraphqlErrorBuilder.newError(environment)
			.errorType(ErrorType.INTERNAL_ERROR)
			.message("Internal error " + incident + ": nothing was disclosed or changed")
			.extensions(Map.of("code", ErrorCode.INTERNAL.name(), "incident", incident))
			.build();
	}

	private static ErrorType errorType(ErrorCode code) {
		return switch (code) {
			case NOT_FOUND -> ErrorType.NOT_FOUND;
			case FORBIDDEN, PURPOSE_NOT_ALLOWED, READ_ONLY -> ErrorType.FORBIDDEN;
			case INTERNAL -> ErrorType.INTERNAL_ERROR;
			default -> ErrorType.BAD_REQUEST;
		};
	}

}

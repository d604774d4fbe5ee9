package fr.passerelle.platform.graphql;

import java.util.List;

import graphql.GraphQLError;

import org.springframework.graphql.data.federation.RepresentationNotResolvedException;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * A person or household that federation's {@code _entities} does not resolve (absent, or
 * not reached by the viewer) is null without an error, exactly as {@code person(id:)}
 * answers: through the gateway, a hidden entity cannot be told from a wrong id. (The
 * entity fetchers' exceptions go to the annotated handlers, not to {@link ErrorCodes}.)
 */
@ControllerAdvice
class UnresolvedEntities {

	@GraphQlExceptionHandler
	List<GraphQLError> unresolved(RepresentationNotResolvedException ex) {
		return List.of();
	}

}

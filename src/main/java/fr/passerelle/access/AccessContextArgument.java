package fr.passerelle.access;

import graphql.schema.DataFetchingEnvironment;

import org.springframework.core.MethodParameter;
import org.springframework.graphql.data.method.HandlerMethodArgumentResolver;
import org.springframework.stereotype.Component;

/**
 * Gives a resolver the request's access context as an argument ({@code AccessContext
 * context}): opened once per request, failing the same way for every field if it cannot
 * be ({@link AccessContexts#of(DataFetchingEnvironment)}).
 */
@Component
class AccessContextArgument implements HandlerMethodArgumentResolver {

	private final AccessContexts contexts;

	AccessContextArgument(AccessContexts contexts) {
		this.contexts = contexts;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == AccessContext.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, DataFetchingEnvironment environment) {
		return this.contexts.of(environment);
	}

}

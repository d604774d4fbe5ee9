package fr.passerelle.platform.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.Redaction;
import fr.passerelle.access.Redactions;

/**
 * Carries the declared purpose ({@code Passerelle-Purpose} header) into the request, and
 * the redactions made while resolving out of it, as {@code extensions.redactions}:
 * {@code [{path, category, reason}]}.
 */
@Component
class AccessInterceptor implements WebGraphQlInterceptor {

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		List<String> purpose = request.getHeaders().get(AccessContexts.PURPOSE_HEADER);
		request.configureExecutionInput((input, builder) -> builder.graphQLContext((context) -> {
			if (purpose != null) {
				context.put(AccessContexts.DECLARED_PURPOSE, List.copyOf(purpose));
			}
		}).build());
		return chain.next(request).map((response) -> {
			List<Redaction> redactions = Redactions.of(response.getExecutionInput().getGraphQLContext()).list();
			if (redactions.isEmpty()) {
				return response;
			}
			List<Map<String, Object>> listed = redactions.stream()
				.map((redaction) -> Map.<String, Object>of("path", redaction.path(), "category",
						redaction.category().name(), "reason", redaction.reason().name()))
				.toList();
			return response.transform((builder) -> {
				Map<Object, Object> extensions = new LinkedHashMap<>(response.getExtensions());
				extensions.put("redactions", listed);
				builder.extensions(extensions);
			});
		});
	}

}

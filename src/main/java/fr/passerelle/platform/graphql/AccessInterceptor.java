package fr.passerelle.platform.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Redaction;
import fr.passerelle.access.Redactions;

/**
 * Carries the declared purpose ({@code Passerelle-Purpose} header) into the request, and
 * the redactions made while resolving out of it, as {@code extensions.redactions}:
 * {@code [{path, category, reason}]} — or, for a federation gateway that asks so, as
 * errors at their paths.
 */
@Component
class AccessInterceptor implements WebGraphQlInterceptor {

	/**
	 * {@code Passerelle-Redactions: errors}: the redactions as errors at their paths
	 * (code {@code REDACTED}), for a federation gateway; otherwise in {@code extensions}.
	 */
	static final String REDACTIONS_HEADER = "Passerelle-Redactions";

	private static final String ERRORS = "errors";

	private final MeterRegistry meters;

	AccessInterceptor(MeterRegistry meters) {
		this.meters = meters;
	}

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
			redactions.forEach(
					(redaction) -> this.meters
						.counter("passerelle.redactions", "category", redaction.category().name(), "reason",
								redaction.reason().name())
						.increment());
			if (ERRORS.equalsIgnoreCase(request.getHeaders().getFirst(REDACTIONS_HEADER))) {
				// for the federation gateway, which relocates errors from _entities to
				// the
				// client's paths (docs/federation.md)
				List<GraphQLError> errors = new ArrayList<>(response.getExecutionResult().getErrors());
				redactions.forEach((redaction) -> errors.add(GraphqlErrorBuilder.newError()
					.message("Hidden: " + redaction.category() + " (" + redaction.reason() + ")")
					.path(redaction.path())
					.extensions(Map.of("code", ErrorCode.REDACTED.name(), "category", redaction.category().name(),
							"reason", redaction.reason().name()))
					.build()));
				return response.transform((builder) -> builder.errors(errors));
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

package fr.passerelle.platform.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.ResultNodesInfo;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;
import fr.passerelle.audit.CanonicalJson;
import fr.passerelle.platform.EdgeProperties;

/**
 * The edge of every GraphQL request, inside the access log's interceptor: tells the
 * limits who asks (client and roles, for {@link QueryLimits}), restricts the clients so
 * configured to trusted documents (and resolves documents sent by hash), caps the
 * answer's size ({@code RESPONSE_TOO_LARGE}: nothing of it is sent).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class EdgeInterceptor implements WebGraphQlInterceptor {

	private final EdgeProperties properties;

	private final TrustedDocuments trusted;

	private final MeterRegistry meters;

	EdgeInterceptor(EdgeProperties properties, TrustedDocuments trusted, MeterRegistry meters) {
		this.properties = properties;
		this.trusted = trusted;
		this.meters = meters;
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String client = (authentication != null && authentication.getCredentials() instanceof Jwt jwt
				&& jwt.getClaimAsString("azp") != null) ? jwt.getClaimAsString("azp") : "";
		Set<Role> roles = (authentication != null && authentication.getPrincipal() instanceof Viewer viewer)
				? viewer.roles() : Set.of();
		String document;
		try {
			document = document(request, client);
		}
		catch (Refused refused) {
			return Mono.just(counted(refusal(request, refused)));
		}
		request.configureExecutionInput((input, builder) -> {
			builder.graphQLContext((context) -> context.put(QueryLimits.CLIENT, client)
				.put(QueryLimits.ROLES, roles)
				.put(ResultNodesInfo.MAX_RESULT_NODES, this.properties.maxResultNodes()));
			return (document != null) ? builder.query(document).build() : builder.build();
		});
		return chain.next(request).map((response) -> {
			ResultNodesInfo nodes = response.getExecutionInput()
				.getGraphQLContext()
				.get(ResultNodesInfo.RESULT_NODES_INFO);
			if (nodes == null || !nodes.isMaxResultNodesExceeded()) {
				return counted(coded(response));
			}
			Refused tooLarge = new Refused(ErrorCode.RESPONSE_TOO_LARGE, "The answer would hold more than "
					+ this.properties.maxResultNodes() + " values: ask smaller pages or fewer fields");
			return counted(
					response.transform((builder) -> builder.data(null).extensions(Map.of()).errors(List.of(tooLarge))));
		});
	}

	/**
	 * Counts the answer's errors by code ({@code passerelle.graphql.errors}): refusals,
	 * invalid input, unavailability, seen in {@code /actuator/metrics}.
	 */
	private WebGraphQlResponse counted(WebGraphQlResponse response) {
		for (GraphQLError error : response.getExecutionResult().getErrors()) {
			this.meters.counter("passerelle.graphql.errors", "code", String.valueOf(code(error))).increment();
		}
		return response;
	}

	/**
	 * Every error with a stable code: the engine's own (a document that does not parse or
	 * validate) get theirs from their classification.
	 */
	private static WebGraphQlResponse coded(WebGraphQlResponse response) {
		List<GraphQLError> errors = response.getExecutionResult().getErrors();
		if (errors.stream().allMatch((error) -> code(error) != null)) {
			return response;
		}
		List<GraphQLError> coded = errors.stream().map((error) -> {
			if (code(error) != null) {
				return error;
			}
			ErrorCode code = (error.getErrorType() == graphql.ErrorType.InvalidSyntax) ? ErrorCode.GRAPHQL_PARSE_FAILED
					: (error.getErrorType() == graphql.ErrorType.ValidationError) ? ErrorCode.GRAPHQL_VALIDATION_FAILED
							: ErrorCode.INTERNAL;
			Map<String, Object> extensions = new LinkedHashMap<>(
					(error.getExtensions() != null) ? error.getExtensions() : Map.of());
			extensions.put("code", code.name());
			return GraphqlErrorBuilder.newError()
				.message(error.getMessage())
				.locations(error.getLocations())
				.path(error.getPath())
				.errorType(error.getErrorType())
				.extensions(extensions)
				.build();
		}).toList();
		return response.transform((builder) -> builder.errors(coded));
	}

	private static @Nullable Object code(GraphQLError error) {
		return (error.getExtensions() != null) ? error.getExtensions().get("code") : null;
	}

	/**
	 * The document to run instead of the one sent, if any: a trusted document named by
	 * its hash. A restricted client runs only trusted documents.
	 */
	private @Nullable String document(WebGraphQlRequest request, String client) {
		String sent = request.getDocument();
		boolean byHash = PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(sent);
		if (byHash) {
			String hash = (request.getExtensions().get("persistedQuery") instanceof Map<?, ?> persisted
					&& persisted.get("sha256Hash") instanceof String given) ? given : "";
			String document = this.trusted.byHash(hash);
			if (document == null) {
				throw new Refused(ErrorCode.PERSISTED_QUERY_NOT_FOUND,
						"No trusted document has this hash: send the document's SHA-256 from your manifest");
			}
			return document;
		}
		if (this.trusted.restricts(client) && this.trusted.byHash(CanonicalJson.sha256(sent)) == null) {
			throw new Refused(ErrorCode.DOCUMENT_NOT_TRUSTED,
					"This client may only run the trusted documents its front-end ships");
		}
		return null;
	}

	private static WebGraphQlResponse refusal(WebGraphQlRequest request, GraphQLError error) {
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(),
				ExecutionResult.newExecutionResult().addError(error).build()));
	}

}

package fr.passerelle.platform.web;

import java.util.Map;
import java.util.UUID;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.graphql.support.DefaultGraphQlRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import fr.passerelle.access.ErrorCode;

/**
 * GraphQL over HTTP GET, as the GraphQL-over-HTTP specification suggests: a query (never
 * a mutation: 405) with its {@code variables} and {@code extensions} as JSON in the query
 * string, answered like a POST, through the same interceptors (limits, access, audit).
 * Spring for GraphQL serves POST only; this route comes before its own.
 *
 * <p>
 * A URL ends up in proxies' and gateways' logs: front-ends send anything naming a person
 * by POST (docs/operations.md).
 */
@Configuration(proxyBeanMethods = false)
class GraphQlOverGet {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Bean
	@Order(-1)
	RouterFunction<ServerResponse> graphQlGet(WebGraphQlHandler handler,
			@org.springframework.beans.factory.annotation.Value("${spring.graphql.http.path:/graphql}") String path) {
		Handler get = new Handler(handler);
		return RouterFunctions.route(RequestPredicates.GET(path).and((request) -> request.param("query").isPresent()),
				get::handle);
	}

	static final class Handler extends GraphQlHttpHandler {

		private final WebGraphQlHandler handler;

		Handler(WebGraphQlHandler handler) {
			super(handler);
			this.handler = handler;
		}

		ServerResponse handle(ServerRequest request) {
			String query = request.param("query").orElse("");
			Map<String, Object> variables;
			Map<String, Object> extensions;
			try {
				variables = object(request.param("variables").orElse(null));
				extensions = object(request.param("extensions").orElse(null));
			}
			catch (JacksonException | ClassCastException ex) {
				return refuse(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_INPUT,
						"variables and extensions are JSON objects");
			}
			String operationName = request.param("operationName").filter((name) -> !name.isBlank()).orElse(null);
			if (!isQuery(query, operationName)) {
				return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
					.header(HttpHeaders.ALLOW, "POST")
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("errors",
							java.util.List
								.of(Map.of("message", "Only queries may be sent by GET: send mutations by POST",
										"extensions", Map.of("code", ErrorCode.INVALID_INPUT.name())))));
			}
			WebGraphQlRequest graphQl = new WebGraphQlRequest(request.uri(), request.headers().asHttpHeaders(),
					new LinkedMultiValueMap<>(), request.remoteAddress().orElse(null), request.attributes(),
					new DefaultGraphQlRequest(query, operationName, variables, extensions),
					UUID.randomUUID().toString(), LocaleContextHolder.getLocale());
			return prepareResponse(request, this.handler.handleRequest(graphQl));
		}

		/**
		 * Whether the operation to run is a query; a document that does not parse is left
		 * to the engine, which answers it as it answers a POST.
		 */
		private static boolean isQuery(String query, @Nullable String operationName) {
			Document document;
			try {
				document = Parser.parse(query);
			}
			catch (InvalidSyntaxException ex) {
				return true;
			}
			return document.getDefinitionsOfType(OperationDefinition.class)
				.stream()
				.filter((operation) -> operationName == null || operationName.equals(operation.getName()))
				.allMatch((operation) -> operation.getOperation() == OperationDefinition.Operation.QUERY);
		}

		@SuppressWarnings("unchecked")
		private static Map<String, Object> object(@Nullable String text) {
			return (text == null || text.isBlank()) ? Map.of() : (Map<String, Object>) json.readValue(text, Map.class);
		}

		private static ServerResponse refuse(HttpStatus status, ErrorCode code, String message) {
			return ServerResponse.status(status)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("errors",
						java.util.List.of(Map.of("message", message, "extensions", Map.of("code", code.name())))));
		}

	}

}

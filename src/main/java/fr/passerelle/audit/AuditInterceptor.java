package fr.passerelle.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.AccessLedger;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Purpose;
import fr.passerelle.access.ReadSession;
import fr.passerelle.access.Viewer;
import fr.passerelle.access.ViewerTransactions;

/**
 * Writes the request's access event before its response leaves: after execution, if the
 * request disclosed or refused anything of a person (refusing it as a whole for its
 * declared purpose included), the event is appended to the chain. If it cannot be, the
 * response is replaced by an error that says so, with no data and no extensions: nothing
 * is disclosed without its trace. Outermost of the interceptors, so it sees the response
 * last.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditInterceptor implements WebGraphQlInterceptor {

	/** A client may name its request; the event keeps it for the review. */
	static final String REQUEST_ID_HEADER = "X-Request-Id";

	private static final Logger logger = LoggerFactory.getLogger(AuditInterceptor.class);

	private static final Pattern NAMED = Pattern.compile("(?m)^\\s*(?:query|mutation|subscription)\\s+(\\w+)");

	private static final Pattern FIRST_FIELD = Pattern.compile("\\{\\s*(?:\\w+\\s*:\\s*)?(\\w+)");

	private final AccessLog log;

	private final ViewerTransactions transactions;

	private final MeterRegistry meters;

	AuditInterceptor(AccessLog log, ViewerTransactions transactions, MeterRegistry meters) {
		this.meters = meters;
		this.log = log;
		this.transactions = transactions;
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		String requestId = AccessLog.requestId(request.getHeaders().getFirst(REQUEST_ID_HEADER));
		// a query's reads and its access event share one transaction, committed here
		// before the response leaves
		ReadSession session = this.transactions.session();
		request.configureExecutionInput((input, builder) -> builder
			.graphQLContext(Map.of(AccessContexts.SESSION, session, AccessLog.REQUEST_ID, requestId))
			.build());
		return chain.next(request).map((response) -> {
			GraphQLContext graphQl = response.getExecutionInput().getGraphQLContext();
			AccessContext context = AccessContexts.opened(graphQl);
			AccessContexts.Refusal refusal = AccessContexts.refusal(graphQl);
			AccessLedger ledger = (context != null) ? context.ledger() : (refusal != null) ? refusal.ledger() : null;
			try {
				if (ledger == null || ledger.isEmpty()) {
					session.finish(null);
					return response;
				}
				Viewer viewer = (context != null) ? context.viewer() : refusal.viewer();
				Purpose purpose = (context != null) ? context.purpose() : refusal.purpose();
				ledger.tally()
					.forEach((outcome,
							reasons) -> reasons.forEach((reason, count) -> this.meters
								.counter("passerelle.decisions", "outcome", outcome, "reason", reason)
								.increment(count)));
				AccessLog.Draft draft = new AccessLog.Draft(requestId, viewer.userId(), viewer.username(),
						(viewer.organization() != null) ? viewer.organization().id() : null, purpose,
						operation(request), ledger.personIds(), ledger.persons());
				session.finish((dsl) -> this.log.append(dsl, draft));
				return response;
			}
			catch (RuntimeException ex) {
				String incident = UUID.randomUUID().toString();
				// by class only: the message of a database error may quote SQL
				logger.error("Access event of request {} not written (incident {}, {}): response withheld", requestId,
						incident, ex.getClass().getName());
				return response.transform((builder) -> builder.data(null)
					.extensions(Map.of())
					.errors(List.of(GraphqlErrorBuilder.newError()
						.errorType(ErrorType.INTERNAL_ERROR)
						.message("The access log could not be written (incident " + incident
								+ "): nothing is disclosed; try again later")
						.extensions(Map.of("code", ErrorCode.AUDIT_UNAVAILABLE.name(), "incident", incident))
						.build())));
			}
		}).doFinally((signal) -> session.close());
	}

	/** The operation's name, or its first root field. */
	private static String operation(WebGraphQlRequest request) {
		String name = request.getOperationName();
		if (name != null && !name.isBlank()) {
			return name.length() > 100 ? name.substring(0, 100) : name;
		}
		Matcher named = NAMED.matcher(request.getDocument());
		if (named.find()) {
			return named.group(1);
		}
		Matcher matcher = FIRST_FIELD.matcher(request.getDocument());
		return matcher.find() ? matcher.group(1) : "anonymous";
	}

}

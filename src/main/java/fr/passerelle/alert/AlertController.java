package fr.passerelle.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.AccessScope;
import fr.passerelle.access.ChangeSets;
import fr.passerelle.access.Cursors;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.PrivacyOffice;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.audit.AccessLog;
import fr.passerelle.jooq.enums.AlertKind;
import fr.passerelle.person.PersonView;

/**
 * The reader's alerts: the inbox (nothing is missed while offline), marking them read,
 * and which roles receive which kinds.
 */
@Controller
class AlertController {

	static final int MAX_PAGE = 100;

	private static final String BINDING = "alerts";

	private static final Executor PUSHES = Executors.newVirtualThreadPerTaskExecutor();

	private final AlertInbox inbox;

	private final AlertStore store;

	private final ViewerTransactions transactions;

	private final Cursors cursors;

	private final AlertDelivery delivery;

	private final AccessContexts contexts;

	private final Clock clock;

	AlertController(AlertInbox inbox, AlertStore store, ViewerTransactions transactions, Cursors cursors,
			AlertDelivery delivery, AccessContexts contexts, Clock clock) {
		this.delivery = delivery;
		this.contexts = contexts;
		this.inbox = inbox;
		this.store = store;
		this.transactions = transactions;
		this.cursors = cursors;
		this.clock = clock;
	}

	@QueryMapping
	Connection alerts(@Argument @Nullable Boolean unreadOnly, @Argument @Nullable Integer first,
			@Argument @Nullable String after, AccessContext context) {
		int size = (first != null) ? first : 20;
		if (size < 1 || size > MAX_PAGE) {
			throw AccessException.invalid("first", "first must be between 1 and " + MAX_PAGE);
		}
		boolean unread = Boolean.TRUE.equals(unreadOnly);
		// a cursor opens only for the reader, purpose and filter it was made for
		String binding = BINDING + "\u0000" + unread;
		AlertStore.Position position = (after != null) ? position(this.cursors.open(context, binding, after)) : null;
		if (after != null && position == null) {
			throw AccessException.invalid("after", "after is not a cursor of these alerts");
		}
		List<AlertStore.Row> rows = this.inbox.page(context, unread, position, size + 1, null);
		List<Edge> edges = new ArrayList<>();
		String end = null;
		for (AlertStore.Row row : rows.subList(0, Math.min(size, rows.size()))) {
			end = this.cursors.seal(context, binding, row.at().toInstant() + "|" + row.id());
			edges.add(new Edge(end, AlertView.of(row)));
		}
		return new Connection(edges, new PageInfo(rows.size() > size, end));
	}

	private static AlertStore.@Nullable Position position(@Nullable String opened) {
		if (opened == null) {
			return null;
		}
		int bar = opened.indexOf('|');
		try {
			return new AlertStore.Position(OffsetDateTime.parse(opened.substring(0, bar)),
					UUID.fromString(opened.substring(bar + 1)));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@MutationMapping
	int markAlertsRead(@Argument List<String> ids, AccessContext context) {
		if (ids.size() > MAX_PAGE) {
			throw AccessException.invalid("ids", "At most " + MAX_PAGE + " alerts at a time");
		}
		Set<UUID> parsed = new LinkedHashSet<>();
		for (String id : ids) {
			UUID alert = PersonIds.parseOrNull(id);
			if (alert != null) {
				parsed.add(alert);
			}
		}
		if (parsed.isEmpty()) {
			return 0;
		}
		return this.transactions.run(context.scope(),
				(dsl) -> this.store.markRead(dsl, context.viewer().userId(), parsed, OffsetDateTime.now(this.clock)));
	}

	/**
	 * The reader's alerts as they are fanned out, on any instance. Each batch is decided
	 * under the reader's context opened afresh (the policy, their grants and their
	 * organization as they are then), pushed only once its access event is written; the
	 * subscription ends when the token it was opened with expires.
	 */
	@SubscriptionMapping
	Flux<AlertView> alertRaised(AccessContext context, DataFetchingEnvironment environment) {
		Viewer viewer = context.viewer();
		String purpose = context.purpose().name();
		String requestId = environment.getGraphQlContext().getOrDefault(AccessLog.REQUEST_ID, "alertRaised");
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Instant expires = (authentication != null && authentication.getCredentials() instanceof Jwt jwt
				&& jwt.getExpiresAt() != null) ? jwt.getExpiresAt() : Instant.now();
		Duration left = Duration.between(Instant.now(), expires);
		if (left.isNegative() || left.isZero()) {
			throw new AccessException(ErrorCode.FORBIDDEN, "The token has expired: subscribe again with a fresh one");
		}
		// batches within 10 ms, as fast as they are delivered (the buffer waits for
		// demand); each delivered on a thread of its own that a cancelled subscription
		// never interrupts (an interrupt would close the JDBC connection mid-transaction)
		return this.delivery.fannedOut()
			.bufferTimeout(AlertController.MAX_PAGE, Duration.ofMillis(10), true)
			.concatMap((ids) -> Mono
				.fromFuture(
						() -> CompletableFuture.supplyAsync(
								() -> this.inbox.push(this.contexts.open(viewer, purpose), ids, requestId), PUSHES),
						true)
				.flatMapMany(Flux::fromIterable))
			.map(AlertView::of)
			.take(left);
	}

	@QueryMapping
	List<Subscription> alertSubscriptions(AccessContext context) {
		return this.transactions.run(context.scope(), this.store::subscriptions);
	}

	/** The roles that work on persons' files: the only ones alerts are for. */
	private static final Set<Role> SUBSCRIBING = Set.of(Role.CASE_WORKER, Role.COORDINATOR, Role.AGENT);

	@MutationMapping
	List<Subscription> updateAlertSubscriptions(@Argument List<SubscriptionInput> changes, @Argument String reason,
			AccessContext context) {
		AccessScope office = PrivacyOffice.of(context, "changes the alert subscriptions");
		String why = (reason != null) ? reason.trim() : "";
		if (why.isEmpty() || why.length() > 1000) {
			throw AccessException.invalid("reason", "A reason of 1 to 1000 characters is required");
		}
		for (int i = 0; i < changes.size(); i++) {
			if (!SUBSCRIBING.contains(changes.get(i).role())) {
				throw AccessException.invalid("changes[" + i + "].role",
						"Alerts are for the roles that work on persons' files: CASE_WORKER, COORDINATOR, AGENT");
			}
		}
		ChangeSets.check(changes, 50, (change) -> List.of(change.organizationType(), change.role(), change.kind()));
		return this.transactions.run(office, (dsl) -> {
			this.store.changeSubscriptions(dsl, changes, why, context.viewer().username());
			return this.store.subscriptions(dsl);
		});
	}

	@QueryMapping
	List<SubscriptionChange> alertSubscriptionChanges(@Argument @Nullable Integer first, AccessContext context) {
		if (!context.viewer().hasRole(Role.PRIVACY_OFFICER) && !context.viewer().hasRole(Role.ADMIN)) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only the privacy officer and administrators read this");
		}
		int size = (first != null) ? first : 50;
		if (size < 1 || size > 500) {
			throw AccessException.invalid("first", "first must be between 1 and 500");
		}
		return this.transactions.run(context.scope(), (dsl) -> this.store.subscriptionChanges(dsl, size));
	}

	@SchemaMapping(typeName = "Alert", field = "person")
	CompletableFuture<@Nullable PersonView> person(AlertView alert, DataLoader<UUID, PersonView> persons) {
		return persons.load(alert.personId());
	}

	/**
	 * An alert as its reader sees it: the person (resolved by the decision) and the kind.
	 */
	record AlertView(UUID id, AlertKind kind, OffsetDateTime at, UUID personId, @Nullable OffsetDateTime readAt) {

		static AlertView of(AlertStore.Row row) {
			return new AlertView(row.id(), row.kind(), row.at(), row.personId(), row.readAt());
		}

	}

	record Connection(List<Edge> edges, PageInfo pageInfo) {
	}

	record Edge(String cursor, AlertView node) {
	}

	record PageInfo(boolean hasNextPage, @Nullable String endCursor) {
	}

	record Subscription(OrganizationType organizationType, Role role, AlertKind kind) {
	}

	record SubscriptionInput(OrganizationType organizationType, Role role, AlertKind kind, boolean subscribed) {
	}

	record SubscriptionChange(OrganizationType organizationType, Role role, AlertKind kind, boolean subscribed,
			String reason, String changedBy, OffsetDateTime changedAt) {
	}

}

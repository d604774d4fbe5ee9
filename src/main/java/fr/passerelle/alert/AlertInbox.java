package fr.passerelle.alert;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jooq.DSLContext;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessLedger;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.Reason;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.audit.AccessLog;
import fr.passerelle.jooq.enums.AlertKind;
import fr.passerelle.organization.Organizations;

/**
 * Delivering alerts to a reader. An alert is delivered the first time the reader's inbox
 * or subscription would show it, and only if the reader may then read its category for
 * the person — with the element's organizations known to them and, under an own-records
 * mission, one of them theirs — exactly as a read of the element would decide; otherwise
 * it is withdrawn from them for good. Either way a receipt says so, so that the inbox's
 * pages, counts and cursors only ever count alerts delivered or still to decide.
 */
@Component
class AlertInbox {

	/** The kinds that tell of a care team's change, decided as the care team shows it. */
	private static final Set<AlertKind> CARE_TEAM = Set.of(AlertKind.CARE_TEAM_JOINED, AlertKind.INVOLVEMENT_ENDED);

	private final AlertStore store;

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	private final Organizations organizations;

	private final AccessLog log;

	private final Clock clock;

	AlertInbox(AlertStore store, AccessDecisions decisions, ViewerTransactions transactions,
			Organizations organizations, AccessLog log, Clock clock) {
		this.log = log;
		this.store = store;
		this.decisions = decisions;
		this.transactions = transactions;
		this.organizations = organizations;
		this.clock = clock;
	}

	/**
	 * Up to {@code limit} alerts of the reader's inbox after this position, each
	 * delivered (or withdrawn, and left out) as it comes; the access event lists the
	 * persons named.
	 */
	List<AlertStore.Row> page(AccessContext context, boolean unreadOnly, AlertStore.@Nullable Position after, int limit,
			@Nullable Collection<UUID> only) {
		while (true) {
			List<AlertStore.Row> rows = this.transactions.run(context.scope(),
					(dsl) -> this.store.inbox(dsl, context.viewer(), unreadOnly, after, limit, only));
			List<AlertStore.Row> pending = rows.stream().filter((row) -> row.deliveredAt() == null).toList();
			if (pending.isEmpty()) {
				rows.forEach((row) -> context.ledger().reached(row.personId()));
				return rows;
			}
			Set<UUID> withdrawn = deliver(context, context.ledger(), pending, (dsl) -> {
			});
			if (withdrawn.isEmpty()) {
				OffsetDateTime now = OffsetDateTime.now(this.clock);
				rows.forEach((row) -> context.ledger().reached(row.personId()));
				return rows.stream()
					.map((row) -> (row.deliveredAt() != null) ? row
							: new AlertStore.Row(row.id(), row.kind(), row.personId(), row.category(),
									row.organizations(), row.at(), now, null))
					.toList();
			}
			// some were withdrawn: read the page again without them (each is withdrawn
			// once)
		}
	}

	/**
	 * These alerts, just fanned out, as a subscription pushes them: those addressed to
	 * the reader, delivered now if they were not (or withdrawn), in a transaction that
	 * also appends the access event of what they disclose — if it cannot be written,
	 * nothing is pushed.
	 * @param context the reader's context, opened for this delivery
	 */
	List<AlertStore.Row> push(AccessContext context, Collection<UUID> ids, String requestId) {
		List<AlertStore.Row> rows = this.transactions.run(context.scope(),
				(dsl) -> this.store.inbox(dsl, context.viewer(), false, null, ids.size(), ids));
		if (rows.isEmpty()) {
			return rows;
		}
		AccessLedger ledger = new AccessLedger();
		List<AlertStore.Row> pending = rows.stream().filter((row) -> row.deliveredAt() == null).toList();
		rows.stream().filter((row) -> row.deliveredAt() != null).forEach((row) -> ledger.reached(row.personId()));
		Set<UUID> withdrawn = deliver(context, ledger, pending, (dsl) -> {
			if (!ledger.isEmpty()) {
				this.log.delivered(dsl, context, requestId, "alertRaised", ledger);
			}
		});
		return rows.stream().filter((row) -> !withdrawn.contains(row.id())).toList();
	}

	/**
	 * Decides these alerts for the reader, records the receipts and the disclosures (in
	 * this ledger), and does what else must commit with the receipts.
	 * @return the alerts withdrawn
	 */
	Set<UUID> deliver(AccessContext context, AccessLedger ledger, List<AlertStore.Row> pending,
			Consumer<DSLContext> also) {
		Map<UUID, PersonAccess> access = this.decisions.decide(context,
				pending.stream().map(AlertStore.Row::personId).distinct().toList());
		Set<UUID> named = new HashSet<>();
		pending.forEach((row) -> named.addAll(row.organizations()));
		Function<UUID, Organization> organizations = this.organizations.lookup(named);
		List<UUID> delivered = new ArrayList<>();
		Set<UUID> withdrawn = new HashSet<>();
		for (AlertStore.Row row : pending) {
			PersonAccess person = access.get(row.personId());
			if (person != null && allowed(context, person, row, organizations)) {
				delivered.add(row.id());
				ledger.disclosed(row.personId(), person.decision(row.category()));
			}
			else {
				withdrawn.add(row.id());
			}
		}
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		this.transactions.run(context.scope(), (dsl) -> {
			this.store.receipts(dsl, context.viewer().userId(), delivered, withdrawn, now);
			also.accept(dsl);
			return null;
		});
		return withdrawn;
	}

	private static boolean allowed(AccessContext context, PersonAccess access, AlertStore.Row row,
			Function<UUID, Organization> organizations) {
		UUID own = context.viewer().organization().id();
		if (CARE_TEAM.contains(row.kind())) {
			// as Person.careTeam shows a member: the field's category, and the link's own
			// unless the member is the reader's organization
			return access.discloses(DataCategory.SUPPORT_MEASURES)
					&& (row.organizations().contains(own) || access.discloses(row.category()))
					&& row.organizations()
						.stream()
						.allMatch((organization) -> context.mayKnow(access, organizations.apply(organization)));
		}
		if (!access.discloses(row.category())) {
			return false;
		}
		boolean ownOnly = context.ownRecordsOnly().contains(row.category())
				&& access.decision(row.category()).reason() == Reason.MISSION;
		if (ownOnly && !row.organizations().contains(own)) {
			return false;
		}
		return row.organizations()
			.stream()
			.allMatch((organization) -> context.mayKnow(access, organizations.apply(organization)));
	}

}

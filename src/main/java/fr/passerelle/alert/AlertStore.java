package fr.passerelle.alert;

import static fr.passerelle.jooq.Tables.ALERT_EVENT;
import static fr.passerelle.jooq.Tables.ALERT_RECEIPT;
import static fr.passerelle.jooq.Tables.ALERT_RECIPIENT;
import static fr.passerelle.jooq.Tables.ALERT_SUBSCRIPTION;
import static fr.passerelle.jooq.Tables.ALERT_SUBSCRIPTION_CHANGE;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;
import fr.passerelle.jooq.enums.AlertKind;

/**
 * The outbox, the recipients and the readers' receipts. Fanning out runs in the privacy
 * office's task scope; the inbox in the reader's (row-level security shows only events
 * about persons the reader reaches).
 */
@Repository
class AlertStore {

	/** The channel on which a new event wakes the delivery tasks. */
	static final String EVENTS = "passerelle_alert_events";

	/** The channel on which the events fanned out are announced to every instance. */
	static final String FANNED_OUT = "passerelle_alerts";

	/**
	 * Takes up to {@code limit} events not fanned out yet (skipping those another
	 * instance holds), writes their recipients — the case leads of the person's open
	 * measures, the organizations involved with the person whose role subscribes to the
	 * kind — and marks them fanned out, in one statement; announces them on commit.
	 * @return the events fanned out
	 */
	List<UUID> fanOut(DSLContext dsl, String instance, int limit) {
		List<UUID> ids = dsl.fetch("""
				WITH pending AS (
				    SELECT id, person_id, kind, occurred_at FROM passerelle.alert_event
				    WHERE fanned_out_at IS NULL ORDER BY occurred_at LIMIT ? FOR UPDATE SKIP LOCKED
				), leads AS (
				    INSERT INTO passerelle.alert_recipient (event_id, person_id, organization_id, username, occurred_at)
				    SELECT DISTINCT p.id, p.person_id, m.provider_organization_id, m.case_lead, p.occurred_at
				    FROM pending p JOIN passerelle.support_measure m ON m.person_id = p.person_id
				    WHERE m.case_lead IS NOT NULL AND (m.ended_on IS NULL OR m.ended_on >= current_date)
				    ON CONFLICT DO NOTHING
				), subscribed AS (
				    INSERT INTO passerelle.alert_recipient (event_id, person_id, organization_id, role, occurred_at)
				    SELECT DISTINCT p.id, p.person_id, o.id, s.role, p.occurred_at
				    FROM pending p
				    JOIN passerelle.involvement i ON i.person_id = p.person_id AND i.started_on <= current_date
				        AND (i.ended_on IS NULL OR i.ended_on >= current_date)
				    JOIN passerelle.organization o ON o.id = i.organization_id AND o.active
				    JOIN passerelle.alert_subscription s ON s.organization_type = o.type AND s.kind = p.kind
				    ON CONFLICT DO NOTHING
				)
				UPDATE passerelle.alert_event e SET fanned_out_at = clock_timestamp(), fanned_out_by = ?
				FROM pending p WHERE e.id = p.id
				RETURNING e.id""", limit, instance).getValues(0, UUID.class);
		if (!ids.isEmpty()) {
			dsl.select(DSL.function("pg_notify", Object.class, DSL.val(FANNED_OUT),
					DSL.val(String.join(",", ids.stream().map(UUID::toString).toList()))))
				.fetch();
		}
		return ids;
	}

	/**
	 * Raises INSTITUTION_EXIT_APPROACHING for the situations in an institution whose
	 * planned exit comes within these days, once per situation (several instances may
	 * scan at once: the event's unique index keeps one).
	 * @return how many were raised
	 */
	int raiseExits(DSLContext dsl, int days) {
		return dsl.execute("""
				INSERT INTO passerelle.alert_event (id, kind, person_id, category, organizations, element_id)
				SELECT gen_random_uuid(), 'INSTITUTION_EXIT_APPROACHING', r.person_id, 'RESIDENTIAL_SITUATION',
				       ARRAY[r.recorded_by_organization_id], r.id
				FROM passerelle.residential_situation r
				WHERE r.planned_exit_on BETWEEN current_date AND current_date + ? AND r.ended_on IS NULL
				  AND NOT EXISTS (SELECT 1 FROM passerelle.alert_event e
				                  WHERE e.element_id = r.id AND e.kind = 'INSTITUTION_EXIT_APPROACHING')
				ON CONFLICT DO NOTHING""", days);
	}

	/** An event addressed to the reader, with their receipt if they have one. */
	record Row(UUID id, AlertKind kind, UUID personId, DataCategory category, List<UUID> organizations,
			OffsetDateTime at, @Nullable OffsetDateTime deliveredAt, @Nullable OffsetDateTime readAt) {
	}

	/** A position in the inbox: newest first. */
	record Position(OffsetDateTime at, UUID id) {
	}

	/**
	 * The events addressed to this reader (to them, or to their organization's role) that
	 * were not withdrawn from them, newest first.
	 * @param only these events only, if given
	 */
	List<Row> inbox(DSLContext dsl, Viewer viewer, boolean unreadOnly, @Nullable Position after, int limit,
			@Nullable Collection<UUID> only) {
		Viewer.ViewerOrganization organization = viewer.organization();
		if (organization == null) {
			return List.of();
		}
		List<String> roles = viewer.roles().stream().map(Role::name).toList();
		// the page, newest first, from the reader's own rows and their role's, each read
		// in
		// its index's order; an event addressed both ways is one
		Condition kept = DSL
			.notExists(DSL.selectOne()
				.from(ALERT_RECEIPT)
				.where(ALERT_RECEIPT.EVENT_ID.eq(ALERT_RECIPIENT.EVENT_ID), ALERT_RECEIPT.USER_ID.eq(viewer.userId()),
						unreadOnly ? ALERT_RECEIPT.WITHDRAWN_AT.isNotNull().or(ALERT_RECEIPT.READ_AT.isNotNull())
								: ALERT_RECEIPT.WITHDRAWN_AT.isNotNull()))
			.and((after != null)
					? DSL.row(ALERT_RECIPIENT.OCCURRED_AT, ALERT_RECIPIENT.EVENT_ID).lt(after.at(), after.id())
					: DSL.noCondition())
			.and((only != null) ? ALERT_RECIPIENT.EVENT_ID.in(only) : DSL.noCondition());
		var personal = DSL.select(ALERT_RECIPIENT.EVENT_ID, ALERT_RECIPIENT.OCCURRED_AT)
			.from(ALERT_RECIPIENT)
			.where(ALERT_RECIPIENT.USERNAME.eq(viewer.username()),
					ALERT_RECIPIENT.ORGANIZATION_ID.eq(organization.id()), kept)
			.orderBy(ALERT_RECIPIENT.OCCURRED_AT.desc(), ALERT_RECIPIENT.EVENT_ID.desc())
			.limit(limit);
		var role = DSL.select(ALERT_RECIPIENT.EVENT_ID, ALERT_RECIPIENT.OCCURRED_AT)
			.from(ALERT_RECIPIENT)
			.where(ALERT_RECIPIENT.USERNAME.isNull(), ALERT_RECIPIENT.ORGANIZATION_ID.eq(organization.id()),
					ALERT_RECIPIENT.ROLE.in(roles), kept)
			.orderBy(ALERT_RECIPIENT.OCCURRED_AT.desc(), ALERT_RECIPIENT.EVENT_ID.desc())
			.limit(limit);
		var page = personal.union(role).asTable("page");
		Field<UUID> pageId = page.field(ALERT_RECIPIENT.EVENT_ID);
		return dsl
			.select(ALERT_EVENT.ID, ALERT_EVENT.KIND, ALERT_EVENT.PERSON_ID, ALERT_EVENT.CATEGORY,
					ALERT_EVENT.ORGANIZATIONS, ALERT_EVENT.OCCURRED_AT, ALERT_RECEIPT.DELIVERED_AT,
					ALERT_RECEIPT.READ_AT)
			.from(page)
			.join(ALERT_EVENT)
			.on(ALERT_EVENT.ID.eq(pageId))
			.leftJoin(ALERT_RECEIPT)
			.on(ALERT_RECEIPT.EVENT_ID.eq(ALERT_EVENT.ID), ALERT_RECEIPT.USER_ID.eq(viewer.userId()))
			.orderBy(ALERT_EVENT.OCCURRED_AT.desc(), ALERT_EVENT.ID.desc())
			.limit(limit)
			.fetch((r) -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), List.of(r.value5()), r.value6(),
					r.value7(), r.value8()));
	}

	/** The reader's receipts: delivered now, or withdrawn (never delivered later). */
	void receipts(DSLContext dsl, String userId, Collection<UUID> delivered, Collection<UUID> withdrawn,
			OffsetDateTime now) {
		var insert = dsl.insertInto(ALERT_RECEIPT, ALERT_RECEIPT.EVENT_ID, ALERT_RECEIPT.USER_ID,
				ALERT_RECEIPT.DELIVERED_AT, ALERT_RECEIPT.WITHDRAWN_AT);
		for (UUID id : delivered) {
			insert = insert.values(id, userId, now, null);
		}
		for (UUID id : withdrawn) {
			insert = insert.values(id, userId, null, now);
		}
		if (!delivered.isEmpty() || !withdrawn.isEmpty()) {
			insert.onConflictDoNothing().execute();
		}
	}

	/** Marks read those of these alerts delivered to the reader and not read yet. */
	int markRead(DSLContext dsl, String userId, Collection<UUID> ids, OffsetDateTime now) {
		return dsl.update(ALERT_RECEIPT)
			.set(ALERT_RECEIPT.READ_AT, now)
			.where(ALERT_RECEIPT.USER_ID.eq(userId), ALERT_RECEIPT.EVENT_ID.in(ids),
					ALERT_RECEIPT.DELIVERED_AT.isNotNull(), ALERT_RECEIPT.READ_AT.isNull())
			.execute();
	}

	/**
	 * Applies these subscription changes and records each with the reason; a change that
	 * changes nothing is recorded all the same (the privacy officer said so).
	 */
	void changeSubscriptions(DSLContext dsl, List<AlertController.SubscriptionInput> changes, String reason,
			String by) {
		for (AlertController.SubscriptionInput change : changes) {
			if (change.subscribed()) {
				dsl.insertInto(ALERT_SUBSCRIPTION)
					.set(ALERT_SUBSCRIPTION.ORGANIZATION_TYPE, change.organizationType())
					.set(ALERT_SUBSCRIPTION.ROLE, change.role().name())
					.set(ALERT_SUBSCRIPTION.KIND, change.kind())
					.onConflictDoNothing()
					.execute();
			}
			else {
				dsl.deleteFrom(ALERT_SUBSCRIPTION)
					.where(ALERT_SUBSCRIPTION.ORGANIZATION_TYPE.eq(change.organizationType()),
							ALERT_SUBSCRIPTION.ROLE.eq(change.role().name()), ALERT_SUBSCRIPTION.KIND.eq(change.kind()))
					.execute();
			}
			dsl.insertInto(ALERT_SUBSCRIPTION_CHANGE)
				.set(ALERT_SUBSCRIPTION_CHANGE.ID, UUID.randomUUID())
				.set(ALERT_SUBSCRIPTION_CHANGE.ORGANIZATION_TYPE, change.organizationType())
				.set(ALERT_SUBSCRIPTION_CHANGE.ROLE, change.role().name())
				.set(ALERT_SUBSCRIPTION_CHANGE.KIND, change.kind())
				.set(ALERT_SUBSCRIPTION_CHANGE.SUBSCRIBED, change.subscribed())
				.set(ALERT_SUBSCRIPTION_CHANGE.REASON, reason)
				.set(ALERT_SUBSCRIPTION_CHANGE.CHANGED_BY, by)
				.execute();
		}
	}

	/** The subscription changes, newest first. */
	List<AlertController.SubscriptionChange> subscriptionChanges(DSLContext dsl, int first) {
		return dsl.selectFrom(ALERT_SUBSCRIPTION_CHANGE)
			.orderBy(ALERT_SUBSCRIPTION_CHANGE.CHANGED_AT.desc(), ALERT_SUBSCRIPTION_CHANGE.ID)
			.limit(first)
			.fetch((r) -> new AlertController.SubscriptionChange(r.getOrganizationType(), Role.valueOf(r.getRole()),
					r.getKind(), r.getSubscribed(), r.getReason(), r.getChangedBy(), r.getChangedAt()));
	}

	/** Which organization types' roles receive which kinds, besides the case leads. */
	List<AlertController.Subscription> subscriptions(DSLContext dsl) {
		return dsl.selectFrom(ALERT_SUBSCRIPTION)
			.orderBy(ALERT_SUBSCRIPTION.ORGANIZATION_TYPE, ALERT_SUBSCRIPTION.ROLE, ALERT_SUBSCRIPTION.KIND)
			.fetch((r) -> new AlertController.Subscription(r.getOrganizationType(), Role.valueOf(r.getRole()),
					r.getKind()));
	}

}

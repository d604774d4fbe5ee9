package fr.passerelle.review;

import static fr.passerelle.jooq.Tables.ACCESS_EVENT;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;
import static fr.passerelle.jooq.Tables.ORGANIZATION;
import static fr.passerelle.jooq.Tables.PERSON;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.Purpose;

/**
 * The access log read back, for the privacy officer; called inside a transaction in the
 * privacy office's scope (row-level security shows no event outside it). Never writes:
 * the log is appended by the access engine alone.
 */
@Repository
class AccessEvents {

	/** The operation an emergency access shows as in a person's access report. */
	static final String EMERGENCY_OPERATION = "openEmergencyAccess";

	private static final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final TypeReference<List<AccessedPerson>> PERSONS = new TypeReference<>() {
	};

	/** One person's entry of an event's persons, found by the GIN-indexed person_ids. */
	private static final String PERSON_ENTRY = "$[*] ? (@.personId == $id)";

	/**
	 * A page of events matching the filter, newest first (by seq), after the event
	 * {@code afterSeq} if given: one statement for the page (one row more than asked, to
	 * know whether another page follows), one for the count.
	 */
	Page page(DSLContext dsl, Filter filter, int first, @Nullable Long afterSeq) {
		List<Condition> conditions = conditions(filter);
		List<Condition> paged = new ArrayList<>(conditions);
		if (afterSeq != null) {
			paged.add(ACCESS_EVENT.SEQ.lt(afterSeq));
		}
		List<Event> events = dsl.select(ACCESS_EVENT.fields())
			.select(ORGANIZATION.ID, ORGANIZATION.NAME, ORGANIZATION.TYPE, ORGANIZATION.TERRITORY,
					ORGANIZATION.SENSITIVE_CATEGORY)
			.from(ACCESS_EVENT)
			.leftJoin(ORGANIZATION)
			.on(ORGANIZATION.ID.eq(ACCESS_EVENT.ORGANIZATION_ID))
			.where(paged)
			.orderBy(ACCESS_EVENT.SEQ.desc())
			.limit(first + 1)
			.fetch(AccessEvents::event);
		int total = dsl.fetchCount(ACCESS_EVENT, conditions);
		boolean more = events.size() > first;
		return new Page(more ? events.subList(0, first) : events, more, total);
	}

	boolean personExists(DSLContext dsl, UUID personId) {
		return dsl.fetchExists(PERSON, PERSON.ID.eq(personId));
	}

	/**
	 * The consultations of one person's file in the period, oldest first: the events that
	 * disclosed at least one of their categories (a refusal discloses nothing), and the
	 * emergency accesses opened to them. Only the person's own entry of each event is
	 * read, by a JSON path in the statement.
	 */
	List<ReportEntry> report(DSLContext dsl, UUID personId, @Nullable OffsetDateTime from,
			@Nullable OffsetDateTime to) {
		Field<JSONB> entry = DSL.field("jsonb_path_query_first({0}, {1}::jsonpath, jsonb_build_object('id', {2}))",
				JSONB.class, ACCESS_EVENT.PERSONS, DSL.val(PERSON_ENTRY), DSL.val(personId.toString()));
		List<ReportEntry> entries = new ArrayList<>();
		dsl.select(ACCESS_EVENT.OCCURRED_AT, ACCESS_EVENT.PURPOSE, ACCESS_EVENT.OPERATION, entry, ORGANIZATION.ID,
				ORGANIZATION.NAME, ORGANIZATION.TYPE, ORGANIZATION.TERRITORY, ORGANIZATION.SENSITIVE_CATEGORY)
			.from(ACCESS_EVENT)
			.leftJoin(ORGANIZATION)
			.on(ORGANIZATION.ID.eq(ACCESS_EVENT.ORGANIZATION_ID))
			.where(namesPerson(personId), period(ACCESS_EVENT.OCCURRED_AT, from, to))
			.orderBy(ACCESS_EVENT.OCCURRED_AT, ACCESS_EVENT.SEQ)
			.fetch()
			.forEach((row) -> {
				JSONB own = row.get(entry);
				List<DataCategory> categories = (own != null) ? json.readValue(own.data(), AccessedPerson.class)
					.disclosed()
					.stream()
					.map(DisclosedCategory::category)
					.distinct()
					.toList() : List.of();
				if (!categories.isEmpty()) {
					entries.add(new ReportEntry(Kind.CONSULTATION, organization(row), row.get(ACCESS_EVENT.OCCURRED_AT),
							row.get(ACCESS_EVENT.PURPOSE), row.get(ACCESS_EVENT.OPERATION), categories, null));
				}
			});
		dsl.select(EMERGENCY_ACCESS.OPENED_AT, EMERGENCY_ACCESS.EXPIRES_AT, ORGANIZATION.ID, ORGANIZATION.NAME,
				ORGANIZATION.TYPE, ORGANIZATION.TERRITORY, ORGANIZATION.SENSITIVE_CATEGORY)
			.from(EMERGENCY_ACCESS)
			.join(ORGANIZATION)
			.on(ORGANIZATION.ID.eq(EMERGENCY_ACCESS.ORGANIZATION_ID))
			.where(EMERGENCY_ACCESS.PERSON_ID.eq(personId), period(EMERGENCY_ACCESS.OPENED_AT, from, to))
			.fetch()
			.forEach((row) -> entries
				.add(new ReportEntry(Kind.EMERGENCY_ACCESS, organization(row), row.get(EMERGENCY_ACCESS.OPENED_AT),
						Purpose.EMERGENCY, EMERGENCY_OPERATION, List.of(), row.get(EMERGENCY_ACCESS.EXPIRES_AT))));
		entries.sort(Comparator.comparing(ReportEntry::occurredAt));
		return entries;
	}

	private static List<Condition> conditions(Filter filter) {
		List<Condition> conditions = new ArrayList<>();
		if (filter.personId() != null) {
			conditions.add(namesPerson(filter.personId()));
		}
		if (filter.organizationId() != null) {
			conditions.add(ACCESS_EVENT.ORGANIZATION_ID.eq(filter.organizationId()));
		}
		if (filter.username() != null) {
			conditions.add(ACCESS_EVENT.USERNAME.eq(filter.username()));
		}
		if (filter.purpose() != null) {
			conditions.add(ACCESS_EVENT.PURPOSE.eq(filter.purpose()));
		}
		conditions.add(period(ACCESS_EVENT.OCCURRED_AT, filter.from(), filter.to()));
		return conditions;
	}

	/** Containment, which the GIN index on person_ids answers. */
	private static Condition namesPerson(UUID personId) {
		return DSL.condition("{0} @> {1}", ACCESS_EVENT.PERSON_IDS,
				DSL.val(new UUID[] { personId }, ACCESS_EVENT.PERSON_IDS));
	}

	private static Condition period(Field<OffsetDateTime> at, @Nullable OffsetDateTime from,
			@Nullable OffsetDateTime to) {
		return ((from != null) ? at.ge(from) : DSL.noCondition()).and((to != null) ? at.lt(to) : DSL.noCondition());
	}

	private static Event event(Record row) {
		return new Event(row.get(ACCESS_EVENT.SEQ), row.get(ACCESS_EVENT.OCCURRED_AT), row.get(ACCESS_EVENT.REQUEST_ID),
				row.get(ACCESS_EVENT.USERNAME), row.get(ACCESS_EVENT.USER_ID), organization(row),
				row.get(ACCESS_EVENT.PURPOSE), row.get(ACCESS_EVENT.OPERATION),
				json.readValue(row.get(ACCESS_EVENT.PERSONS).data(), PERSONS), row.get(ACCESS_EVENT.HASH),
				row.get(ACCESS_EVENT.PREVIOUS_HASH));
	}

	private static @Nullable Organization organization(Record row) {
		UUID id = row.get(ORGANIZATION.ID);
		return (id != null) ? new Organization(id, row.get(ORGANIZATION.NAME), row.get(ORGANIZATION.TYPE),
				row.get(ORGANIZATION.TERRITORY), row.get(ORGANIZATION.SENSITIVE_CATEGORY)) : null;
	}

	/** What narrows the list; null components do not. {@code to} is exclusive. */
	record Filter(@Nullable UUID personId, @Nullable UUID organizationId, @Nullable String username,
			@Nullable Purpose purpose, @Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {

		static final Filter NONE = new Filter(null, null, null, null, null, null);

	}

	record Page(List<Event> events, boolean hasNextPage, int totalCount) {
	}

	/** An event as the log holds it. */
	record Event(long seq, OffsetDateTime occurredAt, String requestId, String username, String userId,
			@Nullable Organization organization, @Nullable Purpose purpose, String operation,
			List<AccessedPerson> persons, String hash, String previousHash) {
	}

	/** One element of an event's {@code persons} JSON. */
	record AccessedPerson(String personId, List<DisclosedCategory> disclosed, List<RefusedCategory> refused) {

		AccessedPerson {
			disclosed = (disclosed != null) ? List.copyOf(disclosed) : List.of();
			refused = (refused != null) ? List.copyOf(refused) : List.of();
		}

	}

	/**
	 * {@code basis} is CONSENT or MISSION (the rule is TYPE/ROLE/CATEGORY/PURPOSE), or
	 * PRIVACY_OFFICE for what the privacy office handed over (the rule is the ground).
	 */
	record DisclosedCategory(DataCategory category, String basis, @Nullable String consentId,
			@Nullable String provisionId, @Nullable String rule) {
	}

	/** {@code category} is null when the person was not reached at all. */
	record RefusedCategory(@Nullable DataCategory category, String reason) {
	}

	enum Kind {

		CONSULTATION, EMERGENCY_ACCESS

	}

	/** A line of a person's access report: an organization, never its employee. */
	record ReportEntry(Kind kind, @Nullable Organization organization, OffsetDateTime occurredAt, Purpose purpose,
			String operation, List<DataCategory> categories, @Nullable OffsetDateTime until) {
	}

}

package fr.passerelle.access;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;
import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.PERSON;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.observation.ObservationRegistry;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.ProvisionType;

/**
 * The access decision, in bulk. For a batch of person ids, one SQL statement reads, under
 * the viewer's row-level security, each person's reach (involvement of the viewer's
 * organization, active or in its grace period) and the provisions of their active
 * consents; the rules are then applied in memory ({@link DecisionRules}). A person
 * without reach has no {@link PersonAccess}: for the viewer they do not exist.
 */
@Component
public class AccessDecisions {

	private final ViewerTransactions transactions;

	private final AccessProperties properties;

	private final Clock clock;

	private final ObservationRegistry observations;

	AccessDecisions(ViewerTransactions transactions, AccessProperties properties, Clock clock,
			ObservationRegistry observations) {
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.observations = observations;
	}

	/** The decisions for these persons; absent ids are not found for the viewer. */
	public Map<UUID, PersonAccess> decide(AccessContext context, Collection<UUID> personIds) {
		return decide(context, personIds, true);
	}

	/**
	 * As {@link #decide(AccessContext, Collection)}, for persons the request did not name
	 * but meets on the way (the adults of a household read through one of its members):
	 * one the viewer does not reach is not recorded as asked for.
	 */
	public Map<UUID, PersonAccess> decideAlongside(AccessContext context, Collection<UUID> personIds) {
		return decide(context, personIds, false);
	}

	private Map<UUID, PersonAccess> decide(AccessContext context, Collection<UUID> personIds, boolean named) {
		List<UUID> missing = personIds.stream()
			.distinct()
			.filter((id) -> !context.decisions().containsKey(id))
			.toList();
		if (!missing.isEmpty()) {
			Map<UUID, PersonAccess> decided = load(context, missing, List.of(), new HashMap<>());
			missing.forEach((id) -> context.decisions().put(id, Optional.ofNullable(decided.get(id))));
		}
		Map<UUID, PersonAccess> result = new LinkedHashMap<>();
		for (UUID id : personIds) {
			Optional<PersonAccess> access = context.decisions().getOrDefault(id, Optional.empty());
			if (access.isPresent()) {
				result.put(id, access.get());
			}
			else if (named) {
				context.ledger().notReached(id);
			}
		}
		return result;
	}

	/** The decisions for the persons the viewer reaches, and their rows' fields read. */
	public record Read(Map<UUID, PersonAccess> decisions, Map<UUID, Record> rows) {
	}

	/**
	 * As {@link #decide(AccessContext, Collection)}, reading these fields of the persons'
	 * rows in the same statement (the identity the decisions guard): one statement for
	 * the decisions and the rows. A decision already made in the request is kept.
	 */
	public Read decideAndRead(AccessContext context, Collection<UUID> personIds, List<Field<?>> fields) {
		List<UUID> ids = personIds.stream().distinct().toList();
		Map<UUID, Record> rows = new HashMap<>();
		Map<UUID, PersonAccess> decided = load(context, ids, fields, rows);
		Map<UUID, PersonAccess> result = new LinkedHashMap<>();
		for (UUID id : ids) {
			Optional<PersonAccess> access = context.decisions()
				.computeIfAbsent(id, (key) -> Optional.ofNullable(decided.get(key)));
			if (access.isPresent() && rows.containsKey(id)) {
				result.put(id, access.get());
			}
			else {
				context.ledger().notReached(id);
			}
		}
		rows.keySet().retainAll(result.keySet());
		return new Read(result, rows);
	}

	public Optional<PersonAccess> decide(AccessContext context, UUID personId) {
		return Optional.ofNullable(decide(context, List.of(personId)).get(personId));
	}

	/**
	 * This request's decision as SQL conditions, for queries that filter, order or count
	 * persons; only for a viewer with an organization.
	 */
	public SqlDecisions inSql(AccessContext context) {
		LocalDate today = LocalDate.now(this.clock);
		return new SqlDecisions(context, today, today.minusDays(this.properties.gracePeriod().toDays()));
	}

	/**
	 * The reach rule: an involvement of the organization with the person, started by
	 * today. The person is reached while it has not ended, and read-only in the grace
	 * period after it ended. (Row-level security's {@code can_reach} is the same rule in
	 * the database.)
	 */
	static Condition involvement(UUID organization, Field<UUID> person, LocalDate today) {
		return INVOLVEMENT.PERSON_ID.eq(person)
			.and(INVOLVEMENT.ORGANIZATION_ID.eq(organization))
			.and(INVOLVEMENT.STARTED_ON.le(today));
	}

	/**
	 * The decision for a person the viewer's organization may write for: reached through
	 * an active involvement (not a grace period, not an emergency access).
	 * @throws AccessException {@code NOT_FOUND} when not reached at all,
	 * {@code READ_ONLY} when reached for reading only
	 */
	public PersonAccess requireWritable(AccessContext context, @Nullable String personId) {
		UUID id = PersonIds.parseOrNull(personId);
		PersonAccess access = (id != null) ? decide(context, id).orElse(null) : null;
		if (access == null) {
			throw AccessException.notFound();
		}
		if (!access.reach().writable()) {
			throw new AccessException(ErrorCode.READ_ONLY, "Your access to this person is read-only");
		}
		return access;
	}

	/**
	 * Whether the viewer may write this category of this person's file, and under which
	 * basis the element will be shared: the viewer's role writes (case worker,
	 * coordinator, agent), the write policy lets the organization type write the
	 * category, the person is reached through an active involvement, and the viewer's own
	 * access decision permits the category (a consent provision or a mission rule: the
	 * element's basis).
	 * @throws AccessException {@code FORBIDDEN}, {@code NOT_FOUND} or {@code READ_ONLY}
	 */
	public WriteGrant requireWrite(AccessContext context, @Nullable String personId, DataCategory category) {
		requireWriter(context, category);
		return authorize(context, requireWritable(context, personId), category);
	}

	/** As {@link #requireWrite}, for a person already reached for writing. */
	public WriteGrant authorize(AccessContext context, PersonAccess access, DataCategory category) {
		requireWriter(context, category);
		if (!access.reach().writable()) {
			throw new AccessException(ErrorCode.READ_ONLY, "Your access to this person is read-only");
		}
		Decision decision = access.decision(category);
		if (!decision.permitted()) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"Your organization may not hold " + category + " of this person in the shared file for the purpose "
							+ context.purpose() + " (" + decision.reason()
							+ "): ask for the person's consent, or declare the purpose of your mission");
		}
		return new WriteGrant(access, category, decision);
	}

	private static void requireWriter(AccessContext context, DataCategory category) {
		Viewer viewer = context.viewer();
		boolean writer = viewer.hasRole(Role.CASE_WORKER) || viewer.hasRole(Role.COORDINATOR)
				|| viewer.hasRole(Role.AGENT);
		if (!writer || viewer.organization() == null) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Your role does not write the support file");
		}
		if (!context.writable().contains(category)) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"The write policy does not let " + viewer.organization().type() + " write " + category);
		}
	}

	/**
	 * The decisions for these persons, in one statement that also reads these fields of
	 * their rows (into {@code rows}, for the persons reached): one observation,
	 * {@code passerelle.decision}, a span of the request's trace.
	 */
	private Map<UUID, PersonAccess> load(AccessContext context, List<UUID> ids, List<Field<?>> fields,
			Map<UUID, Record> rows) {
		return Observed.observe(this.observations, "passerelle.decision",
				() -> decideBatch(context, ids, fields, rows));
	}

	private Map<UUID, PersonAccess> decideBatch(AccessContext context, List<UUID> ids, List<Field<?>> fields,
			Map<UUID, Record> rows) {
		Viewer.ViewerOrganization organization = context.viewer().organization();
		PolicySnapshot policy = context.policy();
		if (organization == null || policy == null) {
			return Map.of();
		}
		LocalDate today = LocalDate.now(this.clock);
		LocalDate graceStart = today.minusDays(this.properties.gracePeriod().toDays());
		Condition ours = involvement(organization.id(), PERSON.ID, today);
		Field<Boolean> active = DSL.field(DSL.exists(DSL.selectOne()
			.from(INVOLVEMENT)
			.where(ours.and(INVOLVEMENT.ENDED_ON.isNull().or(INVOLVEMENT.ENDED_ON.gt(today))))));
		Field<Boolean> grace = DSL.field(DSL.exists(
				DSL.selectOne().from(INVOLVEMENT).where(ours.and(INVOLVEMENT.ENDED_ON.between(graceStart, today)))));
		List<Field<?>> selected = new ArrayList<>(List.of(PERSON.ID, active, grace, CONSENT_PROVISION.CONSENT_ID,
				CONSENT_PROVISION.ID, CONSENT_PROVISION.PARENT_ID, CONSENT_PROVISION.TYPE, CONSENT_PROVISION.CATEGORIES,
				CONSENT_PROVISION.RECIPIENT_ORGANIZATION_ID, CONSENT_PROVISION.RECIPIENT_ORGANIZATION_TYPE,
				CONSENT_PROVISION.PURPOSES, CONSENT_PROVISION.PERIOD_START, CONSENT_PROVISION.PERIOD_END));
		selected.addAll(fields);
		var read = this.transactions.run(context.scope(),
				(dsl) -> dsl.select(selected)
					.from(PERSON)
					.leftJoin(CONSENT.join(CONSENT_PROVISION).on(CONSENT_PROVISION.CONSENT_ID.eq(CONSENT.ID)))
					.on(CONSENT.PERSON_ID.eq(PERSON.ID)
						.and(CONSENT.STATUS.eq(ConsentStatus.ACTIVE))
						.and(CONSENT.PERIOD_START.le(today))
						.and(CONSENT.PERIOD_END.isNull().or(CONSENT.PERIOD_END.ge(today))))
					.where(PERSON.ID.in(ids))
					.fetch());
		Map<UUID, Reach> reach = new HashMap<>();
		Map<UUID, List<Provision>> provisions = new HashMap<>();
		for (Record row : read) {
			UUID person = row.get(PERSON.ID);
			Reach personReach = reach(context, person, row.get(active), row.get(grace));
			if (personReach == null) {
				continue;
			}
			reach.put(person, personReach);
			rows.putIfAbsent(person, row);
			List<Provision> list = provisions.computeIfAbsent(person, (id) -> new ArrayList<>());
			if (row.get(CONSENT_PROVISION.ID) != null) {
				list.add(new Provision(row.get(CONSENT_PROVISION.CONSENT_ID), row.get(CONSENT_PROVISION.ID),
						row.get(CONSENT_PROVISION.PARENT_ID), row.get(CONSENT_PROVISION.TYPE) == ProvisionType.PERMIT,
						Set.of(row.get(CONSENT_PROVISION.CATEGORIES)),
						row.get(CONSENT_PROVISION.RECIPIENT_ORGANIZATION_ID),
						row.get(CONSENT_PROVISION.RECIPIENT_ORGANIZATION_TYPE),
						Set.of(row.get(CONSENT_PROVISION.PURPOSES)), row.get(CONSENT_PROVISION.PERIOD_START),
						row.get(CONSENT_PROVISION.PERIOD_END)));
			}
		}
		Map<UUID, PersonAccess> result = new HashMap<>();
		reach.forEach((person, personReach) -> {
			Map<DataCategory, Decision> decisions = new EnumMap<>(DataCategory.class);
			for (DataCategory category : DataCategory.values()) {
				decisions.put(category, DecisionRules.decide(category, context.purpose(),
						policy.cap(category, context.purpose()), organization, provisions.get(person), today));
			}
			result.put(person, new PersonAccess(person, personReach, decisions));
		});
		return result;
	}

	private static @Nullable Reach reach(AccessContext context, UUID person, Boolean active, Boolean grace) {
		if (Boolean.TRUE.equals(active)) {
			return Reach.INVOLVEMENT;
		}
		if (Boolean.TRUE.equals(grace)) {
			return Reach.GRACE_PERIOD;
		}
		if (context.purpose() == Purpose.EMERGENCY && context.emergencyPersons().contains(person)) {
			return Reach.EMERGENCY;
		}
		return null;
	}

}

package fr.passerelle.file.household;

import static fr.passerelle.jooq.Tables.HOUSEHOLD;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_COMPOSITION;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_MEMBER;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.Organization;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.HouseholdRole;
import fr.passerelle.jooq.tables.HouseholdComposition;
import fr.passerelle.organization.Organizations;

/**
 * Households and their members. The composition is read through the security-definer
 * function {@code household_composition}: for a person the viewer reaches, every member
 * of their current household, even members the viewer does not reach (the composition is
 * the person's {@code HOUSEHOLD} data). Writes run under the viewer's row-level security.
 */
@Repository
class Households {

	private final ViewerTransactions transactions;

	private final Organizations organizations;

	private final Clock clock;

	Households(ViewerTransactions transactions, Organizations organizations, Clock clock) {
		this.transactions = transactions;
		this.organizations = organizations;
		this.clock = clock;
	}

	/** A household locked for a change. */
	record Locked(UUID id, int version) {
	}

	/**
	 * The current household of each of these persons the viewer reaches (absent: none),
	 * in one statement, plus one for the organizations that recorded members.
	 */
	/**
	 * For each of these households, the current members the viewer reaches (row-level
	 * security keeps the others out), in one statement.
	 */
	Map<UUID, List<UUID>> reachedMembers(AccessContext context, Collection<UUID> householdIds) {
		Map<UUID, List<UUID>> members = new HashMap<>();
		this.transactions
			.run(context.scope(),
					(dsl) -> dsl.select(HOUSEHOLD_MEMBER.HOUSEHOLD_ID, HOUSEHOLD_MEMBER.PERSON_ID)
						.from(HOUSEHOLD_MEMBER)
						.where(HOUSEHOLD_MEMBER.HOUSEHOLD_ID.in(householdIds), HOUSEHOLD_MEMBER.LEFT_ON.isNull())
						.orderBy(HOUSEHOLD_MEMBER.PERSON_ID)
						.fetch())
			.forEach((row) -> members.computeIfAbsent(row.value1(), (id) -> new ArrayList<>()).add(row.value2()));
		return members;
	}

	Map<UUID, HouseholdView> current(AccessContext context, Collection<UUID> personIds) {
		return this.transactions.run(context.scope(), (dsl) -> households(dsl, composition(dsl, personIds)));
	}

	/** The current household of one person, in a transaction already open. */
	Optional<HouseholdView> current(DSLContext dsl, UUID personId) {
		return Optional.ofNullable(households(dsl, composition(dsl, List.of(personId))).get(personId));
	}

	/**
	 * Locks the household the person currently belongs to (the latest joined, should
	 * there be more than one).
	 */
	Optional<Locked> lockCurrent(DSLContext dsl, UUID personId) {
		return dsl.select(HOUSEHOLD.ID, HOUSEHOLD.VERSION)
			.from(HOUSEHOLD)
			.join(HOUSEHOLD_MEMBER)
			.on(HOUSEHOLD_MEMBER.HOUSEHOLD_ID.eq(HOUSEHOLD.ID))
			.where(HOUSEHOLD_MEMBER.PERSON_ID.eq(personId), HOUSEHOLD_MEMBER.LEFT_ON.isNull())
			.orderBy(HOUSEHOLD_MEMBER.SINCE.desc(), HOUSEHOLD.ID)
			.limit(1)
			.forUpdate()
			.of(HOUSEHOLD)
			.fetchOptional((row) -> new Locked(row.value1(), row.value2()));
	}

	void insertHousehold(DSLContext dsl, UUID id) {
		dsl.insertInto(HOUSEHOLD).set(HOUSEHOLD.ID, id).execute();
	}

	/** A membership, recorded now by the viewer. */
	void insertMember(DSLContext dsl, AccessContext context, UUID householdId, UUID personId, HouseholdRole role,
			@Nullable UUID representative, LocalDate since) {
		dsl.insertInto(HOUSEHOLD_MEMBER)
			.set(HOUSEHOLD_MEMBER.HOUSEHOLD_ID, householdId)
			.set(HOUSEHOLD_MEMBER.PERSON_ID, personId)
			.set(HOUSEHOLD_MEMBER.ROLE, role)
			.set(HOUSEHOLD_MEMBER.REPRESENTATIVE_PERSON_ID, representative)
			.set(HOUSEHOLD_MEMBER.SINCE, since)
			.set(HOUSEHOLD_MEMBER.RECORDED_BY_ORGANIZATION_ID, context.viewer().organization().id())
			.set(HOUSEHOLD_MEMBER.RECORDED_BY, context.viewer().username())
			.execute();
	}

	/**
	 * Changes a membership.
	 * @return whether the row was changed: row-level security lets the viewer change only
	 * the memberships of persons it reaches
	 */
	boolean updateMember(DSLContext dsl, UUID householdId, UUID personId, Map<Field<?>, @Nullable Object> changes) {
		if (changes.isEmpty()) {
			return dsl.fetchExists(HOUSEHOLD_MEMBER, HOUSEHOLD_MEMBER.HOUSEHOLD_ID.eq(householdId),
					HOUSEHOLD_MEMBER.PERSON_ID.eq(personId));
		}
		return dsl.update(HOUSEHOLD_MEMBER)
			.set(changes)
			.where(HOUSEHOLD_MEMBER.HOUSEHOLD_ID.eq(householdId), HOUSEHOLD_MEMBER.PERSON_ID.eq(personId))
			.execute() == 1;
	}

	/** The membership columns of an update, by the input's field names. */
	static Map<String, Field<?>> columns() {
		return Map.of("role", HOUSEHOLD_MEMBER.ROLE, "leftOn", HOUSEHOLD_MEMBER.LEFT_ON, "representativePersonId",
				HOUSEHOLD_MEMBER.REPRESENTATIVE_PERSON_ID);
	}

	/** Moves a locked household's version on. */
	void bump(DSLContext dsl, Locked household) {
		dsl.update(HOUSEHOLD)
			.set(HOUSEHOLD.VERSION, household.version() + 1)
			.where(HOUSEHOLD.ID.eq(household.id()), HOUSEHOLD.VERSION.eq(household.version()))
			.execute();
	}

	private static List<Record> composition(DSLContext dsl, Collection<UUID> personIds) {
		HouseholdComposition c = HOUSEHOLD_COMPOSITION.call(personIds.toArray(UUID[]::new)).as("c");
		return dsl.select(c.fields())
			.select(HOUSEHOLD.VERSION)
			.from(c)
			.join(HOUSEHOLD)
			.on(HOUSEHOLD.ID.eq(c.HOUSEHOLD_ID))
			.orderBy(c.PERSON_ID, c.HOUSEHOLD_ID, c.LEFT_ON.nullsFirst(), c.ROLE, c.BIRTH_DATE.nullsLast(), c.MEMBER_ID)
			.fetch()
			.stream()
			.map((row) -> (Record) row)
			.toList();
	}

	/**
	 * The households of these rows; the organizations not kept in memory are read in the
	 * same transaction.
	 */
	private Map<UUID, HouseholdView> households(DSLContext dsl, List<Record> rows) {
		HouseholdComposition c = HOUSEHOLD_COMPOSITION.as("c");
		Function<UUID, Organization> names = organizations(dsl, rows, c);
		LocalDate today = LocalDate.now(this.clock);
		// person -> household -> members, in the statement's order
		Map<UUID, Map<UUID, List<HouseholdMemberView>>> byPerson = new LinkedHashMap<>();
		Map<UUID, Integer> versions = new HashMap<>();
		Map<UUID, LocalDate> joined = new HashMap<>();
		for (Record row : rows) {
			UUID person = row.get(c.PERSON_ID);
			UUID household = row.get(c.HOUSEHOLD_ID);
			UUID member = row.get(c.MEMBER_ID);
			versions.put(household, row.get(HOUSEHOLD.VERSION));
			if (member.equals(person)) {
				joined.put(household, row.get(c.SINCE));
			}
			UUID recorder = row.get(c.RECORDED_BY_ORGANIZATION_ID);
			byPerson.computeIfAbsent(person, (id) -> new LinkedHashMap<>())
				.computeIfAbsent(household, (id) -> new ArrayList<>())
				.add(new HouseholdMemberView(member, row.get(c.FIRST_NAME), row.get(c.LAST_NAME), row.get(c.BIRTH_DATE),
						row.get(c.ROLE), HouseholdMemberView.minor(row.get(c.BIRTH_DATE), today),
						row.get(c.REPRESENTATIVE_PERSON_ID), row.get(c.SINCE), row.get(c.LEFT_ON),
						row.get(c.RECORDED_BY), (recorder != null) ? names.apply(recorder) : null,
						row.get(c.RECORDED_AT)));
		}
		Map<UUID, HouseholdView> result = new HashMap<>();
		byPerson.forEach((person, households) -> {
			// should a person belong to two households at once, the one joined last
			UUID latest = households.keySet()
				.stream()
				.max(Comparator.comparing((UUID household) -> joined.getOrDefault(household, LocalDate.MIN))
					.thenComparing(Comparator.<UUID>naturalOrder().reversed()))
				.orElseThrow();
			result.put(person, new HouseholdView(latest, versions.get(latest), List.copyOf(households.get(latest))));
		});
		return result;
	}

	private Function<UUID, Organization> organizations(DSLContext dsl, List<Record> rows, HouseholdComposition c) {
		Set<UUID> ids = new HashSet<>();
		rows.forEach((row) -> {
			UUID id = row.get(c.RECORDED_BY_ORGANIZATION_ID);
			if (id != null) {
				ids.add(id);
			}
		});
		return this.organizations.lookup(dsl, ids);
	}

}

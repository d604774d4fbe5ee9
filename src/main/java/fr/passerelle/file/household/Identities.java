package fr.passerelle.file.household;

import static fr.passerelle.jooq.Tables.IDENTITY_MATCHES;
import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.PERSON;
import static fr.passerelle.jooq.Tables.REACHED_BY_NAME;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessProperties;
import fr.passerelle.access.AccessScope;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.InvolvementKind;

/**
 * The person rows: registration, identity updates, versions, the name search and the
 * identity match, under the viewer's row-level security.
 */
@Repository
class Identities {

	private final ViewerTransactions transactions;

	private final AccessProperties properties;

	private final Clock clock;

	Identities(ViewerTransactions transactions, AccessProperties properties, Clock clock) {
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/** A person's identity and contact, validated. */
	record Identity(String firstName, String lastName, @Nullable LocalDate birthDate, @Nullable String phone,
			@Nullable String email) {
	}

	/** A person row locked for a change: its version, territory and birth date. */
	record Locked(int version, String territory, @Nullable LocalDate birthDate) {
	}

	/** One identity match of the SIAO's duplicate check. */
	record Match(UUID personId, boolean exact, String territory) {
	}

	void insert(DSLContext dsl, UUID id, String territory, Identity identity) {
		dsl.insertInto(PERSON)
			.set(PERSON.ID, id)
			.set(PERSON.TERRITORY, territory)
			.set(PERSON.FIRST_NAME, identity.firstName())
			.set(PERSON.LAST_NAME, identity.lastName())
			.set(PERSON.BIRTH_DATE, identity.birthDate())
			.set(PERSON.PHONE, identity.phone())
			.set(PERSON.EMAIL, identity.email())
			.execute();
	}

	/** Locks a person the viewer reaches, for a change of their identity or household. */
	Optional<Locked> lock(DSLContext dsl, UUID id) {
		return dsl.select(PERSON.VERSION, PERSON.TERRITORY, PERSON.BIRTH_DATE)
			.from(PERSON)
			.where(PERSON.ID.eq(id))
			.forUpdate()
			.fetchOptional((row) -> new Locked(row.value1(), row.value2(), row.value3()));
	}

	/**
	 * Writes the given identity and contact fields (a null value clears an optional one)
	 * from the stored version, and moves the version on.
	 */
	void update(DSLContext dsl, UUID id, int version, Map<Field<?>, @Nullable Object> changes) {
		Map<Field<?>, @Nullable Object> set = new java.util.LinkedHashMap<>(changes);
		set.put(PERSON.VERSION, version + 1);
		set.put(PERSON.UPDATED_AT, DSL.currentOffsetDateTime());
		set.put(PERSON.LAST_ACTIVITY_AT, DSL.currentOffsetDateTime());
		dsl.update(PERSON).set(set).where(PERSON.ID.eq(id), PERSON.VERSION.eq(version)).execute();
	}

	/** Marks the person's file active (caseload ordering, retention). */
	void touch(DSLContext dsl, UUID id) {
		dsl.update(PERSON).set(PERSON.LAST_ACTIVITY_AT, DSL.currentOffsetDateTime()).where(PERSON.ID.eq(id)).execute();
	}

	/** The identity columns of an update, by the input's field names. */
	static Map<String, Field<?>> columns() {
		return Map.of("firstName", PERSON.FIRST_NAME, "lastName", PERSON.LAST_NAME, "birthDate", PERSON.BIRTH_DATE,
				"phone", PERSON.PHONE, "email", PERSON.EMAIL);
	}

	/**
	 * The kind of the viewer's organization's active involvement with a person (the
	 * oldest), for the members it registers with them.
	 */
	Optional<InvolvementKind> activeKind(DSLContext dsl, UUID personId, UUID organizationId) {
		LocalDate today = LocalDate.now(this.clock);
		return dsl.select(INVOLVEMENT.KIND)
			.from(INVOLVEMENT)
			.where(INVOLVEMENT.PERSON_ID.eq(personId), INVOLVEMENT.ORGANIZATION_ID.eq(organizationId),
					INVOLVEMENT.STARTED_ON.le(today), INVOLVEMENT.ENDED_ON.isNull().or(INVOLVEMENT.ENDED_ON.gt(today)))
			.orderBy(INVOLVEMENT.STARTED_ON, INVOLVEMENT.ID)
			.limit(1)
			.fetchOptional(INVOLVEMENT.KIND);
	}

	/**
	 * The persons the viewer reaches whose last or first name starts with this prefix
	 * (ignoring case; the prefix is matched literally) and born on that date if given, by
	 * name, at most {@code limit}: one statement, driven by the names' index (its cost
	 * grows with the persons whose name starts with the prefix, not with the caseload),
	 * keeping the persons the viewer's organization reaches or holds an emergency access
	 * to, as row-level security would.
	 */
	List<UUID> search(AccessContext context, String prefix, @Nullable LocalDate birthDate, int limit) {
		AccessScope scope = context.scope();
		if (scope.organizationId() == null) {
			return List.of();
		}
		// the candidates by the names' index, among the persons the policies let the
		// viewer read (reached_by_name, V13), then read under row-level security
		var found = REACHED_BY_NAME.call(prefix, birthDate, limit);
		return this.transactions.run(scope,
				(dsl) -> dsl.select(PERSON.ID)
					.from(found)
					.join(PERSON)
					.on(PERSON.ID.eq(found.PERSON_ID))
					.orderBy(found.RANK)
					.fetch(PERSON.ID));
	}

	/**
	 * Registered persons with this last name and birth date, whoever follows them (a
	 * security-definer function that answers only ids, closeness and territory).
	 */
	List<Match> matches(AccessContext context, String firstName, String lastName, LocalDate birthDate) {
		return this.transactions
			.run(context.scope(), (dsl) -> dsl.selectFrom(IDENTITY_MATCHES.call(firstName, lastName, birthDate))
				.fetch((row) -> new Match(row.getPersonId(), Boolean.TRUE.equals(row.getExact()), row.getTerritory())));
	}

}

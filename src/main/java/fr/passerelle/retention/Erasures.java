package fr.passerelle.retention;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_MEMBER;
import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.PERSON;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.DataCategory;
import fr.passerelle.file.FilePart;
import fr.passerelle.file.FilePart.Items;
import fr.passerelle.file.FilePart.Scrub;
import fr.passerelle.file.FileParts;
import fr.passerelle.retention.RetentionReport.RetainedElements;

/**
 * Anonymization in the database, inside a transaction of the privacy office (every row
 * visible and updatable under row-level security, see V7). Every statement works on a
 * whole set of persons or elements at once; nothing is ever deleted.
 *
 * <p>
 * What goes: identity and contact (names replaced by {@value #NAME}, the birth date by 1
 * January of its year, phone and email emptied) and every free text that may identify
 * (emptied, or {@value #TEXT} where the column may not be empty): those of the person's
 * own tables here, those each part of the file declares ({@link FilePart#scrubs}, the
 * housing application's national registration number among them). What stays: every row,
 * kind, category, date, amount, status, organization and the users who recorded them (the
 * employees, not the person), so that counts, durations and sums are the same after as
 * before.
 */
@Repository
class Erasures {

	/** What replaces a first or last name (and a representative's name). */
	static final String NAME = "Anonyme";

	/** What replaces a free text that may not be empty. */
	static final String TEXT = FilePart.TEXT;

	/** What replaces an emergency access's justification (20 characters at least). */
	static final String JUSTIFICATION = "[anonymisé] justification effacée";

	/**
	 * 1 January of the birth year: ages stay countable in years (the column refuses
	 * 1900-01-01 itself).
	 */
	private static final Field<LocalDate> BIRTH_YEAR = DSL
		.field("greatest(date_trunc('year', {0})::date, DATE '1900-01-02')", LocalDate.class, PERSON.BIRTH_DATE);

	/**
	 * A table holding a person's data to replace.
	 *
	 * @param person the column naming the person
	 * @param element an element of the file: its version moves and the update is signed
	 */
	record Target(Table<?> table, Field<UUID> person, List<Scrub> scrubs, boolean element) {

		Condition pending() {
			return DSL.or(this.scrubs.stream().map(Scrub::pending).toList());
		}

	}

	/**
	 * What anonymizing a person replaces outside the parts of the file, the person's row
	 * first. Household membership holds no free text.
	 */
	private static final List<Target> PERSON_TARGETS = List.of(
			new Target(PERSON, PERSON.ID,
					List.of(named(PERSON.FIRST_NAME), named(PERSON.LAST_NAME),
							new Scrub(PERSON.BIRTH_DATE, BIRTH_YEAR, PERSON.BIRTH_DATE.ne(BIRTH_YEAR)), Scrub.nulled(
									PERSON.PHONE),
							Scrub.nulled(PERSON.EMAIL)),
					false),
			new Target(INVOLVEMENT, INVOLVEMENT.PERSON_ID, List.of(Scrub.texted(INVOLVEMENT.REASON)), false),
			new Target(CONSENT, CONSENT.PERSON_ID, List.of(
					// a representative's consent keeps a representative (the column's
					// check), not their name
					new Scrub(CONSENT.REPRESENTATIVE_NAME,
							DSL.when(CONSENT.REPRESENTATIVE_NAME.isNotNull(), DSL.inline(NAME)),
							CONSENT.REPRESENTATIVE_NAME.ne(NAME)),
					Scrub.nulled(CONSENT.DOCUMENT_REFERENCE), Scrub.nulled(CONSENT.REVOCATION_REASON),
					Scrub.nulled(CONSENT.CHANGE_REASON)), false),
			new Target(EMERGENCY_ACCESS, EMERGENCY_ACCESS.PERSON_ID,
					List.of(new Scrub(EMERGENCY_ACCESS.JUSTIFICATION, DSL.inline(JUSTIFICATION),
							EMERGENCY_ACCESS.JUSTIFICATION.ne(JUSTIFICATION)),
							Scrub.nulled(EMERGENCY_ACCESS.REVIEW_COMMENT)),
					false));

	/**
	 * The free texts of a category kept for a period of their own.
	 *
	 * @param target the table whose texts are kept (the part's, or its items')
	 * @param scope the rows of the table in the category
	 * @param current an element still in use, never scrubbed
	 * @param items the items whose texts go with their element's, if any
	 */
	private record Retained(Target target, Condition scope, Condition current, @Nullable Items items) {
	}

	/** Everything anonymizing a person replaces: the person's tables, then the file's. */
	private final List<Target> targets;

	private final Map<DataCategory, Retained> retained;

	Erasures(FileParts parts) {
		List<Target> all = new ArrayList<>(PERSON_TARGETS);
		Map<DataCategory, Retained> kept = new EnumMap<>(DataCategory.class);
		for (FilePart part : parts.all()) {
			Target elements = new Target(part.table(), FilePart.person(part.table()), part.scrubs(),
					element(part.table()));
			Items items = part.items();
			Target nested = (items != null)
					? new Target(items.table(), FilePart.person(items.table()), items.scrubs(), element(items.table()))
					: null;
			if (!elements.scrubs().isEmpty()) {
				all.add(elements);
			}
			if (nested != null && !nested.scrubs().isEmpty()) {
				all.add(nested);
			}
			part.retention()
				.forEach((category, rule) -> kept.put(category,
						rule.onItems()
								? new Retained(Objects.requireNonNull(nested), rule.scope(), rule.current(), null)
								: new Retained(elements, rule.scope(), rule.current(),
										(items != null && !items.scrubs().isEmpty()) ? items : null)));
		}
		this.targets = List.copyOf(all);
		this.retained = kept;
	}

	/** The categories whose free texts may have a retention period of their own. */
	Set<DataCategory> retainedCategories() {
		return this.retained.keySet();
	}

	/**
	 * Whether a table holds elements of the file: its version moves and its updates are
	 * signed.
	 */
	private static boolean element(Table<?> table) {
		return table.field("version") != null && table.field("updated_by") != null;
	}

	/** A person as retention sees them. */
	record Candidate(UUID id, OffsetDateTime lastActivityAt, @Nullable OffsetDateTime anonymizedAt) {
	}

	/**
	 * The other members of a person's households.
	 *
	 * @param due registered only through the person's households (in no other) and
	 * themselves without activity since the cutoff: anonymized with the person
	 * @param kept the others not anonymized yet
	 */
	record Members(List<Candidate> due, List<UUID> kept) {
	}

	/** The elements of a category whose free text goes, and the counts per field. */
	record Scan(List<RetainedElements> elements, List<FieldCount> fields) {
	}

	/** The person, locked for the rest of the transaction if asked. */
	Optional<Candidate> person(DSLContext dsl, UUID id, boolean lock) {
		var query = dsl.select(PERSON.ID, PERSON.LAST_ACTIVITY_AT, PERSON.ANONYMIZED_AT)
			.from(PERSON)
			.where(PERSON.ID.eq(id));
		ResultQuery<Record3<UUID, OffsetDateTime, OffsetDateTime>> locked = lock ? query.forUpdate() : query;
		return locked.fetchOptional((row) -> new Candidate(row.value1(), row.value2(), row.value3()));
	}

	/**
	 * The persons not anonymized whose last activity is before the cutoff, the oldest
	 * first; when locking, those another transaction holds are skipped (the next run
	 * takes them).
	 */
	List<Candidate> due(DSLContext dsl, OffsetDateTime cutoff, int limit, boolean lock) {
		var query = dsl.select(PERSON.ID, PERSON.LAST_ACTIVITY_AT, PERSON.ANONYMIZED_AT)
			.from(PERSON)
			.where(PERSON.ANONYMIZED_AT.isNull(), PERSON.LAST_ACTIVITY_AT.lt(cutoff))
			.orderBy(PERSON.LAST_ACTIVITY_AT, PERSON.ID)
			.limit(limit);
		ResultQuery<Record3<UUID, OffsetDateTime, OffsetDateTime>> locked = lock ? query.forUpdate().skipLocked()
				: query;
		return locked.fetch((row) -> new Candidate(row.value1(), row.value2(), row.value3()));
	}

	/**
	 * The other members of the households the person belongs or belonged to; those due
	 * are locked if asked.
	 */
	Members members(DSLContext dsl, UUID personId, OffsetDateTime cutoff, boolean lock) {
		var own = HOUSEHOLD_MEMBER.as("own");
		var other = HOUSEHOLD_MEMBER.as("other");
		Select<Record1<UUID>> households = DSL.select(own.HOUSEHOLD_ID).from(own).where(own.PERSON_ID.eq(personId));
		Field<Boolean> elsewhere = DSL.field(DSL.exists(DSL.selectOne()
			.from(other)
			.where(other.PERSON_ID.eq(HOUSEHOLD_MEMBER.PERSON_ID), other.HOUSEHOLD_ID.notIn(households))));
		List<UUID> due = new ArrayList<>();
		List<UUID> kept = new ArrayList<>();
		dsl.selectDistinct(PERSON.ID, PERSON.LAST_ACTIVITY_AT, PERSON.ANONYMIZED_AT, elsewhere)
			.from(HOUSEHOLD_MEMBER)
			.join(PERSON)
			.on(PERSON.ID.eq(HOUSEHOLD_MEMBER.PERSON_ID))
			.where(HOUSEHOLD_MEMBER.HOUSEHOLD_ID.in(households), HOUSEHOLD_MEMBER.PERSON_ID.ne(personId))
			.orderBy(PERSON.ID)
			.fetch()
			.forEach((row) -> {
				if (row.value3() != null) {
					return;
				}
				(!row.value4() && row.value2().isBefore(cutoff) ? due : kept).add(row.value1());
			});
		if (due.isEmpty()) {
			return new Members(List.of(), kept);
		}
		// locked, then read again: a write that came in meanwhile makes the member active
		var query = dsl.select(PERSON.ID, PERSON.LAST_ACTIVITY_AT, PERSON.ANONYMIZED_AT)
			.from(PERSON)
			.where(PERSON.ID.eq(DSL.any(due.toArray(UUID[]::new))), PERSON.ANONYMIZED_AT.isNull(),
					PERSON.LAST_ACTIVITY_AT.lt(cutoff))
			.orderBy(PERSON.ID);
		List<Candidate> still = (lock ? query.forUpdate() : query)
			.fetch((row) -> new Candidate(row.value1(), row.value2(), row.value3()));
		due.stream().filter((id) -> still.stream().noneMatch((member) -> member.id().equals(id))).forEach(kept::add);
		return new Members(still, kept);
	}

	/**
	 * For each person, the fields anonymizing them replaces (those with something to
	 * replace), one statement per table.
	 */
	Map<UUID, List<FieldCount>> counts(DSLContext dsl, Collection<UUID> persons) {
		Map<UUID, List<FieldCount>> counts = new LinkedHashMap<>();
		persons.forEach((id) -> counts.put(id, new ArrayList<>()));
		if (persons.isEmpty()) {
			return counts;
		}
		UUID[] ids = persons.toArray(UUID[]::new);
		for (Target target : this.targets) {
			List<Field<?>> columns = new ArrayList<>();
			columns.add(target.person());
			target.scrubs().forEach((scrub) -> columns.add(DSL.count().filterWhere(scrub.pending())));
			Map<UUID, Record> rows = new LinkedHashMap<>();
			dsl.select(columns)
				.from(target.table())
				.where(target.person().eq(DSL.any(ids)))
				.groupBy(target.person())
				.fetch()
				.forEach((row) -> rows.put(row.get(target.person()), row));
			for (UUID id : persons) {
				Record row = rows.get(id);
				for (int i = 0; row != null && i < target.scrubs().size(); i++) {
					int count = row.get(i + 1, Integer.class);
					if (count > 0) {
						counts.get(id)
							.add(new FieldCount(target.table().getName(), target.scrubs().get(i).column().getName(),
									count));
					}
				}
			}
		}
		return counts;
	}

	/**
	 * Anonymizes these persons (not anonymized yet), one statement per table, and marks
	 * them.
	 * @param actor who anonymizes: the privacy officer's username, or the retention run
	 * @return when (the transaction's time)
	 */
	OffsetDateTime anonymize(DSLContext dsl, Collection<UUID> persons, String actor, String reason) {
		OffsetDateTime now = dsl.select(DSL.currentOffsetDateTime()).fetchSingle().value1();
		if (persons.isEmpty()) {
			return now;
		}
		UUID[] ids = persons.toArray(UUID[]::new);
		for (Target target : this.targets) {
			if (target.table() == PERSON) {
				continue;
			}
			dsl.update(target.table())
				.set(changes(target, actor, now))
				.where(target.person().eq(DSL.any(ids)), target.pending())
				.execute();
		}
		dsl.update(PERSON)
			.set(PERSON.FIRST_NAME, NAME)
			.set(PERSON.LAST_NAME, NAME)
			.set(PERSON.BIRTH_DATE, BIRTH_YEAR)
			.setNull(PERSON.PHONE)
			.setNull(PERSON.EMAIL)
			.set(PERSON.VERSION, PERSON.VERSION.plus(1))
			.set(PERSON.UPDATED_AT, now)
			.set(PERSON.ANONYMIZED_AT, now)
			.set(PERSON.ANONYMIZED_BY, actor)
			.set(PERSON.ANONYMIZED_REASON, reason)
			.where(PERSON.ID.eq(DSL.any(ids)), PERSON.ANONYMIZED_AT.isNull())
			.execute();
		return now;
	}

	/**
	 * The elements of the category last written before the cutoff, no longer in use, that
	 * still hold free text; the persons due for anonymization (last activity before
	 * {@code personCutoff}) are left to it. Locked if asked.
	 */
	Scan scan(DSLContext dsl, DataCategory category, OffsetDateTime cutoff, OffsetDateTime personCutoff, boolean lock) {
		Retained retained = this.retained.get(category);
		Target target = retained.target();
		Table<?> table = target.table();
		Field<UUID> id = table.field("id", UUID.class);
		Condition pending = target.pending();
		Items items = retained.items();
		if (items != null) {
			pending = pending
				.or(DSL.exists(DSL.selectOne().from(items.table()).where(items.parent().eq(id), itemsPending(items))));
		}
		Field<OffsetDateTime> lastWrite = DSL.coalesce(table.field("updated_at", OffsetDateTime.class),
				table.field("recorded_at", OffsetDateTime.class));
		Condition where = retained.scope()
			.and(lastWrite.lt(cutoff))
			.andNot(retained.current())
			.and(pending)
			.andNotExists(DSL.selectOne()
				.from(PERSON)
				.where(PERSON.ID.eq(target.person()), PERSON.ANONYMIZED_AT.isNull(),
						PERSON.LAST_ACTIVITY_AT.lt(personCutoff)));
		List<Field<?>> columns = new ArrayList<>();
		columns.add(id);
		target.scrubs().forEach((scrub) -> columns.add(DSL.field(scrub.pending())));
		var query = dsl.select(columns).from(table).where(where).orderBy(id);
		List<UUID> ids = new ArrayList<>();
		int[] counts = new int[target.scrubs().size()];
		(lock ? query.forUpdate() : query).fetch().forEach((row) -> {
			ids.add(row.get(id));
			for (int i = 0; i < counts.length; i++) {
				if (Boolean.TRUE.equals(row.get(i + 1, Boolean.class))) {
					counts[i]++;
				}
			}
		});
		List<FieldCount> fields = new ArrayList<>();
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] > 0) {
				fields.add(new FieldCount(table.getName(), target.scrubs().get(i).column().getName(), counts[i]));
			}
		}
		if (items != null && !ids.isEmpty()) {
			for (Scrub scrub : items.scrubs()) {
				int texts = dsl.fetchCount(items.table(),
						items.parent().eq(DSL.any(ids.toArray(UUID[]::new))).and(scrub.pending()));
				if (texts > 0) {
					fields.add(new FieldCount(items.table().getName(), scrub.column().getName(), texts));
				}
			}
		}
		List<RetainedElements> elements = ids.isEmpty() ? List.of()
				: List.of(new RetainedElements(table.getName(), ids));
		return new Scan(elements, fields);
	}

	/** Scrubs the free texts of the elements a scan found. */
	void scrub(DSLContext dsl, DataCategory category, Scan scan, String actor) {
		Retained retained = this.retained.get(category);
		Target target = retained.target();
		Items items = retained.items();
		OffsetDateTime now = dsl.select(DSL.currentOffsetDateTime()).fetchSingle().value1();
		for (RetainedElements elements : scan.elements()) {
			UUID[] ids = elements.ids().toArray(UUID[]::new);
			dsl.update(target.table())
				.set(changes(target, actor, now))
				.where(target.table().field("id", UUID.class).eq(DSL.any(ids)), target.pending())
				.execute();
			if (items != null) {
				Map<Field<?>, Object> set = new LinkedHashMap<>();
				items.scrubs().forEach((scrub) -> set.put(scrub.column(), scrub.replacement()));
				dsl.update(items.table())
					.set(set)
					.where(items.parent().eq(DSL.any(ids)), itemsPending(items))
					.execute();
			}
		}
	}

	/**
	 * The replacements of a target; an element's version moves (a client holding the old
	 * one cannot write its text back) and the update is signed.
	 */
	private static Map<Field<?>, Object> changes(Target target, String actor, OffsetDateTime now) {
		Map<Field<?>, Object> set = new LinkedHashMap<>();
		target.scrubs().forEach((scrub) -> set.put(scrub.column(), scrub.replacement()));
		if (target.element()) {
			Field<Integer> version = target.table().field("version", Integer.class);
			set.put(version, version.plus(1));
			set.put(target.table().field("updated_by", String.class), actor);
			set.put(target.table().field("updated_at", OffsetDateTime.class), now);
		}
		return set;
	}

	/** Whether an item still holds a text to replace. */
	private static Condition itemsPending(Items items) {
		return DSL.or(items.scrubs().stream().map(Scrub::pending).toList());
	}

	private static Scrub named(Field<String> column) {
		return new Scrub(column, DSL.inline(NAME), column.ne(NAME));
	}

}

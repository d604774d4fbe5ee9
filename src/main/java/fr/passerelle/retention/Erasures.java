package fr.passerelle.retention;

import static fr.passerelle.jooq.Tables.BENEFIT;
import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_MEMBER;
import static fr.passerelle.jooq.Tables.HOUSING_APPLICATION;
import static fr.passerelle.jooq.Tables.HOUSING_WISH;
import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.NEEDS_ASSESSMENT;
import static fr.passerelle.jooq.Tables.NEEDS_ASSESSMENT_ITEM;
import static fr.passerelle.jooq.Tables.PERSON;
import static fr.passerelle.jooq.Tables.PREVENTION_STEP;
import static fr.passerelle.jooq.Tables.RENT_ARREARS;
import static fr.passerelle.jooq.Tables.RESIDENTIAL_SITUATION;
import static fr.passerelle.jooq.Tables.SENSITIVE_RECORD;
import static fr.passerelle.jooq.Tables.SIAO_ORIENTATION;
import static fr.passerelle.jooq.Tables.SUPPORT_NOTE;
import static fr.passerelle.jooq.Tables.TENANCY;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import fr.passerelle.jooq.Sequences;
import fr.passerelle.jooq.enums.ArrearsStatus;
import fr.passerelle.jooq.enums.BenefitStatus;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.jooq.tables.HousingWish;
import fr.passerelle.jooq.tables.NeedsAssessment;
import fr.passerelle.retention.RetentionReport.RetainedElements;

/**
 * Anonymization in the database, inside a transaction of the privacy office (every row
 * visible and updatable under row-level security, see V7). Every statement works on a
 * whole set of persons or elements at once; nothing is ever deleted.
 *
 * <p>
 * What goes: identity and contact (names replaced by {@value #NAME}, the birth date by 1
 * January of its year, phone and email emptied) and every free text that may identify
 * (emptied, or {@value #TEXT} where the column may not be empty), and the housing
 * application's national registration number. What stays: every row, kind, category,
 * date, amount, status, organization and the users who recorded them (the employees, not
 * the person), so that counts, durations and sums are the same after as before.
 */
@Repository
class Erasures {

	/** What replaces a first or last name (and a representative's name). */
	static final String NAME = "Anonyme";

	/** What replaces a free text that may not be empty. */
	static final String TEXT = "[anonymisé]";

	/** What replaces an emergency access's justification (20 characters at least). */
	static final String JUSTIFICATION = "[anonymisé] justification effacée";

	/** The office code of an anonymized SNE number (see V7). */
	static final String SNE_OFFICE = "ANONY";

	/**
	 * 1 January of the birth year: ages stay countable in years (the column refuses
	 * 1900-01-01 itself).
	 */
	private static final Field<LocalDate> BIRTH_YEAR = DSL
		.field("greatest(date_trunc('year', {0})::date, DATE '1900-01-02')", LocalDate.class, PERSON.BIRTH_DATE);

	/**
	 * A column anonymization replaces.
	 *
	 * @param replacement what replaces it
	 * @param pending whether a row still holds something to replace (what is counted)
	 */
	record Scrub(Field<?> column, Field<?> replacement, Condition pending) {
	}

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

	private static final Target RESIDENTIAL = new Target(RESIDENTIAL_SITUATION, RESIDENTIAL_SITUATION.PERSON_ID,
			List.of(nulled(RESIDENTIAL_SITUATION.PLACE), nulled(RESIDENTIAL_SITUATION.NOTE)), true);

	private static final Target WISHES = new Target(HOUSING_WISH, HOUSING_WISH.PERSON_ID,
			List.of(new Scrub(HOUSING_WISH.LOCATIONS, DSL.field("'{}'::text[]", HOUSING_WISH.LOCATIONS.getDataType()),
					DSL.condition("cardinality({0}) > 0", HOUSING_WISH.LOCATIONS)), nulled(HOUSING_WISH.CONSTRAINTS),
					nulled(HOUSING_WISH.OWN_WORDS)),
			true);

	private static final Target ASSESSMENTS = new Target(NEEDS_ASSESSMENT, NEEDS_ASSESSMENT.PERSON_ID,
			List.of(nulled(NEEDS_ASSESSMENT.SUMMARY)), true);

	private static final Target ASSESSMENT_ITEMS = new Target(NEEDS_ASSESSMENT_ITEM, NEEDS_ASSESSMENT_ITEM.PERSON_ID,
			List.of(nulled(NEEDS_ASSESSMENT_ITEM.NOTE)), false);

	private static final Target NOTES = new Target(SUPPORT_NOTE, SUPPORT_NOTE.PERSON_ID,
			List.of(texted(SUPPORT_NOTE.BODY)), true);

	private static final Target ORIENTATIONS = new Target(SIAO_ORIENTATION, SIAO_ORIENTATION.PERSON_ID,
			List.of(nulled(SIAO_ORIENTATION.REQUEST_NOTE), nulled(SIAO_ORIENTATION.OUTCOME_NOTE)), true);

	/**
	 * The SNE number names the applicant in the national register: it keeps its
	 * département and month of filing, the rest is drawn from a sequence (unique, like
	 * the column).
	 */
	private static final Target APPLICATIONS = new Target(HOUSING_APPLICATION, HOUSING_APPLICATION.PERSON_ID,
			List.of(new Scrub(HOUSING_APPLICATION.SNE_NUMBER, DSL.substring(HOUSING_APPLICATION.SNE_NUMBER, 1, 7)
				.concat(DSL.lpad(Sequences.ANONYMIZED_SNE_SEQ.nextval().mod(1_000_000L).cast(String.class), 6, "0"))
				.concat(DSL.inline(SNE_OFFICE)), HOUSING_APPLICATION.SNE_NUMBER.notLike("%" + SNE_OFFICE))),
			true);

	private static final Target TENANCIES = new Target(TENANCY, TENANCY.PERSON_ID, List.of(texted(TENANCY.ADDRESS)),
			true);

	private static final Target BENEFITS = new Target(BENEFIT, BENEFIT.PERSON_ID,
			List.of(nulled(BENEFIT.SUSPENSION_REASON)), true);

	private static final Target STEPS = new Target(PREVENTION_STEP, PREVENTION_STEP.PERSON_ID,
			List.of(nulled(PREVENTION_STEP.NOTE)), true);

	private static final Target SENSITIVE = new Target(SENSITIVE_RECORD, SENSITIVE_RECORD.PERSON_ID,
			List.of(nulled(SENSITIVE_RECORD.SUMMARY)), true);

	/**
	 * Everything anonymizing a person replaces, the person's row first. Household
	 * membership, support measures (their case lead is an employee), proposals,
	 * attributions and arrears hold no free text.
	 */
	static final List<Target> TARGETS = List.of(
			new Target(PERSON, PERSON.ID,
					List.of(named(PERSON.FIRST_NAME), named(PERSON.LAST_NAME),
							new Scrub(PERSON.BIRTH_DATE, BIRTH_YEAR, PERSON.BIRTH_DATE.ne(BIRTH_YEAR)), nulled(
									PERSON.PHONE),
							nulled(PERSON.EMAIL)),
					false),
			new Target(INVOLVEMENT, INVOLVEMENT.PERSON_ID, List.of(texted(INVOLVEMENT.REASON)), false),
			new Target(CONSENT, CONSENT.PERSON_ID, List.of(
					// a representative's consent keeps a representative (the column's
					// check), not their name
					new Scrub(CONSENT.REPRESENTATIVE_NAME,
							DSL.when(CONSENT.REPRESENTATIVE_NAME.isNotNull(), DSL.inline(NAME)),
							CONSENT.REPRESENTATIVE_NAME.ne(NAME)),
					nulled(CONSENT.DOCUMENT_REFERENCE), nulled(CONSENT.REVOCATION_REASON)), false),
			new Target(EMERGENCY_ACCESS, EMERGENCY_ACCESS.PERSON_ID,
					List.of(new Scrub(EMERGENCY_ACCESS.JUSTIFICATION, DSL.inline(JUSTIFICATION),
							EMERGENCY_ACCESS.JUSTIFICATION.ne(JUSTIFICATION)), nulled(EMERGENCY_ACCESS.REVIEW_COMMENT)),
					false),
			RESIDENTIAL, WISHES, ASSESSMENTS, ASSESSMENT_ITEMS, NOTES, ORIENTATIONS, APPLICATIONS, TENANCIES, BENEFITS,
			STEPS, SENSITIVE);

	/**
	 * The free texts of a category kept for a period of their own.
	 *
	 * @param scope the rows of the table in the category
	 * @param current an element still in use, never scrubbed: an open period, a pending
	 * orientation, the latest wish or assessment (until a newer one supersedes it), a
	 * current suspension, the steps of unsettled arrears
	 */
	private record Retained(Target target, Condition scope, Condition current) {
	}

	private static final Map<DataCategory, Retained> RETAINED = retained();

	/** The categories whose free texts may have a retention period of their own. */
	static final Set<DataCategory> RETAINED_CATEGORIES = RETAINED.keySet();

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
		for (Target target : TARGETS) {
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
		for (Target target : TARGETS) {
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
		Retained retained = RETAINED.get(category);
		Target target = retained.target();
		Table<?> table = target.table();
		Field<UUID> id = table.field("id", UUID.class);
		Condition pending = target.pending();
		if (table == NEEDS_ASSESSMENT) {
			pending = pending.or(DSL.exists(DSL.selectOne()
				.from(NEEDS_ASSESSMENT_ITEM)
				.where(NEEDS_ASSESSMENT_ITEM.ASSESSMENT_ID.eq(NEEDS_ASSESSMENT.ID),
						NEEDS_ASSESSMENT_ITEM.NOTE.isNotNull())));
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
		if (table == NEEDS_ASSESSMENT && !ids.isEmpty()) {
			int notes = dsl.fetchCount(NEEDS_ASSESSMENT_ITEM,
					NEEDS_ASSESSMENT_ITEM.ASSESSMENT_ID.eq(DSL.any(ids.toArray(UUID[]::new)))
						.and(NEEDS_ASSESSMENT_ITEM.NOTE.isNotNull()));
			if (notes > 0) {
				fields
					.add(new FieldCount(NEEDS_ASSESSMENT_ITEM.getName(), NEEDS_ASSESSMENT_ITEM.NOTE.getName(), notes));
			}
		}
		List<RetainedElements> elements = ids.isEmpty() ? List.of()
				: List.of(new RetainedElements(table.getName(), ids));
		return new Scan(elements, fields);
	}

	/** Scrubs the free texts of the elements a scan found. */
	void scrub(DSLContext dsl, DataCategory category, Scan scan, String actor) {
		Target target = RETAINED.get(category).target();
		OffsetDateTime now = dsl.select(DSL.currentOffsetDateTime()).fetchSingle().value1();
		for (RetainedElements elements : scan.elements()) {
			UUID[] ids = elements.ids().toArray(UUID[]::new);
			dsl.update(target.table())
				.set(changes(target, actor, now))
				.where(target.table().field("id", UUID.class).eq(DSL.any(ids)), target.pending())
				.execute();
			if (target.table() == NEEDS_ASSESSMENT) {
				dsl.update(NEEDS_ASSESSMENT_ITEM)
					.setNull(NEEDS_ASSESSMENT_ITEM.NOTE)
					.where(NEEDS_ASSESSMENT_ITEM.ASSESSMENT_ID.eq(DSL.any(ids)), NEEDS_ASSESSMENT_ITEM.NOTE.isNotNull())
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

	private static Map<DataCategory, Retained> retained() {
		Map<DataCategory, Retained> retained = new EnumMap<>(DataCategory.class);
		retained.put(DataCategory.RESIDENTIAL_SITUATION,
				new Retained(RESIDENTIAL, DSL.noCondition(), RESIDENTIAL_SITUATION.ENDED_ON.isNull()));
		HousingWish newerWish = HOUSING_WISH.as("newer");
		retained.put(DataCategory.HOUSING_WISHES,
				new Retained(WISHES, DSL.noCondition(),
						DSL.notExists(DSL.selectOne()
							.from(newerWish)
							.where(newerWish.PERSON_ID.eq(HOUSING_WISH.PERSON_ID), DSL
								.row(newerWish.EXPRESSED_ON, newerWish.RECORDED_AT, newerWish.ID)
								.gt(DSL.row(HOUSING_WISH.EXPRESSED_ON, HOUSING_WISH.RECORDED_AT, HOUSING_WISH.ID))))));
		NeedsAssessment newerAssessment = NEEDS_ASSESSMENT.as("newer");
		retained.put(DataCategory.NEEDS_ASSESSMENT, new Retained(ASSESSMENTS, DSL.noCondition(), DSL
			.notExists(DSL.selectOne()
				.from(newerAssessment)
				.where(newerAssessment.PERSON_ID.eq(NEEDS_ASSESSMENT.PERSON_ID), DSL
					.row(newerAssessment.ASSESSED_ON, newerAssessment.RECORDED_AT, newerAssessment.ID)
					.gt(DSL.row(NEEDS_ASSESSMENT.ASSESSED_ON, NEEDS_ASSESSMENT.RECORDED_AT, NEEDS_ASSESSMENT.ID))))));
		retained.put(DataCategory.SUPPORT_NOTES, new Retained(NOTES, DSL.noCondition(), DSL.falseCondition()));
		retained.put(DataCategory.HOUSING_APPLICATION, new Retained(ORIENTATIONS, DSL.noCondition(),
				SIAO_ORIENTATION.STATUS.in(OrientationStatus.REQUESTED, OrientationStatus.PROPOSED)));
		retained.put(DataCategory.TENANCY, new Retained(TENANCIES, DSL.noCondition(), TENANCY.ENDED_ON.isNull()));
		retained.put(DataCategory.RESOURCES,
				new Retained(BENEFITS, DSL.noCondition(), BENEFIT.STATUS.eq(BenefitStatus.SUSPENDED)));
		retained.put(DataCategory.RENT_ARREARS, new Retained(STEPS, DSL.noCondition(), DSL.exists(DSL.selectOne()
			.from(RENT_ARREARS)
			.where(RENT_ARREARS.ID.eq(PREVENTION_STEP.ARREARS_ID), RENT_ARREARS.STATUS.ne(ArrearsStatus.CLOSED)))));
		for (DataCategory sensitive : List.of(DataCategory.HEALTH, DataCategory.JUSTICE, DataCategory.VIOLENCE)) {
			retained.put(sensitive, new Retained(SENSITIVE, SENSITIVE_RECORD.CATEGORY.eq(sensitive),
					SENSITIVE_RECORD.ENDED_ON.isNull()));
		}
		return retained;
	}

	private static Scrub named(Field<String> column) {
		return new Scrub(column, DSL.inline(NAME), column.ne(NAME));
	}

	private static Scrub texted(Field<String> column) {
		return new Scrub(column, DSL.inline(TEXT), column.ne(TEXT));
	}

	private static <T> Scrub nulled(Field<T> column) {
		return new Scrub(column, DSL.inline((T) null, column), column.isNotNull());
	}

}

package fr.passerelle.file.resources;

import static fr.passerelle.jooq.Tables.BENEFIT;
import org.jooq.impl.DSL;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import fr.passerelle.access.DataCategory;
import fr.passerelle.file.FilePart;
import fr.passerelle.file.FilePart.Retention;
import fr.passerelle.file.FilePart.Scrub;
import fr.passerelle.jooq.enums.BenefitStatus;
import fr.passerelle.person.CaseloadFilter;
import static fr.passerelle.jooq.Tables.PREVENTION_STEP;
import static fr.passerelle.jooq.Tables.RENT_ARREARS;
import static fr.passerelle.jooq.Tables.TENANCY;

import java.math.BigDecimal;
import java.time.LocalDate;
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
import fr.passerelle.access.AccessException;
import fr.passerelle.access.Organization;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.file.FileReads.Nested;
import fr.passerelle.file.FileReads.Part;
import fr.passerelle.file.FileReads;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.ArrearsStatus;
import fr.passerelle.jooq.enums.PreventionStepKind;
import fr.passerelle.jooq.enums.StepOutcome;
import fr.passerelle.jooq.tables.records.PreventionStepRecord;
import fr.passerelle.jooq.tables.records.RentArrearsRecord;
import fr.passerelle.organization.Organizations;

/**
 * Rent arrears and their prevention steps in the database (under the viewer's RLS). The
 * steps are read with the arrears: one more statement for a whole batch of persons.
 */
@Repository
class RentArrears {

	/** The most months of arrears the file records (twenty years). */
	static final int MAX_MONTHS = 240;

	/** The steps, read for the persons of a batch of arrears; not a loader of its own. */
	static final Part<PreventionStepView> STEPS = new Part<>("file.preventionSteps", PREVENTION_STEP, List.of(),
			List.of(PREVENTION_STEP.TAKEN_ON, PREVENTION_STEP.RECORDED_AT, PREVENTION_STEP.ID),
			(row, organizations) -> {
				PreventionStepRecord r = row.into(PREVENTION_STEP);
				return new PreventionStepView(r.getId(), r.getPersonId(), r.getArrearsId(), r.getKind(), r.getTakenOn(),
						r.getAmount(), r.getOutcome(), r.getNote(),
						Provenance.of(row, PREVENTION_STEP, organizations.apply(r.getRecordedByOrganizationId())));
			});

	/** The arrears with their steps, in one statement with the other parts. */
	static final Part<RentArrearsView> ARREARS = new Part<>("file.rentArrears", RENT_ARREARS, List.of(),
			List.of(RENT_ARREARS.SINCE.desc(), RENT_ARREARS.ID), (row, organizations) -> {
				RentArrearsRecord r = row.into(RENT_ARREARS);
				return new RentArrearsView(r.getId(), r.getPersonId(), r.getTenancyId(), r.getAmount(), r.getMonths(),
						r.getSince(), r.getStatus(), r.getClosedOn(), List.of(),
						Provenance.of(row, RENT_ARREARS, organizations.apply(r.getRecordedByOrganizationId())));
			})
		.with(new Nested<>(PREVENTION_STEP, PREVENTION_STEP.ARREARS_ID,
				List.of(PREVENTION_STEP.RECORDED_BY_ORGANIZATION_ID), STEPS.order(), STEPS.mapper(),
				RentArrearsView::withSteps));

	/** The arrears a step is taken on: whose they are, and since when. */
	record Anchor(UUID id, UUID personId, LocalDate since) {
	}

	private final FileReads reads;

	private final ViewerTransactions transactions;

	private final Organizations organizations;

	RentArrears(FileReads reads, ViewerTransactions transactions, Organizations organizations) {
		this.reads = reads;
		this.transactions = transactions;
		this.organizations = organizations;
	}

	/** Arrears with their steps, read in a transaction already open (after a write). */
	Optional<RentArrearsView> one(DSLContext dsl, UUID id) {
		return this.reads.one(dsl, ARREARS, id).map((arrears) -> arrears.withSteps(steps(dsl, id)));
	}

	/** The arrears as the viewer's RLS lets it see them, for a step to be taken on. */
	Optional<Anchor> anchor(AccessContext context, UUID arrearsId) {
		return this.transactions.run(context.scope(),
				(dsl) -> dsl.select(RENT_ARREARS.ID, RENT_ARREARS.PERSON_ID, RENT_ARREARS.SINCE)
					.from(RENT_ARREARS)
					.where(RENT_ARREARS.ID.eq(arrearsId))
					.fetchOptional((row) -> new Anchor(row.value1(), row.value2(), row.value3())));
	}

	/** Whether this tenancy is one of the person's (arrears may name it). */
	boolean tenancyOf(DSLContext dsl, UUID tenancyId, UUID personId) {
		return dsl.fetchExists(TENANCY, TENANCY.ID.eq(tenancyId), TENANCY.PERSON_ID.eq(personId));
	}

	/**
	 * The closing of arrears in a given status: closed arrears have the date they closed,
	 * on or after {@code since}; open ones have none (the table's check, said with the
	 * field at fault before anything is written).
	 */
	static void checkClosing(ArrearsStatus status, LocalDate since, @Nullable LocalDate closedOn) {
		if (status == ArrearsStatus.CLOSED) {
			if (closedOn == null) {
				throw AccessException.invalid("input.closedOn", "CLOSED arrears need input.closedOn");
			}
			Inputs.end(since, closedOn, "input.closedOn");
		}
		else if (closedOn != null) {
			throw AccessException.invalid("input.closedOn",
					"Only CLOSED arrears have input.closedOn (status is " + status + ")");
		}
	}

	/** A number of months of arrears: 0 to {@value #MAX_MONTHS}. */
	static int months(@Nullable Integer months, String field) {
		if (months == null) {
			throw AccessException.invalid(field, field + " is required");
		}
		if (months < 0 || months > MAX_MONTHS) {
			throw AccessException.invalid(field, field + " must be between 0 and " + MAX_MONTHS);
		}
		return months;
	}

	/**
	 * The changes of an update of arrears: the fields the input gives. Reopening closed
	 * arrears clears their closing date; the result is checked against the stored
	 * {@code since}.
	 */
	static FileWrites.Changes arrearsChanges(RentArrearsController.UpdateRentArrearsInput input,
			@Nullable BigDecimal amount, @Nullable Integer months, @Nullable LocalDate closedOn) {
		ArrearsStatus status = input.status();
		return (current) -> {
			ArrearsStatus stored = current.get(RENT_ARREARS.STATUS);
			ArrearsStatus newStatus = (status != null) ? status : stored;
			boolean reopening = stored == ArrearsStatus.CLOSED && newStatus != ArrearsStatus.CLOSED;
			LocalDate newClosedOn = !input.closedOn().isOmitted() ? closedOn
					: (reopening ? null : current.get(RENT_ARREARS.CLOSED_ON));
			checkClosing(newStatus, current.get(RENT_ARREARS.SINCE), newClosedOn);
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			if (amount != null) {
				set.put(RENT_ARREARS.AMOUNT, amount);
			}
			if (months != null) {
				set.put(RENT_ARREARS.MONTHS, months);
			}
			set.put(RENT_ARREARS.STATUS, newStatus);
			set.put(RENT_ARREARS.CLOSED_ON, newClosedOn);
			return set;
		};
	}

	/** The changes of an update of a step: outcome, note, amount, as given. */
	static FileWrites.Changes stepChanges(RentArrearsController.UpdatePreventionStepInput input, @Nullable String note,
			@Nullable BigDecimal amount) {
		StepOutcome outcome = input.outcome();
		return (current) -> {
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			if (outcome != null) {
				set.put(PREVENTION_STEP.OUTCOME, outcome);
			}
			if (!input.note().isOmitted()) {
				set.put(PREVENTION_STEP.NOTE, note);
			}
			if (!input.amount().isOmitted()) {
				set.put(PREVENTION_STEP.AMOUNT, amount);
			}
			return set;
		};
	}

	void insertArrears(DSLContext dsl, UUID id, UUID personId, @Nullable UUID tenancyId, BigDecimal amount, int months,
			LocalDate since, ArrearsStatus status, @Nullable LocalDate closedOn, Map<Field<?>, Object> provenance) {
		dsl.insertInto(RENT_ARREARS)
			.set(RENT_ARREARS.ID, id)
			.set(RENT_ARREARS.PERSON_ID, personId)
			.set(RENT_ARREARS.TENANCY_ID, tenancyId)
			.set(RENT_ARREARS.AMOUNT, amount)
			.set(RENT_ARREARS.MONTHS, months)
			.set(RENT_ARREARS.SINCE, since)
			.set(RENT_ARREARS.STATUS, status)
			.set(RENT_ARREARS.CLOSED_ON, closedOn)
			.set(provenance)
			.execute();
	}

	void insertStep(DSLContext dsl, UUID id, Anchor arrears, PreventionStepKind kind, LocalDate takenOn,
			@Nullable BigDecimal amount, StepOutcome outcome, @Nullable String note, Map<Field<?>, Object> provenance) {
		dsl.insertInto(PREVENTION_STEP)
			.set(PREVENTION_STEP.ID, id)
			.set(PREVENTION_STEP.PERSON_ID, arrears.personId())
			.set(PREVENTION_STEP.ARREARS_ID, arrears.id())
			.set(PREVENTION_STEP.KIND, kind)
			.set(PREVENTION_STEP.TAKEN_ON, takenOn)
			.set(PREVENTION_STEP.AMOUNT, amount)
			.set(PREVENTION_STEP.OUTCOME, outcome)
			.set(PREVENTION_STEP.NOTE, note)
			.set(provenance)
			.execute();
	}

	/** The steps of one arrears, in the open transaction, with their authors. */
	private List<PreventionStepView> steps(DSLContext dsl, UUID arrearsId) {
		List<Record> rows = dsl.selectFrom(PREVENTION_STEP)
			.where(PREVENTION_STEP.ARREARS_ID.eq(arrearsId))
			.orderBy(STEPS.order())
			.fetch()
			.stream()
			.map((row) -> (Record) row)
			.toList();
		if (rows.isEmpty()) {
			return List.of();
		}
		Set<UUID> ids = new HashSet<>();
		rows.forEach((row) -> ids.add(row.get(PREVENTION_STEP.RECORDED_BY_ORGANIZATION_ID)));
		Map<UUID, Organization> found = new HashMap<>();
		this.organizations.byIds(dsl, ids).forEach((organization) -> found.put(organization.id(), organization));
		Function<UUID, Organization> names = (id) -> Optional.ofNullable(found.get(id))
			.orElseThrow(() -> new IllegalStateException("Unknown organization " + id));
		return rows.stream().map((row) -> STEPS.mapper().map(row, names)).toList();
	}

	/**
	 * The resources parts of the file: benefits, and rent arrears with their prevention
	 * steps (filtered in the caseload while not closed; the steps' notes kept for the
	 * period of RENT_ARREARS, those of unsettled arrears always).
	 */
	@Configuration(proxyBeanMethods = false)
	static class Parts {

		@Bean
		FilePart benefitsPart() {
			return FilePart.of("benefits", BENEFIT, Benefits.BENEFITS)
				.scrubbed(Scrub.nulled(BENEFIT.SUSPENSION_REASON))
				.retained(DataCategory.RESOURCES, Retention.of(BENEFIT.STATUS.eq(BenefitStatus.SUSPENDED)));
		}

		@Bean
		FilePart rentArrearsPart() {
			return FilePart.of("rentArrears", RENT_ARREARS, RentArrears.ARREARS)
				.items("steps", Scrub.nulled(PREVENTION_STEP.NOTE))
				.retained(DataCategory.RENT_ARREARS,
						new Retention(DSL.noCondition(),
								DSL.exists(DSL.selectOne()
									.from(RENT_ARREARS)
									.where(RENT_ARREARS.ID.eq(PREVENTION_STEP.ARREARS_ID),
											RENT_ARREARS.STATUS.ne(ArrearsStatus.CLOSED))),
								true))
				.filter(new CaseloadFilter("arrearsOpen", DataCategory.RENT_ARREARS,
						(context, decision, value, person) -> DSL.exists(DSL.selectOne()
							.from(RENT_ARREARS)
							.where(RENT_ARREARS.PERSON_ID.eq(person), RENT_ARREARS.STATUS.ne(ArrearsStatus.CLOSED),
									decision.sees(DataCategory.RENT_ARREARS,
											List.of(RENT_ARREARS.RECORDED_BY_ORGANIZATION_ID),
											RENT_ARREARS.PERSON_ID)))));
		}

	}

}

package fr.passerelle.file.resources;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.ArgumentValue;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.WriteGrant;
import fr.passerelle.file.FileReads;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.jooq.enums.ArrearsStatus;
import fr.passerelle.jooq.enums.PreventionStepKind;
import fr.passerelle.jooq.enums.StepOutcome;

/**
 * Person.rentArrears with their prevention steps, and their mutations. The landlord
 * records arrears (declaring the purpose EVICTION_PREVENTION, its mission for them); a
 * step is taken on arrears by any organization the write policy lets write RENT_ARREARS
 * for that person (the landlord, the département's FSL, the State's CCAPEX), and belongs
 * to the arrears' person.
 */
@Controller
class RentArrearsController {

	private final AccessDecisions decisions;

	private final FileReads reads;

	private final FileWrites writes;

	private final RentArrears arrears;

	private final Clock clock;

	RentArrearsController(AccessDecisions decisions, FileReads reads, FileWrites writes, RentArrears arrears,
			Clock clock, BatchLoaderRegistry registry) {
		this.decisions = decisions;
		this.reads = reads;
		this.writes = writes;
		this.arrears = arrears;
		this.clock = clock;
	}

	@SchemaMapping(typeName = "Person", field = "rentArrears")
	CompletableFuture<List<RentArrearsView>> rentArrears(Disclosed person, AccessContext context,
			DataFetchingEnvironment environment) {
		PersonAccess access = person.access();
		return this.reads.elements(RentArrears.ARREARS, access.personId(), environment)
			.thenApply((all) -> FileReads.visible(context, access, DataCategory.RENT_ARREARS, all)
				.stream()
				.map((arrears) -> visibleSteps(context, access, arrears))
				.toList());
	}

	@MutationMapping
	RentArrearsView recordRentArrears(@Argument RecordRentArrearsInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.RENT_ARREARS);
		UUID tenancyId = (input.tenancyId() != null) ? Inputs.id(input.tenancyId(), "input.tenancyId") : null;
		BigDecimal amount = required(Inputs.amount(input.amount(), "input.amount"), "input.amount");
		int months = RentArrears.months(input.months(), "input.months");
		LocalDate since = Inputs.past(input.since(), "input.since", this.clock);
		ArrearsStatus status = (input.status() != null) ? input.status() : ArrearsStatus.OPEN;
		LocalDate closedOn = (input.closedOn() != null) ? Inputs.past(input.closedOn(), "input.closedOn", this.clock)
				: null;
		RentArrears.checkClosing(status, since, closedOn);
		return this.writes.create(context, grant, "recordRentArrears", input.idempotencyKey(),
				FileWrites.request(environment), (dsl, id, provenance) -> {
					if (tenancyId != null && !this.arrears.tenancyOf(dsl, tenancyId, grant.personId())) {
						throw AccessException.invalid("input.tenancyId", "No such tenancy for this person");
					}
					this.arrears.insertArrears(dsl, id, grant.personId(), tenancyId, amount, months, since, status,
							closedOn, provenance);
				}, (dsl, id) -> this.arrears.one(dsl, id).map((view) -> visibleSteps(context, view)));
	}

	@MutationMapping
	RentArrearsView updateRentArrears(@Argument UpdateRentArrearsInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		BigDecimal amount = Inputs.amount(input.amount(), "input.amount");
		Integer months = (input.months() != null) ? RentArrears.months(input.months(), "input.months") : null;
		LocalDate given = input.closedOn().value();
		LocalDate closedOn = (given != null) ? Inputs.past(given, "input.closedOn", this.clock) : null;
		return this.writes.update(context, RentArrears.ARREARS.table(), input.id(), version,
				(row) -> DataCategory.RENT_ARREARS, RentArrears.arrearsChanges(input, amount, months, closedOn),
				(dsl, id) -> this.arrears.one(dsl, id).map((view) -> visibleSteps(context, view)));
	}

	/**
	 * A step on arrears: the arrears must exist for the viewer and their category be
	 * visible to it (otherwise they do not exist, as for an update); then the same write
	 * decision as any element of the arrears' person.
	 */
	@MutationMapping
	PreventionStepView recordPreventionStep(@Argument RecordPreventionStepInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		UUID arrearsId = Inputs.id(input.arrearsId(), "input.arrearsId");
		RentArrears.Anchor anchor = this.arrears.anchor(context, arrearsId).orElseThrow(AccessException::notFound);
		PersonAccess access = this.decisions.decide(context, anchor.personId()).orElse(null);
		if (access == null || !access.discloses(DataCategory.RENT_ARREARS)) {
			throw AccessException.notFound();
		}
		WriteGrant grant = this.decisions.authorize(context, access, DataCategory.RENT_ARREARS);
		LocalDate takenOn = Inputs.past(input.takenOn(), "input.takenOn", this.clock);
		if (takenOn.isBefore(anchor.since())) {
			throw AccessException.invalid("input.takenOn",
					"input.takenOn is before the arrears began (" + anchor.since() + ")");
		}
		BigDecimal amount = Inputs.amount(input.amount(), "input.amount");
		StepOutcome outcome = (input.outcome() != null) ? input.outcome() : StepOutcome.PENDING;
		String note = Inputs.optional(input.note(), "input.note", 2000);
		return this.writes.create(context, grant, "recordPreventionStep", input.idempotencyKey(),
				FileWrites.request(environment), (dsl, id, provenance) -> this.arrears.insertStep(dsl, id, anchor,
						input.kind(), takenOn, amount, outcome, note, provenance),
				(dsl, id) -> this.reads.one(dsl, RentArrears.STEPS, id));
	}

	@MutationMapping
	PreventionStepView updatePreventionStep(@Argument UpdatePreventionStepInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		BigDecimal amount = Inputs.amount(input.amount().value(), "input.amount");
		String note = Inputs.optional(input.note().value(), "input.note", 2000);
		return this.writes.update(context, RentArrears.STEPS.table(), input.id(), version,
				(row) -> DataCategory.RENT_ARREARS, RentArrears.stepChanges(input, note, amount),
				(dsl, id) -> this.reads.one(dsl, RentArrears.STEPS, id));
	}

	/** Arrears read back after a write: the steps the viewer may know of. */
	private RentArrearsView visibleSteps(AccessContext context, RentArrearsView view) {
		PersonAccess access = this.decisions.decide(context, view.personId()).orElseThrow(AccessException::notFound);
		return visibleSteps(context, access, view);
	}

	/** The steps whose sensitive organizations, if any, the viewer may know of. */
	private static RentArrearsView visibleSteps(AccessContext context, PersonAccess access, RentArrearsView view) {
		return view.withSteps(FileReads.visible(context, access, view.steps()));
	}

	private static BigDecimal required(@Nullable BigDecimal amount, String field) {
		if (amount == null) {
			throw AccessException.invalid(field, field + " is required");
		}
		return amount;
	}

	record RecordRentArrearsInput(String personId, @Nullable String tenancyId, BigDecimal amount, Integer months,
			LocalDate since, @Nullable ArrearsStatus status, @Nullable LocalDate closedOn,
			@Nullable String idempotencyKey) {
	}

	/**
	 * The fields not given are left as they are (null or
	 * {@link ArgumentValue#isOmitted()}).
	 */
	record UpdateRentArrearsInput(String id, Integer version, @Nullable BigDecimal amount, @Nullable Integer months,
			@Nullable ArrearsStatus status, ArgumentValue<LocalDate> closedOn) {
	}

	record RecordPreventionStepInput(String arrearsId, PreventionStepKind kind, LocalDate takenOn,
			@Nullable BigDecimal amount, @Nullable StepOutcome outcome, @Nullable String note,
			@Nullable String idempotencyKey) {
	}

	/**
	 * The fields not given are left as they are (null or
	 * {@link ArgumentValue#isOmitted()}).
	 */
	record UpdatePreventionStepInput(String id, Integer version, @Nullable StepOutcome outcome,
			ArgumentValue<String> note, ArgumentValue<BigDecimal> amount) {
	}

}

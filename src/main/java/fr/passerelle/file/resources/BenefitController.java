package fr.passerelle.file.resources;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
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
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.WriteGrant;
import fr.passerelle.file.FileReads;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.jooq.enums.BenefitStatus;
import fr.passerelle.jooq.enums.BenefitType;

/** Person.benefits, and the CAF's reports of them. */
@Controller
class BenefitController {

	private final AccessDecisions decisions;

	private final FileReads reads;

	private final FileWrites writes;

	private final Benefits benefits;

	private final Clock clock;

	BenefitController(AccessDecisions decisions, FileReads reads, FileWrites writes, Benefits benefits, Clock clock,
			BatchLoaderRegistry registry) {
		this.decisions = decisions;
		this.reads = reads;
		this.writes = writes;
		this.benefits = benefits;
		this.clock = clock;
	}

	@SchemaMapping(typeName = "Person", field = "benefits")
	CompletableFuture<List<BenefitView>> benefits(Disclosed person, DataFetchingEnvironment environment) {
		return this.reads.resolve(Benefits.BENEFITS, person, environment);
	}

	@MutationMapping
	BenefitView reportBenefit(@Argument ReportBenefitInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.RESOURCES);
		BigDecimal monthlyAmount = Inputs.amount(input.monthlyAmount(), "input.monthlyAmount");
		LocalDate since = Inputs.past(input.since(), "input.since", this.clock);
		LocalDate suspendedOn = (input.suspendedOn() != null)
				? Inputs.past(input.suspendedOn(), "input.suspendedOn", this.clock) : null;
		String reason = Inputs.optional(input.suspensionReason(), "input.suspensionReason", 500);
		Benefits.checkSuspension(input.status(), since, suspendedOn, reason);
		return this.writes.create(context, grant, "reportBenefit", input.idempotencyKey(),
				FileWrites.request(environment),
				(dsl, id, provenance) -> this.benefits.insert(dsl, id, grant.personId(), input.type(), input.status(),
						monthlyAmount, since, suspendedOn, reason, provenance),
				(dsl, id) -> this.reads.one(dsl, Benefits.BENEFITS, id));
	}

	@MutationMapping
	BenefitView updateBenefit(@Argument UpdateBenefitInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		BigDecimal monthlyAmount = Inputs.amount(input.monthlyAmount().value(), "input.monthlyAmount");
		LocalDate given = input.suspendedOn().value();
		LocalDate suspendedOn = (given != null) ? Inputs.past(given, "input.suspendedOn", this.clock) : null;
		String reason = Inputs.optional(input.suspensionReason().value(), "input.suspensionReason", 500);
		return this.writes.update(context, Benefits.BENEFITS.table(), input.id(), version,
				(row) -> DataCategory.RESOURCES, Benefits.changes(input, suspendedOn, reason, monthlyAmount),
				(dsl, id) -> this.reads.one(dsl, Benefits.BENEFITS, id));
	}

	record ReportBenefitInput(String personId, BenefitType type, BenefitStatus status,
			@Nullable BigDecimal monthlyAmount, LocalDate since, @Nullable LocalDate suspendedOn,
			@Nullable String suspensionReason, @Nullable String idempotencyKey) {
	}

	/**
	 * The fields not given are left as they are (null or
	 * {@link ArgumentValue#isOmitted()}).
	 */
	record UpdateBenefitInput(String id, Integer version, @Nullable BenefitStatus status,
			ArgumentValue<LocalDate> suspendedOn, ArgumentValue<String> suspensionReason,
			ArgumentValue<BigDecimal> monthlyAmount) {
	}

}

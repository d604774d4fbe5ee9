package fr.passerelle.file.housing;

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
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.WriteGrant;
import fr.passerelle.file.FileReads;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.jooq.enums.ApplicationStatus;
import fr.passerelle.jooq.enums.DwellingType;
import fr.passerelle.jooq.enums.LeaseKind;

/**
 * Person.housingApplications, Person.attributions and Person.tenancies, and their
 * mutations. An attribution and a tenancy name their landlord: the organization that
 * records them. Only a landlord records an attribution; a tenancy is recorded by whoever
 * the write policy lets write {@code TENANCY} (by default landlords; an association
 * subleasing a dwelling would be its landlord).
 */
@Controller
class HousingController {

	private final AccessDecisions decisions;

	private final FileReads reads;

	private final FileWrites writes;

	private final HousingRecords records;

	private final Clock clock;

	HousingController(AccessDecisions decisions, FileReads reads, FileWrites writes, HousingRecords records,
			Clock clock, BatchLoaderRegistry registry) {
		this.decisions = decisions;
		this.reads = reads;
		this.writes = writes;
		this.records = records;
		this.clock = clock;
	}

	@SchemaMapping(typeName = "Person", field = "housingApplications")
	CompletableFuture<List<HousingApplicationView>> housingApplications(Disclosed person,
			DataFetchingEnvironment environment) {
		return this.reads.resolve(HousingRecords.APPLICATIONS, person, environment);
	}

	@SchemaMapping(typeName = "Person", field = "attributions")
	CompletableFuture<List<AttributionView>> attributions(Disclosed person, DataFetchingEnvironment environment) {
		return this.reads.resolve(HousingRecords.ATTRIBUTIONS, person, environment);
	}

	@SchemaMapping(typeName = "Person", field = "tenancies")
	CompletableFuture<List<TenancyView>> tenancies(Disclosed person, DataFetchingEnvironment environment) {
		return this.reads.resolve(HousingRecords.TENANCIES, person, environment);
	}

	@MutationMapping
	HousingApplicationView recordHousingApplication(@Argument RecordHousingApplicationInput input,
			AccessContext context, DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.HOUSING_APPLICATION);
		String sneNumber = Inputs.sneNumber(input.sneNumber(), "input.sneNumber");
		LocalDate filedOn = Inputs.past(input.filedOn(), "input.filedOn", this.clock);
		boolean priority = Boolean.TRUE.equals(input.priority());
		boolean dalo = Boolean.TRUE.equals(input.dalo());
		LocalDate daloDecidedOn = HousingRecords.daloDecidedOn(dalo, filedOn,
				pastOrNull(input.daloDecidedOn(), "input.daloDecidedOn"));
		ApplicationStatus status = (input.status() != null) ? input.status() : ApplicationStatus.ACTIVE;
		return this.writes.create(context, grant, "recordHousingApplication", input.idempotencyKey(),
				FileWrites.request(environment),
				(dsl, id, provenance) -> this.records.insertApplication(dsl, id, grant.personId(), sneNumber, filedOn,
						priority, dalo, daloDecidedOn, status, provenance),
				(dsl, id) -> this.reads.one(dsl, HousingRecords.APPLICATIONS, id));
	}

	@MutationMapping
	HousingApplicationView updateHousingApplication(@Argument UpdateHousingApplicationInput input,
			AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		LocalDate daloDecidedOn = pastOrNull(input.daloDecidedOn().value(), "input.daloDecidedOn");
		return this.writes.update(context, HousingRecords.APPLICATIONS.table(), input.id(), version,
				(row) -> DataCategory.HOUSING_APPLICATION, HousingRecords.applicationChanges(input, daloDecidedOn),
				(dsl, id) -> this.reads.one(dsl, HousingRecords.APPLICATIONS, id));
	}

	/**
	 * A landlord records its own attribution; the application it answers, if given, is
	 * one of the person's.
	 */
	@MutationMapping
	AttributionView recordAttribution(@Argument RecordAttributionInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		var organization = context.viewer().organization();
		if (organization == null || organization.type() != OrganizationType.LANDLORD) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only a landlord records an attribution");
		}
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.HOUSING_APPLICATION);
		UUID applicationId = (input.applicationId() != null) ? Inputs.id(input.applicationId(), "input.applicationId")
				: null;
		LocalDate decidedOn = Inputs.past(input.decidedOn(), "input.decidedOn", this.clock);
		UUID landlord = organization.id();
		return this.writes.create(context, grant, "recordAttribution", input.idempotencyKey(),
				FileWrites.request(environment), (dsl, id, provenance) -> {
					if (applicationId != null) {
						LocalDate filedOn = this.records.applicationFiledOn(dsl, applicationId, grant.personId())
							.orElseThrow(() -> AccessException.invalid("input.applicationId",
									"No such housing application for this person"));
						Inputs.end(filedOn, decidedOn, "input.decidedOn");
					}
					this.records.insertAttribution(dsl, id, grant.personId(), applicationId, landlord,
							input.dwellingType(), decidedOn, provenance);
				}, (dsl, id) -> this.reads.one(dsl, HousingRecords.ATTRIBUTIONS, id));
	}

	@MutationMapping
	TenancyView recordTenancy(@Argument RecordTenancyInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.TENANCY);
		String address = Inputs.required(input.address(), "input.address", 300);
		LocalDate startedOn = Inputs.past(input.startedOn(), "input.startedOn", this.clock);
		LocalDate endedOn = Inputs.end(startedOn, input.endedOn(), "input.endedOn");
		BigDecimal rent = Inputs.amount(input.monthlyRent(), "input.monthlyRent");
		if (rent == null) {
			throw AccessException.invalid("input.monthlyRent", "input.monthlyRent is required");
		}
		BigDecimal charges = Inputs.amount(input.monthlyCharges(), "input.monthlyCharges");
		BigDecimal monthlyCharges = (charges != null) ? charges : BigDecimal.ZERO;
		UUID landlord = context.viewer().organization().id();
		return this.writes.create(context, grant, "recordTenancy", input.idempotencyKey(),
				FileWrites.request(environment),
				(dsl, id, provenance) -> this.records.insertTenancy(dsl, id, grant.personId(), landlord,
						input.leaseKind(), input.dwellingType(), address, startedOn, endedOn, rent, monthlyCharges,
						provenance),
				(dsl, id) -> this.reads.one(dsl, HousingRecords.TENANCIES, id));
	}

	@MutationMapping
	TenancyView updateTenancy(@Argument UpdateTenancyInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		BigDecimal rent = Inputs.amount(input.monthlyRent(), "input.monthlyRent");
		BigDecimal charges = Inputs.amount(input.monthlyCharges(), "input.monthlyCharges");
		return this.writes.update(context, HousingRecords.TENANCIES.table(), input.id(), version,
				(row) -> DataCategory.TENANCY, HousingRecords.tenancyChanges(input, rent, charges),
				(dsl, id) -> this.reads.one(dsl, HousingRecords.TENANCIES, id));
	}

	private @Nullable LocalDate pastOrNull(@Nullable LocalDate date, String field) {
		return (date != null) ? Inputs.past(date, field, this.clock) : null;
	}

	record RecordHousingApplicationInput(String personId, String sneNumber, LocalDate filedOn,
			@Nullable Boolean priority, @Nullable Boolean dalo, @Nullable LocalDate daloDecidedOn,
			@Nullable ApplicationStatus status, @Nullable String idempotencyKey) {
	}

	/**
	 * The fields not given are left as they are (null or
	 * {@link ArgumentValue#isOmitted()}).
	 */
	record UpdateHousingApplicationInput(String id, Integer version, @Nullable ApplicationStatus status,
			@Nullable Boolean priority, @Nullable Boolean dalo, ArgumentValue<LocalDate> daloDecidedOn) {
	}

	record RecordAttributionInput(String personId, @Nullable String applicationId, DwellingType dwellingType,
			LocalDate decidedOn, @Nullable String idempotencyKey) {
	}

	record RecordTenancyInput(String personId, LeaseKind leaseKind, DwellingType dwellingType, String address,
			LocalDate startedOn, @Nullable LocalDate endedOn, BigDecimal monthlyRent,
			@Nullable BigDecimal monthlyCharges, @Nullable String idempotencyKey) {
	}

	/**
	 * The fields not given are left as they are (null or
	 * {@link ArgumentValue#isOmitted()}).
	 */
	record UpdateTenancyInput(String id, Integer version, ArgumentValue<LocalDate> endedOn,
			@Nullable BigDecimal monthlyRent, @Nullable BigDecimal monthlyCharges) {
	}

}

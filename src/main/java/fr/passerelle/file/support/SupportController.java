package fr.passerelle.file.support;

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
import fr.passerelle.access.WriteGrant;
import fr.passerelle.file.FileReads;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.jooq.enums.SupportIntensity;
import fr.passerelle.jooq.enums.SupportMeasureType;
import fr.passerelle.organization.Organizations;

/** Person.supportMeasures and Person.supportNotes, and their mutations. */
@Controller
class SupportController {

	private final AccessDecisions decisions;

	private final FileReads reads;

	private final FileWrites writes;

	private final SupportMeasures measures;

	private final Organizations organizations;

	private final Clock clock;

	SupportController(AccessDecisions decisions, FileReads reads, FileWrites writes, SupportMeasures measures,
			Organizations organizations, Clock clock, BatchLoaderRegistry registry) {
		this.decisions = decisions;
		this.reads = reads;
		this.writes = writes;
		this.measures = measures;
		this.organizations = organizations;
		this.clock = clock;
	}

	@SchemaMapping(typeName = "Person", field = "supportMeasures")
	CompletableFuture<List<SupportMeasureView>> supportMeasures(Disclosed person, DataFetchingEnvironment environment) {
		return this.reads.resolve(SupportMeasures.MEASURES, person, environment);
	}

	@SchemaMapping(typeName = "Person", field = "supportNotes")
	CompletableFuture<List<SupportNoteView>> supportNotes(Disclosed person, DataFetchingEnvironment environment) {
		return this.reads.resolve(SupportMeasures.NOTES, person, environment);
	}

	@MutationMapping
	SupportMeasureView recordSupportMeasure(@Argument RecordSupportMeasureInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.SUPPORT_MEASURES);
		UUID provider = (input.providerOrganizationId() != null)
				? Inputs.id(input.providerOrganizationId(), "input.providerOrganizationId")
				: context.viewer().organization().id();
		if (this.organizations.byId(provider).isEmpty()) {
			throw AccessException.invalid("input.providerOrganizationId", "No such organization");
		}
		String caseLead = Inputs.optional(input.caseLead(), "input.caseLead", 100);
		LocalDate startedOn = Inputs.past(input.startedOn(), "input.startedOn", this.clock);
		LocalDate endedOn = Inputs.end(startedOn, input.endedOn(), "input.endedOn");
		SupportIntensity intensity = (input.intensity() != null) ? input.intensity() : SupportIntensity.REGULAR;
		return this.writes.create(context, grant, "recordSupportMeasure", input.idempotencyKey(),
				FileWrites.request(environment),
				(dsl, id, provenance) -> this.measures.insertMeasure(dsl, id, grant.personId(), input.type(), provider,
						caseLead, startedOn, endedOn, intensity, provenance),
				(dsl, id) -> this.reads.one(dsl, SupportMeasures.MEASURES, id));
	}

	@MutationMapping
	SupportMeasureView updateSupportMeasure(@Argument UpdateSupportMeasureInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		String caseLead = Inputs.optional(input.caseLead().value(), "input.caseLead", 100);
		return this.writes.update(context, SupportMeasures.MEASURES.table(), input.id(), version,
				(row) -> DataCategory.SUPPORT_MEASURES, SupportMeasures.measureChanges(input, caseLead),
				(dsl, id) -> this.reads.one(dsl, SupportMeasures.MEASURES, id));
	}

	@MutationMapping
	SupportNoteView writeSupportNote(@Argument WriteSupportNoteInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.SUPPORT_NOTES);
		UUID measureId = (input.measureId() != null) ? Inputs.id(input.measureId(), "input.measureId") : null;
		LocalDate writtenOn = Inputs.past(input.writtenOn(), "input.writtenOn", this.clock);
		String body = Inputs.required(input.body(), "input.body", 10000);
		return this.writes.create(context, grant, "writeSupportNote", input.idempotencyKey(),
				FileWrites.request(environment), (dsl, id, provenance) -> {
					if (measureId != null && !this.measures.measureOf(dsl, measureId, grant.personId())) {
						throw AccessException.invalid("input.measureId", "No such measure for this person");
					}
					this.measures.insertNote(dsl, id, grant.personId(), measureId, writtenOn, body, provenance);
				}, (dsl, id) -> this.reads.one(dsl, SupportMeasures.NOTES, id));
	}

	@MutationMapping
	SupportNoteView updateSupportNote(@Argument UpdateSupportNoteInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		String body = Inputs.required(input.body(), "input.body", 10000);
		return this.writes.update(context, SupportMeasures.NOTES.table(), input.id(), version,
				(row) -> DataCategory.SUPPORT_NOTES, SupportMeasures.noteChanges(body),
				(dsl, id) -> this.reads.one(dsl, SupportMeasures.NOTES, id));
	}

	record RecordSupportMeasureInput(String personId, SupportMeasureType type, @Nullable String providerOrganizationId,
			@Nullable String caseLead, LocalDate startedOn, @Nullable LocalDate endedOn,
			@Nullable SupportIntensity intensity, @Nullable String idempotencyKey) {
	}

	/** The fields not given are left as they are ({@link ArgumentValue#isOmitted()}). */
	record UpdateSupportMeasureInput(String id, Integer version, ArgumentValue<String> caseLead,
			ArgumentValue<LocalDate> endedOn, @Nullable SupportIntensity intensity) {
	}

	record WriteSupportNoteInput(String personId, @Nullable String measureId, LocalDate writtenOn, String body,
			@Nullable String idempotencyKey) {
	}

	record UpdateSupportNoteInput(String id, Integer version, String body) {
	}

}

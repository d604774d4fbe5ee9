package fr.passerelle.file.sensitive;

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
import fr.passerelle.jooq.enums.SensitiveRecordKind;

/**
 * Person.healthRecords, justiceRecords and violenceRecords, and their mutations. The
 * category of a record is chosen at its creation and decides everything after: who writes
 * it (the write policy, and a consent naming the writer's organization for that
 * category), who reads it, which kinds it may have.
 */
@Controller
class SensitiveRecordController {

	private final AccessDecisions decisions;

	private final FileReads reads;

	private final FileWrites writes;

	private final SensitiveRecords records;

	private final Clock clock;

	SensitiveRecordController(AccessDecisions decisions, FileReads reads, FileWrites writes, SensitiveRecords records,
			Clock clock, BatchLoaderRegistry registry) {
		this.decisions = decisions;
		this.reads = reads;
		this.writes = writes;
		this.records = records;
		this.clock = clock;
	}

	@SchemaMapping(typeName = "Person", field = "healthRecords")
	CompletableFuture<List<SensitiveRecordView>> healthRecords(Disclosed person, DataFetchingEnvironment environment) {
		return this.reads.resolve(SensitiveRecords.HEALTH, person, environment);
	}

	@SchemaMapping(typeName = "Person", field = "justiceRecords")
	CompletableFuture<List<SensitiveRecordView>> justiceRecords(Disclosed person, DataFetchingEnvironment environment) {
		return this.reads.resolve(SensitiveRecords.JUSTICE, person, environment);
	}

	@SchemaMapping(typeName = "Person", field = "violenceRecords")
	CompletableFuture<List<SensitiveRecordView>> violenceRecords(Disclosed person,
			DataFetchingEnvironment environment) {
		return this.reads.resolve(SensitiveRecords.VIOLENCE, person, environment);
	}

	@MutationMapping
	SensitiveRecordView recordSensitiveRecord(@Argument RecordSensitiveRecordInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		DataCategory category = SensitiveRecords.category(input.category(), "input.category");
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), category);
		SensitiveRecordKind kind = SensitiveRecords.kind(input.kind(), category, "input.kind");
		LocalDate startedOn = Inputs.past(input.startedOn(), "input.startedOn", this.clock);
		LocalDate endedOn = (input.endedOn() != null)
				? Inputs.end(startedOn, Inputs.past(input.endedOn(), "input.endedOn", this.clock), "input.endedOn")
				: null;
		String summary = Inputs.optional(input.summary(), "input.summary", 4000);
		return this.writes.create(context, grant, "recordSensitiveRecord", input.idempotencyKey(),
				FileWrites.request(environment), (dsl, id, provenance) -> this.records.insert(dsl, id, grant.personId(),
						category, kind, startedOn, endedOn, summary, provenance),
				(dsl, id) -> this.reads.one(dsl, SensitiveRecords.WRITTEN, id));
	}

	@MutationMapping
	SensitiveRecordView updateSensitiveRecord(@Argument UpdateSensitiveRecordInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		LocalDate given = input.endedOn().value();
		LocalDate endedOn = (given != null) ? Inputs.past(given, "input.endedOn", this.clock) : null;
		String summary = Inputs.optional(input.summary().value(), "input.summary", 4000);
		return this.writes.update(context, SensitiveRecords.WRITTEN.table(), input.id(), version,
				SensitiveRecords::categoryOf, SensitiveRecords.changes(input, endedOn, summary),
				(dsl, id) -> this.reads.one(dsl, SensitiveRecords.WRITTEN, id));
	}

	record RecordSensitiveRecordInput(String personId, DataCategory category, SensitiveRecordKind kind,
			LocalDate startedOn, @Nullable LocalDate endedOn, @Nullable String summary,
			@Nullable String idempotencyKey) {
	}

	/**
	 * The fields not given are left as they are (null or
	 * {@link ArgumentValue#isOmitted()}).
	 */
	record UpdateSensitiveRecordInput(String id, Integer version, @Nullable SensitiveRecordKind kind,
			ArgumentValue<LocalDate> endedOn, ArgumentValue<String> summary) {
	}

}

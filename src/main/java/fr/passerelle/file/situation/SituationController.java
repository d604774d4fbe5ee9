package fr.passerelle.file.situation;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
import fr.passerelle.jooq.enums.DwellingType;
import fr.passerelle.jooq.enums.NeedLevel;
import fr.passerelle.jooq.enums.NeedsDimension;
import fr.passerelle.jooq.enums.ResidentialSituationKind;

/**
 * Person.residentialSituations, Person.housingWishes and Person.needsAssessments, and
 * their mutations. An assessment is never updated: a new one supersedes it.
 */
@Controller
class SituationController {

	/** The most locations a wish names: beyond, it is no longer a wish but a map. */
	static final int MAX_LOCATIONS = 20;

	private final AccessDecisions decisions;

	private final FileReads reads;

	private final FileWrites writes;

	private final Situations situations;

	private final Clock clock;

	SituationController(AccessDecisions decisions, FileReads reads, FileWrites writes, Situations situations,
			Clock clock, BatchLoaderRegistry registry) {
		this.decisions = decisions;
		this.reads = reads;
		this.writes = writes;
		this.situations = situations;
		this.clock = clock;
	}

	@SchemaMapping(typeName = "Person", field = "residentialSituations")
	CompletableFuture<List<ResidentialSituationView>> residentialSituations(Disclosed person,
			DataFetchingEnvironment environment) {
		return this.reads.resolve(Situations.RESIDENTIAL, person, environment);
	}

	@SchemaMapping(typeName = "Person", field = "housingWishes")
	CompletableFuture<List<HousingWishView>> housingWishes(Disclosed person, DataFetchingEnvironment environment) {
		return this.reads.resolve(Situations.WISHES, person, environment);
	}

	@SchemaMapping(typeName = "Person", field = "needsAssessments")
	CompletableFuture<List<NeedsAssessmentView>> needsAssessments(Disclosed person,
			DataFetchingEnvironment environment) {
		return this.reads.resolve(Situations.ASSESSMENTS, person, environment);
	}

	@MutationMapping
	ResidentialSituationView recordResidentialSituation(@Argument RecordResidentialSituationInput input,
			AccessContext context, DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.RESIDENTIAL_SITUATION);
		LocalDate startedOn = Inputs.past(input.startedOn(), "input.startedOn", this.clock);
		LocalDate endedOn = Inputs.end(startedOn, input.endedOn(), "input.endedOn");
		String place = Inputs.optional(input.place(), "input.place", 300);
		String note = Inputs.optional(input.note(), "input.note", 2000);
		LocalDate plannedExitOn = Situations.plannedExit(input.kind(), startedOn, input.plannedExitOn(),
				"input.plannedExitOn");
		return this.writes.create(context, grant, "recordResidentialSituation", input.idempotencyKey(),
				FileWrites.request(environment),
				(dsl, id, provenance) -> this.situations.insertResidentialSituation(dsl, id, grant.personId(),
						input.kind(), startedOn, endedOn, place, note, plannedExitOn, provenance),
				(dsl, id) -> this.reads.one(dsl, Situations.RESIDENTIAL, id));
	}

	@MutationMapping
	ResidentialSituationView updateResidentialSituation(@Argument UpdateResidentialSituationInput input,
			AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		String place = Inputs.optional(input.place().value(), "input.place", 300);
		String note = Inputs.optional(input.note().value(), "input.note", 2000);
		return this.writes.update(context, Situations.RESIDENTIAL.table(), input.id(), version,
				(row) -> DataCategory.RESIDENTIAL_SITUATION, Situations.residentialChanges(input, place, note),
				(dsl, id) -> this.reads.one(dsl, Situations.RESIDENTIAL, id));
	}

	@MutationMapping
	HousingWishView recordHousingWish(@Argument RecordHousingWishInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.HOUSING_WISHES);
		List<String> locations = locations(input.locations());
		List<DwellingType> dwellingTypes = dwellingTypes(input.dwellingTypes());
		String constraints = Inputs.optional(input.constraints(), "input.constraints", 2000);
		String ownWords = Inputs.optional(input.ownWords(), "input.ownWords", 4000);
		LocalDate expressedOn = Inputs.past(input.expressedOn(), "input.expressedOn", this.clock);
		return this.writes.create(context, grant, "recordHousingWish", input.idempotencyKey(),
				FileWrites.request(environment),
				(dsl, id, provenance) -> this.situations.insertHousingWish(dsl, id, grant.personId(), locations,
						dwellingTypes, constraints, ownWords, expressedOn, provenance),
				(dsl, id) -> this.reads.one(dsl, Situations.WISHES, id));
	}

	@MutationMapping
	HousingWishView updateHousingWish(@Argument UpdateHousingWishInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		List<String> locations = locations(input.locations().value());
		List<DwellingType> dwellingTypes = dwellingTypes(input.dwellingTypes().value());
		String constraints = Inputs.optional(input.constraints().value(), "input.constraints", 2000);
		String ownWords = Inputs.optional(input.ownWords().value(), "input.ownWords", 4000);
		LocalDate expressedOn = !input.expressedOn().isOmitted()
				? Inputs.past(input.expressedOn().value(), "input.expressedOn", this.clock) : null;
		return this.writes.update(context, Situations.WISHES.table(), input.id(), version,
				(row) -> DataCategory.HOUSING_WISHES,
				Situations.wishChanges(input, locations, dwellingTypes, constraints, ownWords, expressedOn),
				(dsl, id) -> this.reads.one(dsl, Situations.WISHES, id));
	}

	@MutationMapping
	NeedsAssessmentView recordNeedsAssessment(@Argument RecordNeedsAssessmentInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.NEEDS_ASSESSMENT);
		LocalDate assessedOn = Inputs.past(input.assessedOn(), "input.assessedOn", this.clock);
		String summary = Inputs.optional(input.summary(), "input.summary", 4000);
		List<NeedsAssessmentView.Item> items = items(input.items());
		return this.writes.create(context, grant, "recordNeedsAssessment", input.idempotencyKey(),
				FileWrites.request(environment), (dsl, id, provenance) -> this.situations.insertNeedsAssessment(dsl, id,
						grant.personId(), assessedOn, summary, items, provenance),
				this.situations::assessment);
	}

	/**
	 * Locations: at most {@value #MAX_LOCATIONS}, each of 1 to 100 characters, trimmed.
	 */
	private static List<String> locations(@Nullable List<String> given) {
		if (given == null) {
			return List.of();
		}
		if (given.size() > MAX_LOCATIONS) {
			throw AccessException.invalid("input.locations", "input.locations has more than " + MAX_LOCATIONS
					+ " locations: name the towns or neighbourhoods that matter most");
		}
		List<String> locations = new ArrayList<>();
		for (int i = 0; i < given.size(); i++) {
			locations.add(Inputs.required(given.get(i), "input.locations[" + i + "]", 100));
		}
		return locations;
	}

	/** Dwelling types, each at most once. */
	private static List<DwellingType> dwellingTypes(@Nullable List<DwellingType> given) {
		if (given == null) {
			return List.of();
		}
		Set<DwellingType> seen = EnumSet.noneOf(DwellingType.class);
		for (int i = 0; i < given.size(); i++) {
			if (!seen.add(given.get(i))) {
				throw AccessException.invalid("input.dwellingTypes[" + i + "]",
						given.get(i) + " is given twice in input.dwellingTypes");
			}
		}
		return List.copyOf(given);
	}

	/** The items of an assessment: 1 to 7, each dimension at most once. */
	private static List<NeedsAssessmentView.Item> items(@Nullable List<NeedsAssessmentItemInput> given) {
		int dimensions = NeedsDimension.values().length;
		if (given == null || given.isEmpty() || given.size() > dimensions) {
			throw AccessException.invalid("input.items",
					"input.items has 1 to " + dimensions + " items, one per dimension assessed");
		}
		Set<NeedsDimension> seen = EnumSet.noneOf(NeedsDimension.class);
		List<NeedsAssessmentView.Item> items = new ArrayList<>();
		for (int i = 0; i < given.size(); i++) {
			NeedsAssessmentItemInput item = given.get(i);
			String field = "input.items[" + i + "]";
			if (!seen.add(item.dimension())) {
				throw AccessException.invalid(field + ".dimension",
						item.dimension() + " is assessed twice: one item per dimension");
			}
			items.add(new NeedsAssessmentView.Item(item.dimension(), item.level(),
					Inputs.optional(item.note(), field + ".note", 2000)));
		}
		return items;
	}

	record RecordResidentialSituationInput(String personId, ResidentialSituationKind kind, LocalDate startedOn,
			@Nullable LocalDate endedOn, @Nullable String place, @Nullable String note,
			@Nullable LocalDate plannedExitOn, @Nullable String idempotencyKey) {
	}

	/** The fields not given are left as they are ({@link ArgumentValue#isOmitted()}). */
	record UpdateResidentialSituationInput(String id, Integer version, ArgumentValue<LocalDate> endedOn,
			ArgumentValue<String> place, ArgumentValue<String> note, ArgumentValue<LocalDate> plannedExitOn) {
	}

	record RecordHousingWishInput(String personId, @Nullable List<String> locations,
			@Nullable List<DwellingType> dwellingTypes, @Nullable String constraints, @Nullable String ownWords,
			LocalDate expressedOn, @Nullable String idempotencyKey) {
	}

	/** The fields not given are left as they are ({@link ArgumentValue#isOmitted()}). */
	record UpdateHousingWishInput(String id, Integer version, ArgumentValue<List<String>> locations,
			ArgumentValue<List<DwellingType>> dwellingTypes, ArgumentValue<String> constraints,
			ArgumentValue<String> ownWords, ArgumentValue<LocalDate> expressedOn) {
	}

	record RecordNeedsAssessmentInput(String personId, LocalDate assessedOn, @Nullable String summary,
			List<NeedsAssessmentItemInput> items, @Nullable String idempotencyKey) {
	}

	record NeedsAssessmentItemInput(NeedsDimension dimension, NeedLevel level, @Nullable String note) {
	}

}

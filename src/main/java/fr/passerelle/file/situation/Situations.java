package fr.passerelle.file.situation;

import org.jooq.impl.DSL;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.file.FilePart;
import fr.passerelle.file.FilePart.Retention;
import fr.passerelle.file.FilePart.Scrub;
import fr.passerelle.jooq.tables.HousingWish;
import fr.passerelle.jooq.tables.NeedsAssessment;
import static fr.passerelle.jooq.Tables.HOUSING_WISH;
import static fr.passerelle.jooq.Tables.NEEDS_ASSESSMENT;
import static fr.passerelle.jooq.Tables.NEEDS_ASSESSMENT_ITEM;
import static fr.passerelle.jooq.Tables.RESIDENTIAL_SITUATION;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep5;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.file.FileReads;
import fr.passerelle.file.FileReads.Nested;
import fr.passerelle.file.FileReads.Part;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.DwellingType;
import fr.passerelle.jooq.enums.NeedLevel;
import fr.passerelle.jooq.enums.NeedsDimension;
import fr.passerelle.jooq.enums.ResidentialSituationKind;
import fr.passerelle.jooq.tables.records.HousingWishRecord;
import fr.passerelle.jooq.tables.records.NeedsAssessmentItemRecord;
import fr.passerelle.jooq.tables.records.NeedsAssessmentRecord;
import fr.passerelle.jooq.tables.records.ResidentialSituationRecord;

/**
 * Residential situations, housing wishes and needs assessments in the database (under the
 * viewer's RLS). An assessment's items are read for all the assessments of a batch of
 * persons in one statement.
 */
@Repository
class Situations {

	static final Part<ResidentialSituationView> RESIDENTIAL = new Part<>("file.residentialSituations",
			RESIDENTIAL_SITUATION, List.of(), List.of(RESIDENTIAL_SITUATION.STARTED_ON.desc(),
					RESIDENTIAL_SITUATION.RECORDED_AT.desc(), RESIDENTIAL_SITUATION.ID),
			(row, organizations) -> {
				ResidentialSituationRecord r = row.into(RESIDENTIAL_SITUATION);
				return new ResidentialSituationView(r.getId(), r.getPersonId(), r.getKind(), r.getStartedOn(),
						r.getEndedOn(), r.getPlace(), r.getNote(), r.getPlannedExitOn(), Provenance.of(row,
								RESIDENTIAL_SITUATION, organizations.apply(r.getRecordedByOrganizationId())));
			});

	static final Part<HousingWishView> WISHES = new Part<>("file.housingWishes", HOUSING_WISH, List.of(),
			List.of(HOUSING_WISH.EXPRESSED_ON.desc(), HOUSING_WISH.RECORDED_AT.desc(), HOUSING_WISH.ID),
			(row, organizations) -> {
				HousingWishRecord r = row.into(HOUSING_WISH);
				return new HousingWishView(r.getId(), r.getPersonId(), List.of(r.getLocations()),
						List.of(r.getDwellingTypes()), r.getConstraints(), r.getOwnWords(), r.getExpressedOn(),
						Provenance.of(row, HOUSING_WISH, organizations.apply(r.getRecordedByOrganizationId())));
			});

	/** The assessments with their items, in one statement with the other parts. */
	static final Part<NeedsAssessmentView> ASSESSMENTS = new Part<>("file.needsAssessments", NEEDS_ASSESSMENT,
			List.of(),
			List.of(NEEDS_ASSESSMENT.ASSESSED_ON.desc(), NEEDS_ASSESSMENT.RECORDED_AT.desc(), NEEDS_ASSESSMENT.ID),
			(row, organizations) -> {
				NeedsAssessmentRecord r = row.into(NEEDS_ASSESSMENT);
				return new NeedsAssessmentView(r.getId(), r.getPersonId(), r.getAssessedOn(), r.getSummary(), List.of(),
						Provenance.of(row, NEEDS_ASSESSMENT, organizations.apply(r.getRecordedByOrganizationId())));
			})
		.with(new Nested<>(NEEDS_ASSESSMENT_ITEM, NEEDS_ASSESSMENT_ITEM.ASSESSMENT_ID, List.of(),
				List.of(NEEDS_ASSESSMENT_ITEM.DIMENSION),
				(row, organizations) -> new NeedsAssessmentView.Item(row.get(NEEDS_ASSESSMENT_ITEM.DIMENSION),
						row.get(NEEDS_ASSESSMENT_ITEM.LEVEL), row.get(NEEDS_ASSESSMENT_ITEM.NOTE)),
				NeedsAssessmentView::withItems));

	private final FileReads reads;

	private final ViewerTransactions transactions;

	Situations(FileReads reads, ViewerTransactions transactions) {
		this.reads = reads;
		this.transactions = transactions;
	}

	void insertResidentialSituation(DSLContext dsl, UUID id, UUID personId, ResidentialSituationKind kind,
			LocalDate startedOn, @Nullable LocalDate endedOn, @Nullable String place, @Nullable String note,
			@Nullable LocalDate plannedExitOn, Map<Field<?>, Object> provenance) {
		dsl.insertInto(RESIDENTIAL_SITUATION)
			.set(RESIDENTIAL_SITUATION.ID, id)
			.set(RESIDENTIAL_SITUATION.PERSON_ID, personId)
			.set(RESIDENTIAL_SITUATION.KIND, kind)
			.set(RESIDENTIAL_SITUATION.STARTED_ON, startedOn)
			.set(RESIDENTIAL_SITUATION.ENDED_ON, endedOn)
			.set(RESIDENTIAL_SITUATION.PLACE, place)
			.set(RESIDENTIAL_SITUATION.NOTE, note)
			.set(RESIDENTIAL_SITUATION.PLANNED_EXIT_ON, plannedExitOn)
			.set(provenance)
			.execute();
	}

	/** The situations out of which a person leaves an institution on a planned day. */
	static final Set<ResidentialSituationKind> INSTITUTIONS = Set.of(ResidentialSituationKind.PRISON_EXIT,
			ResidentialSituationKind.HOSPITAL_EXIT, ResidentialSituationKind.CHILD_WELFARE_EXIT);

	/**
	 * A planned exit date: only from an institution (prison, hospital, child welfare), on
	 * or after the situation's start.
	 */
	static @Nullable LocalDate plannedExit(ResidentialSituationKind kind, LocalDate startedOn,
			@Nullable LocalDate plannedExitOn, String field) {
		if (plannedExitOn == null) {
			return null;
		}
		if (!INSTITUTIONS.contains(kind)) {
			throw AccessException.invalid(field,
					"Only a situation in an institution (PRISON_EXIT, HOSPITAL_EXIT, CHILD_WELFARE_EXIT) has a planned exit");
		}
		if (plannedExitOn.isBefore(startedOn)) {
			throw AccessException.invalid(field, "The planned exit is before the situation started");
		}
		return plannedExitOn;
	}

	/**
	 * The changes of an update of a residential situation: the fields the input gives,
	 * the end checked against the stored start.
	 */
	static FileWrites.Changes residentialChanges(SituationController.UpdateResidentialSituationInput input,
			@Nullable String place, @Nullable String note) {
		return (current) -> {
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			if (!input.endedOn().isOmitted()) {
				set.put(RESIDENTIAL_SITUATION.ENDED_ON, Inputs.end(current.get(RESIDENTIAL_SITUATION.STARTED_ON),
						input.endedOn().value(), "input.endedOn"));
			}
			if (!input.place().isOmitted()) {
				set.put(RESIDENTIAL_SITUATION.PLACE, place);
			}
			if (!input.note().isOmitted()) {
				set.put(RESIDENTIAL_SITUATION.NOTE, note);
			}
			if (!input.plannedExitOn().isOmitted()) {
				set.put(RESIDENTIAL_SITUATION.PLANNED_EXIT_ON,
						plannedExit(current.get(RESIDENTIAL_SITUATION.KIND),
								current.get(RESIDENTIAL_SITUATION.STARTED_ON), input.plannedExitOn().value(),
								"input.plannedExitOn"));
			}
			return set;
		};
	}

	void insertHousingWish(DSLContext dsl, UUID id, UUID personId, List<String> locations,
			List<DwellingType> dwellingTypes, @Nullable String constraints, @Nullable String ownWords,
			LocalDate expressedOn, Map<Field<?>, Object> provenance) {
		dsl.insertInto(HOUSING_WISH)
			.set(HOUSING_WISH.ID, id)
			.set(HOUSING_WISH.PERSON_ID, personId)
			.set(HOUSING_WISH.LOCATIONS, locations.toArray(String[]::new))
			.set(HOUSING_WISH.DWELLING_TYPES, dwellingTypes.toArray(DwellingType[]::new))
			.set(HOUSING_WISH.CONSTRAINTS, constraints)
			.set(HOUSING_WISH.OWN_WORDS, ownWords)
			.set(HOUSING_WISH.EXPRESSED_ON, expressedOn)
			.set(provenance)
			.execute();
	}

	/**
	 * The changes of an update of a housing wish: the fields the input gives, each
	 * validated before.
	 */
	static FileWrites.Changes wishChanges(SituationController.UpdateHousingWishInput input, List<String> locations,
			List<DwellingType> dwellingTypes, @Nullable String constraints, @Nullable String ownWords,
			@Nullable LocalDate expressedOn) {
		return (current) -> {
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			if (!input.locations().isOmitted()) {
				set.put(HOUSING_WISH.LOCATIONS, locations.toArray(String[]::new));
			}
			if (!input.dwellingTypes().isOmitted()) {
				set.put(HOUSING_WISH.DWELLING_TYPES, dwellingTypes.toArray(DwellingType[]::new));
			}
			if (!input.constraints().isOmitted()) {
				set.put(HOUSING_WISH.CONSTRAINTS, constraints);
			}
			if (!input.ownWords().isOmitted()) {
				set.put(HOUSING_WISH.OWN_WORDS, ownWords);
			}
			if (expressedOn != null) {
				set.put(HOUSING_WISH.EXPRESSED_ON, expressedOn);
			}
			return set;
		};
	}

	/** Inserts an assessment and its items (one statement for the items). */
	void insertNeedsAssessment(DSLContext dsl, UUID id, UUID personId, LocalDate assessedOn, @Nullable String summary,
			List<NeedsAssessmentView.Item> items, Map<Field<?>, Object> provenance) {
		dsl.insertInto(NEEDS_ASSESSMENT)
			.set(NEEDS_ASSESSMENT.ID, id)
			.set(NEEDS_ASSESSMENT.PERSON_ID, personId)
			.set(NEEDS_ASSESSMENT.ASSESSED_ON, assessedOn)
			.set(NEEDS_ASSESSMENT.SUMMARY, summary)
			.set(provenance)
			.execute();
		InsertValuesStep5<NeedsAssessmentItemRecord, UUID, UUID, NeedsDimension, NeedLevel, String> insert = dsl
			.insertInto(NEEDS_ASSESSMENT_ITEM, NEEDS_ASSESSMENT_ITEM.ASSESSMENT_ID, NEEDS_ASSESSMENT_ITEM.PERSON_ID,
					NEEDS_ASSESSMENT_ITEM.DIMENSION, NEEDS_ASSESSMENT_ITEM.LEVEL, NEEDS_ASSESSMENT_ITEM.NOTE);
		for (NeedsAssessmentView.Item item : items) {
			insert = insert.values(id, personId, item.dimension(), item.level(), item.note());
		}
		insert.execute();
	}

	/**
	 * Reads one assessment with its items in a transaction already open (after a write).
	 */
	Optional<NeedsAssessmentView> assessment(DSLContext dsl, UUID id) {
		return this.reads.one(dsl, ASSESSMENTS, id)
			.map((assessment) -> assessment.withItems(items(dsl, List.of(id)).getOrDefault(id, List.of())));
	}

	private static Map<UUID, List<NeedsAssessmentView.Item>> items(DSLContext dsl, Collection<UUID> assessmentIds) {
		Map<UUID, List<NeedsAssessmentView.Item>> items = new HashMap<>();
		dsl.selectFrom(NEEDS_ASSESSMENT_ITEM)
			.where(NEEDS_ASSESSMENT_ITEM.ASSESSMENT_ID.in(assessmentIds))
			.orderBy(NEEDS_ASSESSMENT_ITEM.ASSESSMENT_ID, NEEDS_ASSESSMENT_ITEM.DIMENSION)
			.fetch()
			.forEach((r) -> items.computeIfAbsent(r.getAssessmentId(), (id) -> new ArrayList<>())
				.add(new NeedsAssessmentView.Item(r.getDimension(), r.getLevel(), r.getNote())));
		return items;
	}

	/**
	 * The situation parts of the file: residential situations, housing wishes and needs
	 * assessments with their items; the one in use (the open situation, the latest wish
	 * or assessment) keeps its free texts whatever their age.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Parts {

		@Bean
		FilePart residentialSituationsPart() {
			return FilePart.of("residentialSituations", RESIDENTIAL_SITUATION, Situations.RESIDENTIAL)
				.scrubbed(Scrub.nulled(RESIDENTIAL_SITUATION.PLACE), Scrub.nulled(RESIDENTIAL_SITUATION.NOTE))
				.retained(DataCategory.RESIDENTIAL_SITUATION, Retention.of(RESIDENTIAL_SITUATION.ENDED_ON.isNull()));
		}

		@Bean
		FilePart housingWishesPart() {
			HousingWish newer = HOUSING_WISH.as("newer");
			return FilePart.of("housingWishes", HOUSING_WISH, Situations.WISHES)
				.scrubbed(
						new Scrub(HOUSING_WISH.LOCATIONS,
								DSL.field("'{}'::text[]", HOUSING_WISH.LOCATIONS.getDataType()),
								DSL.condition("cardinality({0}) > 0", HOUSING_WISH.LOCATIONS)),
						Scrub.nulled(HOUSING_WISH.CONSTRAINTS), Scrub.nulled(HOUSING_WISH.OWN_WORDS))
				.retained(DataCategory.HOUSING_WISHES,
						Retention.of(DSL.notExists(DSL.selectOne()
							.from(newer)
							.where(newer.PERSON_ID.eq(HOUSING_WISH.PERSON_ID), DSL
								.row(newer.EXPRESSED_ON, newer.RECORDED_AT, newer.ID)
								.gt(DSL.row(HOUSING_WISH.EXPRESSED_ON, HOUSING_WISH.RECORDED_AT, HOUSING_WISH.ID))))));
		}

		@Bean
		FilePart needsAssessmentsPart() {
			NeedsAssessment newer = NEEDS_ASSESSMENT.as("newer");
			return FilePart.of("needsAssessments", NEEDS_ASSESSMENT, Situations.ASSESSMENTS)
				.items("items", Scrub.nulled(NEEDS_ASSESSMENT_ITEM.NOTE))
				.scrubbed(Scrub.nulled(NEEDS_ASSESSMENT.SUMMARY))
				.retained(DataCategory.NEEDS_ASSESSMENT,
						Retention.of(DSL.notExists(DSL.selectOne()
							.from(newer)
							.where(newer.PERSON_ID.eq(NEEDS_ASSESSMENT.PERSON_ID),
									DSL.row(newer.ASSESSED_ON, newer.RECORDED_AT, newer.ID)
										.gt(DSL.row(NEEDS_ASSESSMENT.ASSESSED_ON, NEEDS_ASSESSMENT.RECORDED_AT,
												NEEDS_ASSESSMENT.ID))))));
		}

	}

}

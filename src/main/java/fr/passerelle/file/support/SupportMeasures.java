package fr.passerelle.file.support;

import java.util.Collection;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.SqlDecisions;
import fr.passerelle.file.FilePart;
import fr.passerelle.file.FilePart.Retention;
import fr.passerelle.file.FilePart.Scrub;
import fr.passerelle.person.CaseloadFilter;
import static fr.passerelle.jooq.Tables.SUPPORT_MEASURE;
import static fr.passerelle.jooq.Tables.SUPPORT_NOTE;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.file.FileReads.Part;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.SupportIntensity;
import fr.passerelle.jooq.enums.SupportMeasureType;
import fr.passerelle.jooq.tables.records.SupportMeasureRecord;
import fr.passerelle.jooq.tables.records.SupportNoteRecord;

/** Support measures and notes in the database (under the viewer's RLS). */
@Repository
class SupportMeasures {

	static final Part<SupportMeasureView> MEASURES = new Part<>("file.supportMeasures", SUPPORT_MEASURE,
			List.of(SUPPORT_MEASURE.PROVIDER_ORGANIZATION_ID),
			List.of(SUPPORT_MEASURE.STARTED_ON.desc(), SUPPORT_MEASURE.ID), (row, organizations) -> {
				SupportMeasureRecord r = row.into(SUPPORT_MEASURE);
				return new SupportMeasureView(r.getId(), r.getPersonId(), r.getType(),
						organizations.apply(r.getProviderOrganizationId()), r.getCaseLead(), r.getStartedOn(),
						r.getEndedOn(), r.getIntensity(),
						Provenance.of(row, SUPPORT_MEASURE, organizations.apply(r.getRecordedByOrganizationId())));
			});

	static final Part<SupportNoteView> NOTES = new Part<>("file.supportNotes", SUPPORT_NOTE, List.of(),
			List.of(SUPPORT_NOTE.WRITTEN_ON.desc(), SUPPORT_NOTE.RECORDED_AT.desc(), SUPPORT_NOTE.ID),
			(row, organizations) -> {
				SupportNoteRecord r = row.into(SUPPORT_NOTE);
				return new SupportNoteView(r.getId(), r.getPersonId(), r.getMeasureId(), r.getWrittenOn(), r.getBody(),
						Provenance.of(row, SUPPORT_NOTE, organizations.apply(r.getRecordedByOrganizationId())));
			});

	/**
	 * The changes of an update of a measure: the fields the input gives (case lead, end,
	 * intensity), the end checked against the stored start.
	 */
	static FileWrites.Changes measureChanges(SupportController.UpdateSupportMeasureInput input,
			@Nullable String caseLead) {
		return (current) -> {
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			if (!input.caseLead().isOmitted()) {
				set.put(SUPPORT_MEASURE.CASE_LEAD, caseLead);
			}
			if (!input.endedOn().isOmitted()) {
				set.put(SUPPORT_MEASURE.ENDED_ON,
						Inputs.end(current.get(SUPPORT_MEASURE.STARTED_ON), input.endedOn().value(), "input.endedOn"));
			}
			SupportIntensity intensity = input.intensity();
			if (intensity != null) {
				set.put(SUPPORT_MEASURE.INTENSITY, intensity);
			}
			return set;
		};
	}

	static FileWrites.Changes noteChanges(String body) {
		return (current) -> Map.of(SUPPORT_NOTE.BODY, body);
	}

	void insertMeasure(DSLContext dsl, UUID id, UUID personId, SupportMeasureType type, UUID provider,
			@Nullable String caseLead, LocalDate startedOn, @Nullable LocalDate endedOn, SupportIntensity intensity,
			Map<Field<?>, Object> provenance) {
		dsl.insertInto(SUPPORT_MEASURE)
			.set(SUPPORT_MEASURE.ID, id)
			.set(SUPPORT_MEASURE.PERSON_ID, personId)
			.set(SUPPORT_MEASURE.TYPE, type)
			.set(SUPPORT_MEASURE.PROVIDER_ORGANIZATION_ID, provider)
			.set(SUPPORT_MEASURE.CASE_LEAD, caseLead)
			.set(SUPPORT_MEASURE.STARTED_ON, startedOn)
			.set(SUPPORT_MEASURE.ENDED_ON, endedOn)
			.set(SUPPORT_MEASURE.INTENSITY, intensity)
			.set(provenance)
			.execute();
	}

	/**
	 * Whether a measure of this person exists for the viewer (a note may refer to it).
	 */
	boolean measureOf(DSLContext dsl, UUID measureId, UUID personId) {
		return dsl.fetchExists(SUPPORT_MEASURE, SUPPORT_MEASURE.ID.eq(measureId),
				SUPPORT_MEASURE.PERSON_ID.eq(personId));
	}

	void insertNote(DSLContext dsl, UUID id, UUID personId, @Nullable UUID measureId, LocalDate writtenOn, String body,
			Map<Field<?>, Object> provenance) {
		dsl.insertInto(SUPPORT_NOTE)
			.set(SUPPORT_NOTE.ID, id)
			.set(SUPPORT_NOTE.PERSON_ID, personId)
			.set(SUPPORT_NOTE.MEASURE_ID, measureId)
			.set(SUPPORT_NOTE.WRITTEN_ON, writtenOn)
			.set(SUPPORT_NOTE.BODY, body)
			.set(provenance)
			.execute();
	}

	/**
	 * The support parts of the file: measures (filtered in the caseload by type and by
	 * case lead) and notes (their text replaced by anonymization, kept for the period of
	 * SUPPORT_NOTES).
	 */
	@Configuration(proxyBeanMethods = false)
	static class Parts {

		@Bean
		FilePart supportMeasuresPart() {
			return FilePart.of("supportMeasures", SUPPORT_MEASURE, SupportMeasures.MEASURES)
				.filter(new CaseloadFilter("measureTypes", DataCategory.SUPPORT_MEASURES,
						(context, decision, value, person) -> openMeasure(decision, person,
								SUPPORT_MEASURE.TYPE.in(((Collection<?>) value).stream()
									.map((type) -> SupportMeasureType.valueOf(String.valueOf(type)))
									.toList()))))
				.filter(new CaseloadFilter("caseLeadIsMe", DataCategory.SUPPORT_MEASURES,
						(context, decision, value, person) -> openMeasure(decision, person,
								SUPPORT_MEASURE.CASE_LEAD.eq(context.viewer().username()))));
		}

		@Bean
		FilePart supportNotesPart() {
			return FilePart.of("supportNotes", SUPPORT_NOTE, SupportMeasures.NOTES)
				.scrubbed(Scrub.texted(SUPPORT_NOTE.BODY))
				.retained(DataCategory.SUPPORT_NOTES, Retention.of(DSL.falseCondition()));
		}

		/**
		 * The person has a measure open today that the viewer sees, meeting this
		 * condition.
		 */
		private static Condition openMeasure(SqlDecisions decision, Field<UUID> person, Condition meeting) {
			LocalDate today = decision.today();
			return DSL.exists(DSL.selectOne()
				.from(SUPPORT_MEASURE)
				.where(SUPPORT_MEASURE.PERSON_ID.eq(person),
						SUPPORT_MEASURE.ENDED_ON.isNull().or(SUPPORT_MEASURE.ENDED_ON.gt(today)),
						decision.sees(DataCategory.SUPPORT_MEASURES,
								List.of(SUPPORT_MEASURE.RECORDED_BY_ORGANIZATION_ID,
										SUPPORT_MEASURE.PROVIDER_ORGANIZATION_ID),
								SUPPORT_MEASURE.PERSON_ID),
						meeting));
		}

	}

}

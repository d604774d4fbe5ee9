package fr.passerelle.file.sensitive;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import fr.passerelle.file.FilePart;
import fr.passerelle.file.FilePart.Retention;
import fr.passerelle.file.FilePart.Scrub;
import static fr.passerelle.jooq.Tables.SENSITIVE_RECORD;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.file.FileReads.Part;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.SensitiveRecordKind;
import fr.passerelle.jooq.tables.records.SensitiveRecordRecord;

/**
 * Sensitive records in the database (under the viewer's RLS). One table holds the three
 * categories; each is a part of its own, read by a statement that selects only its
 * category: a viewer permitted HEALTH never loads a JUSTICE row.
 */
@Repository
class SensitiveRecords {

	/** The kinds of each category ({@code OTHER} belongs to all), as the table checks. */
	private static final Map<SensitiveRecordKind, DataCategory> CATEGORY_OF = new EnumMap<>(
			Map.ofEntries(Map.entry(SensitiveRecordKind.ADDICTION_CARE, DataCategory.HEALTH),
					Map.entry(SensitiveRecordKind.MENTAL_HEALTH_CARE, DataCategory.HEALTH),
					Map.entry(SensitiveRecordKind.PHYSICAL_HEALTH_CARE, DataCategory.HEALTH),
					Map.entry(SensitiveRecordKind.DISABILITY, DataCategory.HEALTH),
					Map.entry(SensitiveRecordKind.PREGNANCY, DataCategory.HEALTH),
					Map.entry(SensitiveRecordKind.PROBATION, DataCategory.JUSTICE),
					Map.entry(SensitiveRecordKind.CUSTODY, DataCategory.JUSTICE),
					Map.entry(SensitiveRecordKind.PRISON_RELEASE, DataCategory.JUSTICE),
					Map.entry(SensitiveRecordKind.COURT_PROCEEDING, DataCategory.JUSTICE),
					Map.entry(SensitiveRecordKind.LEGAL_PROTECTION, DataCategory.JUSTICE),
					Map.entry(SensitiveRecordKind.DOMESTIC_VIOLENCE, DataCategory.VIOLENCE),
					Map.entry(SensitiveRecordKind.PROTECTION_ORDER, DataCategory.VIOLENCE),
					Map.entry(SensitiveRecordKind.SEXUAL_VIOLENCE, DataCategory.VIOLENCE)));

	static final Part<SensitiveRecordView> HEALTH = part(DataCategory.HEALTH, "file.healthRecords");

	static final Part<SensitiveRecordView> JUSTICE = part(DataCategory.JUSTICE, "file.justiceRecords");

	static final Part<SensitiveRecordView> VIOLENCE = part(DataCategory.VIOLENCE, "file.violenceRecords");

	/**
	 * All three categories: for reading back a record just written, whose category the
	 * write decision has already checked; not a loader.
	 */
	static final Part<SensitiveRecordView> WRITTEN = part(SENSITIVE_RECORD, "file.sensitiveRecords");

	static DataCategory categoryOf(Record row) {
		return row.get(SENSITIVE_RECORD.CATEGORY);
	}

	/** A category a record may have: HEALTH, JUSTICE or VIOLENCE. */
	static DataCategory category(@Nullable DataCategory category, String field) {
		if (category == null || !category.isSensitive()) {
			throw AccessException.invalid(field, field + " must be one of "
					+ List.of(DataCategory.HEALTH, DataCategory.JUSTICE, DataCategory.VIOLENCE));
		}
		return category;
	}

	/** A kind of this category ({@code OTHER} fits every category). */
	static SensitiveRecordKind kind(@Nullable SensitiveRecordKind kind, DataCategory category, String field) {
		if (kind == null) {
			throw AccessException.invalid(field, field + " is required");
		}
		if (kind != SensitiveRecordKind.OTHER && CATEGORY_OF.get(kind) != category) {
			throw AccessException.invalid(field,
					field + " " + kind + " is a " + CATEGORY_OF.get(kind) + " kind, not a " + category + " one");
		}
		return kind;
	}

	/**
	 * The changes of an update: kind (of the stored category), end (after the stored
	 * start), summary, as given.
	 */
	static FileWrites.Changes changes(SensitiveRecordController.UpdateSensitiveRecordInput input,
			@Nullable LocalDate endedOn, @Nullable String summary) {
		SensitiveRecordKind kind = input.kind();
		return (current) -> {
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			if (kind != null) {
				set.put(SENSITIVE_RECORD.KIND, kind(kind, current.get(SENSITIVE_RECORD.CATEGORY), "input.kind"));
			}
			if (!input.endedOn().isOmitted()) {
				set.put(SENSITIVE_RECORD.ENDED_ON,
						Inputs.end(current.get(SENSITIVE_RECORD.STARTED_ON), endedOn, "input.endedOn"));
			}
			if (!input.summary().isOmitted()) {
				set.put(SENSITIVE_RECORD.SUMMARY, summary);
			}
			return set;
		};
	}

	void insert(DSLContext dsl, UUID id, UUID personId, DataCategory category, SensitiveRecordKind kind,
			LocalDate startedOn, @Nullable LocalDate endedOn, @Nullable String summary,
			Map<Field<?>, Object> provenance) {
		dsl.insertInto(SENSITIVE_RECORD)
			.set(SENSITIVE_RECORD.ID, id)
			.set(SENSITIVE_RECORD.PERSON_ID, personId)
			.set(SENSITIVE_RECORD.CATEGORY, category)
			.set(SENSITIVE_RECORD.KIND, kind)
			.set(SENSITIVE_RECORD.STARTED_ON, startedOn)
			.set(SENSITIVE_RECORD.ENDED_ON, endedOn)
			.set(SENSITIVE_RECORD.SUMMARY, summary)
			.set(provenance)
			.execute();
	}

	/**
	 * The records of one category: the table restricted to that category (an inline
	 * derived table under the table's own name, so the columns keep their names).
	 */
	private static Part<SensitiveRecordView> part(DataCategory category, String name) {
		return part(SENSITIVE_RECORD.where(SENSITIVE_RECORD.CATEGORY.eq(category)), name);
	}

	private static Part<SensitiveRecordView> part(Table<SensitiveRecordRecord> table, String name) {
		return new Part<>(name, table, List.of(), List.of(Provenance.field(table, "started_on", LocalDate.class).desc(),
				Provenance.field(table, "id", UUID.class)), (row, organizations) -> {
					SensitiveRecordRecord r = row.into(SENSITIVE_RECORD);
					return new SensitiveRecordView(r.getId(), r.getPersonId(), r.getCategory(), r.getKind(),
							r.getStartedOn(), r.getEndedOn(), r.getSummary(),
							Provenance.of(row, table, organizations.apply(r.getRecordedByOrganizationId())));
				});
	}

	/**
	 * Health, justice and violence records: one table, read as one part per sensitive
	 * category, each category's summaries kept for its own period once the record is
	 * closed.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Parts {

		@Bean
		FilePart sensitiveRecordsPart() {
			FilePart part = FilePart
				.of("sensitiveRecords", SENSITIVE_RECORD, SensitiveRecords.HEALTH, SensitiveRecords.JUSTICE,
						SensitiveRecords.VIOLENCE)
				.scrubbed(Scrub.nulled(SENSITIVE_RECORD.SUMMARY));
			for (DataCategory category : DataCategory.SENSITIVE) {
				part = part.retained(category, new Retention(SENSITIVE_RECORD.CATEGORY.eq(category),
						SENSITIVE_RECORD.ENDED_ON.isNull(), false));
			}
			return part;
		}

	}

}

package fr.passerelle.consent;

import static fr.passerelle.jooq.Tables.CONSENT_TEXT;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.jooq.tables.records.ConsentTextRecord;

/**
 * The consent registry's texts: published by the privacy officer (row-level security lets
 * only the privacy office's scope write them), immutable once published (a trigger),
 * their SHA-256 computed by the database.
 */
@Repository
class ConsentTexts {

	/** One published version of the text. */
	record ConsentText(UUID id, String language, String version, String body, String sha256, LocalDate effectiveFrom,
			OffsetDateTime publishedAt, String publishedBy, @Nullable OffsetDateTime retiredAt) {

		static ConsentText of(ConsentTextRecord row) {
			return new ConsentText(row.getId(), row.getLanguage(), row.getVersion(), row.getBody(), row.getSha256(),
					row.getEffectiveFrom(), row.getPublishedAt(), row.getPublishedBy(), row.getRetiredAt());
		}

		boolean inForceOn(LocalDate day) {
			return this.retiredAt == null && !this.effectiveFrom.isAfter(day);
		}

	}

	List<ConsentText> list(DSLContext dsl, @Nullable String language, boolean includeRetired) {
		Condition condition = DSL.noCondition();
		if (language != null) {
			condition = condition.and(CONSENT_TEXT.LANGUAGE.eq(language));
		}
		if (!includeRetired) {
			condition = condition.and(CONSENT_TEXT.RETIRED_AT.isNull());
		}
		return dsl.selectFrom(CONSENT_TEXT)
			.where(condition)
			.orderBy(CONSENT_TEXT.LANGUAGE, CONSENT_TEXT.PUBLISHED_AT.desc(), CONSENT_TEXT.VERSION)
			.fetch(ConsentText::of);
	}

	Optional<ConsentText> find(DSLContext dsl, String language, String version) {
		return dsl.selectFrom(CONSENT_TEXT)
			.where(CONSENT_TEXT.LANGUAGE.eq(language), CONSENT_TEXT.VERSION.eq(version))
			.fetchOptional(ConsentText::of);
	}

	/** Publishes a version; empty if the language already has it. */
	Optional<ConsentText> publish(DSLContext dsl, String language, String version, String body, LocalDate effectiveFrom,
			String publishedBy) {
		return dsl.insertInto(CONSENT_TEXT)
			.set(CONSENT_TEXT.ID, UUID.randomUUID())
			.set(CONSENT_TEXT.LANGUAGE, language)
			.set(CONSENT_TEXT.VERSION, version)
			.set(CONSENT_TEXT.BODY, body)
			.set(CONSENT_TEXT.EFFECTIVE_FROM, effectiveFrom)
			.set(CONSENT_TEXT.PUBLISHED_BY, publishedBy)
			.onConflictDoNothing()
			.returning()
			.fetchOptional(ConsentText::of);
	}

	/** Retires a text once; empty if there is no such text, or it is retired already. */
	Optional<ConsentText> retire(DSLContext dsl, UUID id, String retiredBy) {
		return dsl.update(CONSENT_TEXT)
			.set(CONSENT_TEXT.RETIRED_AT, DSL.currentOffsetDateTime())
			.set(CONSENT_TEXT.RETIRED_BY, retiredBy)
			.where(CONSENT_TEXT.ID.eq(id), CONSENT_TEXT.RETIRED_AT.isNull())
			.returning()
			.fetchOptional(ConsentText::of);
	}

}

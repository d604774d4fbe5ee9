package fr.passerelle.consent;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_SCOPE;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.tables.records.ConsentScopeRecord;

/**
 * The consent scopes' versions (row-level security: read by all, written in the privacy
 * office's scope, never changed) and their use by active consents.
 */
@Repository
class ConsentScopes {

	/** A version as stored: its provisions as the JSON they were published in. */
	record Version(UUID id, String name, int version, @Nullable String description, String provisions,
			OffsetDateTime publishedAt, String publishedBy) {

		static Version of(ConsentScopeRecord row) {
			return new Version(row.getId(), row.getName(), row.getVersion(), row.getDescription(),
					row.getProvisions().data(), row.getPublishedAt(), row.getPublishedBy());
		}

	}

	List<Version> list(DSLContext dsl, @Nullable String name, boolean allVersions) {
		Condition condition = (name != null) ? CONSENT_SCOPE.NAME.eq(name) : DSL.noCondition();
		if (!allVersions) {
			var latest = CONSENT_SCOPE.as("latest");
			condition = condition.andNotExists(DSL.selectOne()
				.from(latest)
				.where(latest.NAME.eq(CONSENT_SCOPE.NAME), latest.VERSION.gt(CONSENT_SCOPE.VERSION)));
		}
		return dsl.selectFrom(CONSENT_SCOPE)
			.where(condition)
			.orderBy(CONSENT_SCOPE.NAME, CONSENT_SCOPE.VERSION.desc())
			.fetch(Version::of);
	}

	/** Publishes the next version of the name (versions numbered one after the other). */
	Version publish(DSLContext dsl, String name, @Nullable String description, String provisions, String publishedBy) {
		dsl.fetch("SELECT pg_advisory_xact_lock(hashtext(?))", "consent_scope:" + name);
		int version = dsl.select(DSL.coalesce(DSL.max(CONSENT_SCOPE.VERSION), 0))
			.from(CONSENT_SCOPE)
			.where(CONSENT_SCOPE.NAME.eq(name))
			.fetchSingle()
			.value1() + 1;
		return dsl.insertInto(CONSENT_SCOPE)
			.set(CONSENT_SCOPE.ID, UUID.randomUUID())
			.set(CONSENT_SCOPE.NAME, name)
			.set(CONSENT_SCOPE.VERSION, version)
			.set(CONSENT_SCOPE.DESCRIPTION, description)
			.set(CONSENT_SCOPE.PROVISIONS, JSONB.valueOf(provisions))
			.set(CONSENT_SCOPE.PUBLISHED_BY, publishedBy)
			.returning()
			.fetchSingle(Version::of);
	}

	boolean exists(DSLContext dsl, UUID id) {
		return dsl.fetchExists(CONSENT_SCOPE, CONSENT_SCOPE.ID.eq(id));
	}

	/**
	 * Active consents recorded from each of these versions (in the privacy office's
	 * scope).
	 */
	Map<UUID, Integer> usage(DSLContext dsl, List<UUID> scopes) {
		return dsl.select(CONSENT.SCOPE_ID, DSL.count())
			.from(CONSENT)
			.where(CONSENT.SCOPE_ID.in(scopes), CONSENT.STATUS.eq(ConsentStatus.ACTIVE),
					CONSENT.PERIOD_END.isNull().or(CONSENT.PERIOD_END.ge(DSL.currentLocalDate())))
			.groupBy(CONSENT.SCOPE_ID)
			.fetchMap((row) -> row.value1(), (row) -> row.value2());
	}

}

package fr.passerelle.organization;

import static fr.passerelle.jooq.Tables.ORGANIZATION;
import static fr.passerelle.jooq.Tables.ORGANIZATION_VERSION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Records;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.OrganizationType;

/**
 * The partner directory's versions: each state of an organization, with who made it and
 * why. The database writes a version whenever an organization's row is inserted or
 * changed (trigger {@code organization_versioned}), with the reason and author this
 * transaction declares. Organizations are not personal data: no row-level security.
 */
@Repository
class Directory {

	/** An organization at one of its versions, as the schema shows it. */
	record Entry(UUID id, String name, OrganizationType type, String territory,
			@Nullable DataCategory sensitiveCategory, boolean active, int version, String reason, String changedBy,
			OffsetDateTime changedAt) {

		public boolean sensitive() {
			return this.sensitiveCategory != null;
		}

	}

	/** The current state of an organization, to change it from. */
	record Current(UUID id, String name, String territory, @Nullable DataCategory sensitiveCategory, boolean active,
			int version) {
	}

	/**
	 * The organizations at their current version, by name; the inactive ones if asked.
	 */
	List<Entry> current(DSLContext dsl, boolean includeInactive) {
		return dsl.select(ORGANIZATION_VERSION.fields())
			.from(ORGANIZATION)
			.join(ORGANIZATION_VERSION)
			.on(ORGANIZATION_VERSION.ORGANIZATION_ID.eq(ORGANIZATION.ID),
					ORGANIZATION_VERSION.VERSION.eq(ORGANIZATION.VERSION))
			.where(includeInactive ? DSL.noCondition() : ORGANIZATION.ACTIVE.isTrue())
			.orderBy(ORGANIZATION.NAME, ORGANIZATION.ID)
			.fetch(Directory::entry);
	}

	/** Every version of an organization, newest first (none for an unknown id). */
	List<Entry> history(DSLContext dsl, UUID id) {
		return dsl.selectFrom(ORGANIZATION_VERSION)
			.where(ORGANIZATION_VERSION.ORGANIZATION_ID.eq(id))
			.orderBy(ORGANIZATION_VERSION.VERSION.desc())
			.fetch(Directory::entry);
	}

	Optional<Current> lock(DSLContext dsl, UUID id) {
		return dsl
			.select(ORGANIZATION.ID, ORGANIZATION.NAME, ORGANIZATION.TERRITORY, ORGANIZATION.SENSITIVE_CATEGORY,
					ORGANIZATION.ACTIVE, ORGANIZATION.VERSION)
			.from(ORGANIZATION)
			.where(ORGANIZATION.ID.eq(id))
			.forUpdate()
			.fetchOptional(Records.mapping(Current::new));
	}

	void create(DSLContext dsl, UUID id, String name, OrganizationType type, String territory,
			@Nullable DataCategory sensitiveCategory, String by, String reason) {
		declare(dsl, by, reason);
		dsl.insertInto(ORGANIZATION)
			.set(ORGANIZATION.ID, id)
			.set(ORGANIZATION.NAME, name)
			.set(ORGANIZATION.TYPE, type)
			.set(ORGANIZATION.TERRITORY, territory)
			.set(ORGANIZATION.SENSITIVE, sensitiveCategory != null)
			.set(ORGANIZATION.SENSITIVE_CATEGORY, sensitiveCategory)
			.execute();
	}

	void change(DSLContext dsl, Current changed, String by, String reason) {
		declare(dsl, by, reason);
		dsl.update(ORGANIZATION)
			.set(ORGANIZATION.NAME, changed.name())
			.set(ORGANIZATION.SENSITIVE, changed.sensitiveCategory() != null)
			.set(ORGANIZATION.SENSITIVE_CATEGORY, changed.sensitiveCategory())
			.set(ORGANIZATION.ACTIVE, changed.active())
			.where(ORGANIZATION.ID.eq(changed.id()))
			.execute();
	}

	/** The organization at its current version. */
	Optional<Entry> latest(DSLContext dsl, UUID id) {
		return dsl.selectFrom(ORGANIZATION_VERSION)
			.where(ORGANIZATION_VERSION.ORGANIZATION_ID.eq(id))
			.orderBy(ORGANIZATION_VERSION.VERSION.desc())
			.limit(1)
			.fetchOptional(Directory::entry);
	}

	boolean nameTaken(DSLContext dsl, String name, String territory, @Nullable UUID other) {
		return dsl.fetchExists(ORGANIZATION, DSL.lower(ORGANIZATION.NAME).eq(name.toLowerCase()),
				ORGANIZATION.TERRITORY.eq(territory), (other != null) ? ORGANIZATION.ID.ne(other) : DSL.noCondition());
	}

	/** The author and reason the version trigger records, for this transaction. */
	private static void declare(DSLContext dsl, String by, String reason) {
		dsl.select(
				DSL.function("set_config", String.class, DSL.val("passerelle.directory_by"), DSL.val(by),
						DSL.inline(true)),
				DSL.function("set_config", String.class, DSL.val("passerelle.directory_reason"), DSL.val(reason),
						DSL.inline(true)))
			.fetch();
	}

	private static Entry entry(Record row) {
		return new Entry(row.get(ORGANIZATION_VERSION.ORGANIZATION_ID), row.get(ORGANIZATION_VERSION.NAME),
				row.get(ORGANIZATION_VERSION.TYPE), row.get(ORGANIZATION_VERSION.TERRITORY),
				row.get(ORGANIZATION_VERSION.SENSITIVE_CATEGORY), row.get(ORGANIZATION_VERSION.ACTIVE),
				row.get(ORGANIZATION_VERSION.VERSION), row.get(ORGANIZATION_VERSION.REASON),
				row.get(ORGANIZATION_VERSION.CHANGED_BY), row.get(ORGANIZATION_VERSION.CHANGED_AT));
	}

}

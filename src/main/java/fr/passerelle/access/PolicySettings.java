package fr.passerelle.access;

import static fr.passerelle.jooq.Tables.MISSION_OWN_RECORDS;
import static fr.passerelle.jooq.Tables.POLICY_DEFAULT_PURPOSE;
import static fr.passerelle.jooq.Tables.POLICY_SETTING_CHANGE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.jooq.enums.PolicySetting;
import fr.passerelle.jooq.tables.records.PolicySettingChangeRecord;

/**
 * The policy data beside the matrix, and its versioned history: the default purpose of
 * each role of an organization type, and the own-records rules (a mission that covers
 * only the elements the organization recorded itself). Read by every request's access
 * context ({@link AccessContexts}), so a change is effective from the next request. Not
 * personal data: no row-level security.
 */
@Repository
class PolicySettings {

	private final DSLContext dsl;

	PolicySettings(DSLContext dsl) {
		this.dsl = dsl;
	}

	record DefaultPurpose(OrganizationType organizationType, Role role, Purpose purpose) {
	}

	record DefaultPurposeChange(OrganizationType organizationType, Role role, @Nullable Purpose purpose) {
	}

	record OwnRecordsRule(OrganizationType organizationType, DataCategory category) {
	}

	record OwnRecordsChange(OrganizationType organizationType, DataCategory category, boolean ownRecordsOnly) {
	}

	record SettingChange(int version, PolicySetting setting, OrganizationType organizationType, @Nullable Role role,
			@Nullable DataCategory category, @Nullable String previousValue, @Nullable String value, String changedBy,
			OffsetDateTime changedAt, String reason) {
	}

	record SettingUpdate(int version, List<SettingChange> changes) {
	}

	List<DefaultPurpose> defaultPurposes(@Nullable OrganizationType type) {
		return this.dsl.selectFrom(POLICY_DEFAULT_PURPOSE)
			.where((type != null) ? POLICY_DEFAULT_PURPOSE.ORGANIZATION_TYPE.eq(type) : DSL.noCondition())
			.orderBy(POLICY_DEFAULT_PURPOSE.ORGANIZATION_TYPE, POLICY_DEFAULT_PURPOSE.ROLE)
			.fetch((r) -> new DefaultPurpose(r.getOrganizationType(), r.getRole(), r.getPurpose()));
	}

	List<OwnRecordsRule> ownRecordsRules(@Nullable OrganizationType type) {
		return this.dsl.selectFrom(MISSION_OWN_RECORDS)
			.where((type != null) ? MISSION_OWN_RECORDS.ORGANIZATION_TYPE.eq(type) : DSL.noCondition())
			.orderBy(MISSION_OWN_RECORDS.ORGANIZATION_TYPE, MISSION_OWN_RECORDS.CATEGORY)
			.fetch((r) -> new OwnRecordsRule(r.getOrganizationType(), r.getCategory()));
	}

	List<SettingChange> changes(int first) {
		return this.dsl.selectFrom(POLICY_SETTING_CHANGE)
			.orderBy(POLICY_SETTING_CHANGE.ID.desc())
			.limit(first)
			.fetch(PolicySettings::view);
	}

	/**
	 * Apply default-purpose changes as one version (a purpose given as null removes the
	 * default); a set that changes nothing makes no version.
	 */
	SettingUpdate applyDefaultPurposes(List<DefaultPurposeChange> changes, String by, String reason) {
		return this.dsl.transactionResult((configuration) -> {
			DSLContext dsl = configuration.dsl();
			int version = nextVersion(dsl);
			List<SettingChange> applied = new ArrayList<>();
			for (DefaultPurposeChange change : changes) {
				Condition cell = POLICY_DEFAULT_PURPOSE.ORGANIZATION_TYPE.eq(change.organizationType())
					.and(POLICY_DEFAULT_PURPOSE.ROLE.eq(change.role()));
				Purpose previous = dsl.select(POLICY_DEFAULT_PURPOSE.PURPOSE)
					.from(POLICY_DEFAULT_PURPOSE)
					.where(cell)
					.fetchOne(POLICY_DEFAULT_PURPOSE.PURPOSE);
				if (previous == change.purpose()) {
					continue;
				}
				dsl.deleteFrom(POLICY_DEFAULT_PURPOSE).where(cell).execute();
				if (change.purpose() != null) {
					dsl.insertInto(POLICY_DEFAULT_PURPOSE)
						.set(POLICY_DEFAULT_PURPOSE.ORGANIZATION_TYPE, change.organizationType())
						.set(POLICY_DEFAULT_PURPOSE.ROLE, change.role())
						.set(POLICY_DEFAULT_PURPOSE.PURPOSE, change.purpose())
						.execute();
				}
				applied.add(record(dsl, version, PolicySetting.DEFAULT_PURPOSE, change.organizationType(),
						change.role(), null, (previous != null) ? previous.name() : null,
						(change.purpose() != null) ? change.purpose().name() : null, by, reason));
			}
			return new SettingUpdate(applied.isEmpty() ? version - 1 : version, applied);
		});
	}

	/**
	 * Apply own-records changes as one version; a set that changes nothing makes none.
	 */
	SettingUpdate applyOwnRecords(List<OwnRecordsChange> changes, String by, String reason) {
		return this.dsl.transactionResult((configuration) -> {
			DSLContext dsl = configuration.dsl();
			int version = nextVersion(dsl);
			List<SettingChange> applied = new ArrayList<>();
			for (OwnRecordsChange change : changes) {
				Condition cell = MISSION_OWN_RECORDS.ORGANIZATION_TYPE.eq(change.organizationType())
					.and(MISSION_OWN_RECORDS.CATEGORY.eq(change.category()));
				boolean previous = dsl.fetchExists(MISSION_OWN_RECORDS, cell);
				if (previous == change.ownRecordsOnly()) {
					continue;
				}
				if (change.ownRecordsOnly()) {
					dsl.insertInto(MISSION_OWN_RECORDS)
						.set(MISSION_OWN_RECORDS.ORGANIZATION_TYPE, change.organizationType())
						.set(MISSION_OWN_RECORDS.CATEGORY, change.category())
						.execute();
				}
				else {
					dsl.deleteFrom(MISSION_OWN_RECORDS).where(cell).execute();
				}
				applied.add(record(dsl, version, PolicySetting.OWN_RECORDS, change.organizationType(), null,
						change.category(), Boolean.toString(previous), Boolean.toString(change.ownRecordsOnly()), by,
						reason));
			}
			return new SettingUpdate(applied.isEmpty() ? version - 1 : version, applied);
		});
	}

	/** The next version; versions are serialized by a transaction's advisory lock. */
	private static int nextVersion(DSLContext dsl) {
		dsl.execute("SELECT pg_advisory_xact_lock(hashtext('passerelle.policy_setting_change'))");
		return dsl.select(DSL.coalesce(DSL.max(POLICY_SETTING_CHANGE.VERSION), 0))
			.from(POLICY_SETTING_CHANGE)
			.fetchOne()
			.value1() + 1;
	}

	private static SettingChange record(DSLContext dsl, int version, PolicySetting setting, OrganizationType type,
			@Nullable Role role, @Nullable DataCategory category, @Nullable String previous, @Nullable String value,
			String by, String reason) {
		return dsl.insertInto(POLICY_SETTING_CHANGE)
			.set(POLICY_SETTING_CHANGE.VERSION, version)
			.set(POLICY_SETTING_CHANGE.SETTING, setting)
			.set(POLICY_SETTING_CHANGE.ORGANIZATION_TYPE, type)
			.set(POLICY_SETTING_CHANGE.ROLE, role)
			.set(POLICY_SETTING_CHANGE.CATEGORY, category)
			.set(POLICY_SETTING_CHANGE.PREVIOUS_VALUE, previous)
			.set(POLICY_SETTING_CHANGE.VALUE, value)
			.set(POLICY_SETTING_CHANGE.CHANGED_BY, by)
			.set(POLICY_SETTING_CHANGE.REASON, reason)
			.returning()
			.fetchOne(PolicySettings::view);
	}

	private static SettingChange view(PolicySettingChangeRecord r) {
		return new SettingChange(r.getVersion(), r.getSetting(), r.getOrganizationType(), r.getRole(), r.getCategory(),
				r.getPreviousValue(), r.getValue(), r.getChangedBy(), r.getChangedAt(), r.getReason());
	}

}

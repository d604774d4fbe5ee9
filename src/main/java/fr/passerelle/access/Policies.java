package fr.passerelle.access;

import java.time.OffsetDateTime;
import static fr.passerelle.jooq.Tables.POLICY_CHANGE;
import static fr.passerelle.jooq.Tables.POLICY_RULE;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.jooq.enums.PolicyEffect;

/**
 * The policy matrix and its versioned history. The matrix is not personal data: no RLS.
 */
@Repository
class Policies {

	private final DSLContext dsl;

	Policies(DSLContext dsl) {
		this.dsl = dsl;
	}

	List<PolicyRule> rules(@Nullable OrganizationType type, @Nullable Role role, @Nullable Purpose purpose) {
		Condition condition = DSL.noCondition();
		if (type != null) {
			condition = condition.and(POLICY_RULE.ORGANIZATION_TYPE.eq(type));
		}
		if (role != null) {
			condition = condition.and(POLICY_RULE.ROLE.eq(role));
		}
		if (purpose != null) {
			condition = condition.and(POLICY_RULE.PURPOSE.eq(purpose));
		}
		return this.dsl.selectFrom(POLICY_RULE)
			.where(condition)
			.orderBy(POLICY_RULE.ORGANIZATION_TYPE, POLICY_RULE.ROLE, POLICY_RULE.PURPOSE, POLICY_RULE.CATEGORY)
			.fetch((r) -> new PolicyRule(r.getOrganizationType(), r.getRole(), r.getCategory(), r.getPurpose(),
					Effect.valueOf(r.getEffect().getLiteral()), null));
	}

	/**
	 * Apply a change set as one new version, in one transaction; versions are serialized
	 * by a lock on the history. Cells set to DENY are removed (a missing cell is DENY).
	 */
	PolicyUpdate apply(List<PolicyRule> changes, String changedBy, String reason) {
		return dsl.transactionResult((configuration) -> apply(configuration.dsl(), changes, changedBy, reason));
	}

	private static PolicyUpdate apply(DSLContext dsl, List<PolicyRule> changes, String changedBy, String reason) {
		dsl.execute("LOCK TABLE passerelle.policy_rule IN SHARE ROW EXCLUSIVE MODE");
		int version = dsl.select(DSL.coalesce(DSL.max(POLICY_CHANGE.VERSION), 0))
			.from(POLICY_CHANGE)
			.fetchOne()
			.value1() + 1;
		List<PolicyChangeView> applied = new ArrayList<>();
		for (PolicyRule change : changes) {
			Condition cell = POLICY_RULE.ORGANIZATION_TYPE.eq(change.organizationType())
				.and(POLICY_RULE.ROLE.eq(change.role()))
				.and(POLICY_RULE.CATEGORY.eq(change.category()))
				.and(POLICY_RULE.PURPOSE.eq(change.purpose()));
			PolicyEffect current = dsl.select(POLICY_RULE.EFFECT)
				.from(POLICY_RULE)
				.where(cell)
				.fetchOne(POLICY_RULE.EFFECT);
			Effect previous = (current != null) ? Effect.valueOf(current.getLiteral()) : Effect.DENY;
			if (previous == change.effect()) {
				continue;
			}
			dsl.deleteFrom(POLICY_RULE).where(cell).execute();
			if (change.effect() != Effect.DENY) {
				dsl.insertInto(POLICY_RULE)
					.set(POLICY_RULE.ORGANIZATION_TYPE, change.organizationType())
					.set(POLICY_RULE.ROLE, change.role())
					.set(POLICY_RULE.CATEGORY, change.category())
					.set(POLICY_RULE.PURPOSE, change.purpose())
					.set(POLICY_RULE.EFFECT, PolicyEffect.valueOf(change.effect().name()))
					.execute();
			}
			applied.add(dsl.insertInto(POLICY_CHANGE)
				.set(POLICY_CHANGE.VERSION, version)
				.set(POLICY_CHANGE.ORGANIZATION_TYPE, change.organizationType())
				.set(POLICY_CHANGE.ROLE, change.role())
				.set(POLICY_CHANGE.CATEGORY, change.category())
				.set(POLICY_CHANGE.PURPOSE, change.purpose())
				.set(POLICY_CHANGE.PREVIOUS_EFFECT, PolicyEffect.valueOf(previous.name()))
				.set(POLICY_CHANGE.EFFECT, PolicyEffect.valueOf(change.effect().name()))
				.set(POLICY_CHANGE.CHANGED_BY, changedBy)
				.set(POLICY_CHANGE.REASON, reason)
				.returning()
				.fetchOne(Policies::view));
		}
		// a set that changed nothing creates no version: answer the current one
		return new PolicyUpdate(applied.isEmpty() ? version - 1 : version, applied);
	}

	List<PolicyChangeView> changes(int first) {
		return this.dsl.selectFrom(POLICY_CHANGE).orderBy(POLICY_CHANGE.ID.desc()).limit(first).fetch(Policies::view);
	}

	private static PolicyChangeView view(fr.passerelle.jooq.tables.records.PolicyChangeRecord r) {
		return new PolicyChangeView(r.getVersion(), r.getOrganizationType(), r.getRole(), r.getCategory(),
				r.getPurpose(), Effect.valueOf(r.getPreviousEffect().getLiteral()),
				Effect.valueOf(r.getEffect().getLiteral()), r.getChangedBy(), r.getChangedAt(), r.getReason());
	}

	record PolicyUpdate(int version, List<PolicyChangeView> changes) {
	}

	record PolicyChangeView(int version, OrganizationType organizationType, Role role, DataCategory category,
			Purpose purpose, Effect previousEffect, Effect effect, String changedBy, OffsetDateTime changedAt,
			String reason) {
	}

}

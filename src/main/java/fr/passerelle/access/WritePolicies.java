package fr.passerelle.access;

import static fr.passerelle.jooq.Tables.WRITE_RULE;
import static fr.passerelle.jooq.Tables.WRITE_RULE_CHANGE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.jooq.tables.records.WriteRuleChangeRecord;

/**
 * The write policy (organization type × category → may write) and its versioned history,
 * the counterpart of {@link Policies} for writes. Not personal data: no RLS.
 */
@Repository
class WritePolicies {

	private final DSLContext dsl;

	WritePolicies(DSLContext dsl) {
		this.dsl = dsl;
	}

	List<WriteRule> rules(@Nullable OrganizationType type) {
		Condition condition = (type != null) ? WRITE_RULE.ORGANIZATION_TYPE.eq(type) : DSL.noCondition();
		return this.dsl.selectFrom(WRITE_RULE)
			.where(condition)
			.orderBy(WRITE_RULE.ORGANIZATION_TYPE, WRITE_RULE.CATEGORY)
			.fetch((r) -> new WriteRule(r.getOrganizationType(), r.getCategory()));
	}

	/**
	 * Applies a change set as one new version, in one transaction, serialized by a lock
	 * on the rules; effective from the next request.
	 */
	WriteUpdate apply(List<WriteChange> changes, String changedBy, String reason) {
		return this.dsl.transactionResult((configuration) -> {
			DSLContext tx = configuration.dsl();
			tx.execute("LOCK TABLE passerelle.write_rule IN SHARE ROW EXCLUSIVE MODE");
			int version = tx.select(DSL.coalesce(DSL.max(WRITE_RULE_CHANGE.VERSION), 0))
				.from(WRITE_RULE_CHANGE)
				.fetchSingle()
				.value1() + 1;
			List<WriteChangeView> applied = new ArrayList<>();
			for (WriteChange change : changes) {
				Condition cell = WRITE_RULE.ORGANIZATION_TYPE.eq(change.organizationType())
					.and(WRITE_RULE.CATEGORY.eq(change.category()));
				boolean previous = tx.fetchExists(WRITE_RULE, cell);
				if (previous == change.allowed()) {
					continue;
				}
				if (change.allowed()) {
					tx.insertInto(WRITE_RULE)
						.set(WRITE_RULE.ORGANIZATION_TYPE, change.organizationType())
						.set(WRITE_RULE.CATEGORY, change.category())
						.execute();
				}
				else {
					tx.deleteFrom(WRITE_RULE).where(cell).execute();
				}
				applied.add(tx.insertInto(WRITE_RULE_CHANGE)
					.set(WRITE_RULE_CHANGE.VERSION, version)
					.set(WRITE_RULE_CHANGE.ORGANIZATION_TYPE, change.organizationType())
					.set(WRITE_RULE_CHANGE.CATEGORY, change.category())
					.set(WRITE_RULE_CHANGE.PREVIOUSLY_ALLOWED, previous)
					.set(WRITE_RULE_CHANGE.ALLOWED, change.allowed())
					.set(WRITE_RULE_CHANGE.CHANGED_BY, changedBy)
					.set(WRITE_RULE_CHANGE.REASON, reason)
					.returning()
					.fetchSingle(WritePolicies::view));
			}
			return new WriteUpdate(applied.isEmpty() ? version - 1 : version, applied);
		});
	}

	List<WriteChangeView> changes(int first) {
		return this.dsl.selectFrom(WRITE_RULE_CHANGE)
			.orderBy(WRITE_RULE_CHANGE.ID.desc())
			.limit(first)
			.fetch(WritePolicies::view);
	}

	private static WriteChangeView view(WriteRuleChangeRecord r) {
		return new WriteChangeView(r.getVersion(), r.getOrganizationType(), r.getCategory(), r.getPreviouslyAllowed(),
				r.getAllowed(), r.getChangedBy(), r.getChangedAt(), r.getReason());
	}

	record WriteRule(OrganizationType organizationType, DataCategory category) {
	}

	record WriteChange(OrganizationType organizationType, DataCategory category, boolean allowed) {
	}

	record WriteUpdate(int version, List<WriteChangeView> changes) {
	}

	record WriteChangeView(int version, OrganizationType organizationType, DataCategory category,
			boolean previouslyAllowed, boolean allowed, String changedBy, OffsetDateTime changedAt, String reason) {
	}

}

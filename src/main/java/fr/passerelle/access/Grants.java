package fr.passerelle.access;

import static fr.passerelle.jooq.Tables.DELEGATION;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;
import static fr.passerelle.jooq.Tables.ORGANIZATION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.jooq.enums.ReviewStatus;

/** Emergency accesses and delegations; called inside a viewer transaction. */
@Repository
public class Grants {

	boolean personExists(DSLContext dsl, UUID personId) {
		return Boolean.TRUE
			.equals(dsl.select(DSL.function("passerelle.person_exists", Boolean.class, DSL.val(personId)))
				.fetchOne()
				.value1());
	}

	UUID openEmergency(DSLContext dsl, UUID personId, Viewer viewer, String justification, OffsetDateTime expiresAt) {
		UUID id = UUID.randomUUID();
		dsl.insertInto(EMERGENCY_ACCESS)
			.set(EMERGENCY_ACCESS.ID, id)
			.set(EMERGENCY_ACCESS.PERSON_ID, personId)
			.set(EMERGENCY_ACCESS.USER_ID, viewer.userId())
			.set(EMERGENCY_ACCESS.USERNAME, viewer.username())
			.set(EMERGENCY_ACCESS.ORGANIZATION_ID, viewer.organization().id())
			.set(EMERGENCY_ACCESS.JUSTIFICATION, justification)
			.set(EMERGENCY_ACCESS.EXPIRES_AT, expiresAt)
			.execute();
		return id;
	}

	List<EmergencyAccessView> emergencies(DSLContext dsl, int first, @Nullable UUID id) {
		return emergencies(dsl, (id != null) ? EMERGENCY_ACCESS.ID.eq(id) : DSL.noCondition(),
				List.of(EMERGENCY_ACCESS.OPENED_AT.desc()), first);
	}

	/**
	 * Emergency accesses with their organization, in this order (the review reads them
	 * too).
	 */
	public static List<EmergencyAccessView> emergencies(DSLContext dsl, Condition condition,
			List<? extends OrderField<?>> order, int first) {
		return dsl
			.select(EMERGENCY_ACCESS.ID, EMERGENCY_ACCESS.PERSON_ID, EMERGENCY_ACCESS.USERNAME,
					EMERGENCY_ACCESS.JUSTIFICATION, EMERGENCY_ACCESS.OPENED_AT, EMERGENCY_ACCESS.EXPIRES_AT,
					EMERGENCY_ACCESS.REVIEW_STATUS, EMERGENCY_ACCESS.REVIEW_COMMENT, EMERGENCY_ACCESS.REVIEWED_BY,
					EMERGENCY_ACCESS.REVIEWED_AT, ORGANIZATION.ID, ORGANIZATION.NAME, ORGANIZATION.TYPE,
					ORGANIZATION.TERRITORY, ORGANIZATION.SENSITIVE_CATEGORY)
			.from(EMERGENCY_ACCESS)
			.join(ORGANIZATION)
			.on(ORGANIZATION.ID.eq(EMERGENCY_ACCESS.ORGANIZATION_ID))
			.where(condition)
			.orderBy(order)
			.limit(first)
			.fetch(Grants::emergency);
	}

	UUID delegate(DSLContext dsl, Viewer viewer, String delegate, List<Role> roles, String reason,
			OffsetDateTime endsAt) {
		UUID id = UUID.randomUUID();
		dsl.insertInto(DELEGATION)
			.set(DELEGATION.ID, id)
			.set(DELEGATION.ORGANIZATION_ID, viewer.organization().id())
			.set(DELEGATION.DELEGATOR_USER_ID, viewer.userId())
			.set(DELEGATION.DELEGATOR_USERNAME, viewer.username())
			.set(DELEGATION.DELEGATOR_ROLES, roles.toArray(Role[]::new))
			.set(DELEGATION.DELEGATE_USERNAME, delegate)
			.set(DELEGATION.REASON, reason)
			.set(DELEGATION.ENDS_AT, endsAt)
			.execute();
		return id;
	}

	void revokeDelegation(DSLContext dsl, UUID id, OffsetDateTime at) {
		dsl.update(DELEGATION).set(DELEGATION.REVOKED_AT, at).where(DELEGATION.ID.eq(id)).execute();
	}

	List<DelegationView> delegations(DSLContext dsl, int first, @Nullable UUID id) {
		return delegations(dsl, (id != null) ? DELEGATION.ID.eq(id) : DSL.noCondition(),
				List.of(DELEGATION.STARTS_AT.desc()), first);
	}

	/** Delegations, in this order (the review reads them too). */
	public static List<DelegationView> delegations(DSLContext dsl, Condition condition,
			List<? extends OrderField<?>> order, int first) {
		return dsl.selectFrom(DELEGATION)
			.where(condition)
			.orderBy(order)
			.limit(first)
			.fetch((d) -> new DelegationView(d.getId(), d.getDelegatorUsername(), d.getDelegateUsername(),
					List.of(d.getDelegatorRoles()), d.getReason(), d.getStartsAt(), d.getEndsAt(), d.getRevokedAt(),
					d.getReviewStatus(), d.getReviewComment(), d.getReviewedBy(), d.getReviewedAt()));
	}

	private static EmergencyAccessView emergency(Record row) {
		return new EmergencyAccessView(row.get(EMERGENCY_ACCESS.ID), row.get(EMERGENCY_ACCESS.PERSON_ID),
				row.get(EMERGENCY_ACCESS.USERNAME),
				new Organization(row.get(ORGANIZATION.ID), row.get(ORGANIZATION.NAME), row.get(ORGANIZATION.TYPE),
						row.get(ORGANIZATION.TERRITORY), row.get(ORGANIZATION.SENSITIVE_CATEGORY)),
				row.get(EMERGENCY_ACCESS.JUSTIFICATION), row.get(EMERGENCY_ACCESS.OPENED_AT),
				row.get(EMERGENCY_ACCESS.EXPIRES_AT), row.get(EMERGENCY_ACCESS.REVIEW_STATUS),
				row.get(EMERGENCY_ACCESS.REVIEW_COMMENT), row.get(EMERGENCY_ACCESS.REVIEWED_BY),
				row.get(EMERGENCY_ACCESS.REVIEWED_AT));
	}

	public record EmergencyAccessView(UUID id, UUID personId, String username, Organization organization,
			String justification, OffsetDateTime openedAt, OffsetDateTime expiresAt, ReviewStatus reviewStatus,
			@Nullable String reviewComment, @Nullable String reviewedBy, @Nullable OffsetDateTime reviewedAt) {
	}

	public record DelegationView(UUID id, String delegator, String delegate, List<Role> roles, String reason,
			OffsetDateTime startsAt, OffsetDateTime endsAt, @Nullable OffsetDateTime revokedAt,
			ReviewStatus reviewStatus, @Nullable String reviewComment, @Nullable String reviewedBy,
			@Nullable OffsetDateTime reviewedAt) {
	}

}

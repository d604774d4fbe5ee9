package fr.passerelle.review;

import static fr.passerelle.jooq.Tables.DELEGATION;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;
import static fr.passerelle.jooq.Tables.ORGANIZATION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.Role;
import fr.passerelle.jooq.enums.ReviewStatus;
import fr.passerelle.jooq.tables.records.DelegationRecord;
import fr.passerelle.organization.Organization;

/**
 * Emergency accesses and delegations as the privacy officer reviews them; called inside a
 * transaction in the privacy office's scope (row-level security lets only that scope
 * update someone else's grant).
 */
@Repository
class GrantReviews {

	List<EmergencyAccessView> pendingEmergencies(DSLContext dsl, OffsetDateTime now, int first) {
		return emergencies(dsl,
				EMERGENCY_ACCESS.REVIEW_STATUS.eq(ReviewStatus.PENDING).and(EMERGENCY_ACCESS.OPENED_AT.le(now)), first);
	}

	Optional<EmergencyAccessView> emergency(DSLContext dsl, UUID id) {
		return emergencies(dsl, EMERGENCY_ACCESS.ID.eq(id), 1).stream().findFirst();
	}

	/**
	 * Record the review of a PENDING emergency access.
	 * @return whether it was PENDING (and is now reviewed)
	 */
	boolean reviewEmergency(DSLContext dsl, UUID id, ReviewStatus status, @Nullable String comment, String reviewer,
			OffsetDateTime at) {
		return dsl.update(EMERGENCY_ACCESS)
			.set(EMERGENCY_ACCESS.REVIEW_STATUS, status)
			.set(EMERGENCY_ACCESS.REVIEW_COMMENT, comment)
			.set(EMERGENCY_ACCESS.REVIEWED_BY, reviewer)
			.set(EMERGENCY_ACCESS.REVIEWED_AT, at)
			.where(EMERGENCY_ACCESS.ID.eq(id), EMERGENCY_ACCESS.REVIEW_STATUS.eq(ReviewStatus.PENDING))
			.execute() == 1;
	}

	List<DelegationView> pendingDelegations(DSLContext dsl, OffsetDateTime now, int first) {
		return delegations(dsl, DELEGATION.REVIEW_STATUS.eq(ReviewStatus.PENDING).and(DELEGATION.STARTS_AT.le(now)),
				first);
	}

	Optional<DelegationView> delegation(DSLContext dsl, UUID id) {
		return delegations(dsl, DELEGATION.ID.eq(id), 1).stream().findFirst();
	}

	/**
	 * Record the review of a PENDING delegation.
	 * @return whether it was PENDING (and is now reviewed)
	 */
	boolean reviewDelegation(DSLContext dsl, UUID id, ReviewStatus status, @Nullable String comment, String reviewer,
			OffsetDateTime at) {
		return dsl.update(DELEGATION)
			.set(DELEGATION.REVIEW_STATUS, status)
			.set(DELEGATION.REVIEW_COMMENT, comment)
			.set(DELEGATION.REVIEWED_BY, reviewer)
			.set(DELEGATION.REVIEWED_AT, at)
			.where(DELEGATION.ID.eq(id), DELEGATION.REVIEW_STATUS.eq(ReviewStatus.PENDING))
			.execute() == 1;
	}

	private static List<EmergencyAccessView> emergencies(DSLContext dsl, Condition condition, int first) {
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
			.orderBy(EMERGENCY_ACCESS.OPENED_AT, EMERGENCY_ACCESS.ID)
			.limit(first)
			.fetch(GrantReviews::emergency);
	}

	private static List<DelegationView> delegations(DSLContext dsl, Condition condition, int first) {
		return dsl.selectFrom(DELEGATION)
			.where(condition)
			.orderBy(DELEGATION.STARTS_AT, DELEGATION.ID)
			.limit(first)
			.fetch(GrantReviews::delegation);
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

	private static DelegationView delegation(DelegationRecord d) {
		return new DelegationView(d.getId(), d.getDelegatorUsername(), d.getDelegateUsername(),
				List.of(d.getDelegatorRoles()), d.getReason(), d.getStartsAt(), d.getEndsAt(), d.getRevokedAt(),
				d.getReviewStatus(), d.getReviewComment(), d.getReviewedBy(), d.getReviewedAt());
	}

	/** The GraphQL EmergencyAccess, review included. */
	record EmergencyAccessView(UUID id, UUID personId, String username, Organization organization, String justification,
			OffsetDateTime openedAt, OffsetDateTime expiresAt, ReviewStatus reviewStatus,
			@Nullable String reviewComment, @Nullable String reviewedBy, @Nullable OffsetDateTime reviewedAt) {
	}

	/** The GraphQL Delegation, review included. */
	record DelegationView(UUID id, String delegator, String delegate, List<Role> roles, String reason,
			OffsetDateTime startsAt, OffsetDateTime endsAt, @Nullable OffsetDateTime revokedAt,
			ReviewStatus reviewStatus, @Nullable String reviewComment, @Nullable String reviewedBy,
			@Nullable OffsetDateTime reviewedAt) {
	}

}

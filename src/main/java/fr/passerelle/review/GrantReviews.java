package fr.passerelle.review;

import static fr.passerelle.jooq.Tables.DELEGATION;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.jooq.enums.ReviewStatus;
import fr.passerelle.access.Grants;
import fr.passerelle.access.Grants.DelegationView;
import fr.passerelle.access.Grants.EmergencyAccessView;

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
		return Grants.emergencies(dsl, condition, List.of(EMERGENCY_ACCESS.OPENED_AT, EMERGENCY_ACCESS.ID), first);
	}

	private static List<DelegationView> delegations(DSLContext dsl, Condition condition, int first) {
		return Grants.delegations(dsl, condition, List.of(DELEGATION.STARTS_AT, DELEGATION.ID), first);
	}

}

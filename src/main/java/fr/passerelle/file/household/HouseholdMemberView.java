package fr.passerelle.file.household;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Decision;
import fr.passerelle.access.Organization;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.jooq.enums.HouseholdRole;

/**
 * A member of a household as the schema shows it.
 *
 * @param firstName null where the viewer may not see the member's identity: the person
 * the household is read through, or another adult, under the viewer's decision on them
 * (also lastName, birthDate)
 * @param minor under 18 today (false when the birth date is unknown)
 * @param recordedBy who recorded the membership, when the hub did (older rows have no
 * provenance)
 */
public record HouseholdMemberView(UUID personId, @Nullable String firstName, @Nullable String lastName,
		@Nullable LocalDate birthDate, HouseholdRole role, boolean minor, @Nullable UUID representativePersonId,
		LocalDate since, @Nullable LocalDate leftOn, @Nullable String recordedBy,
		@Nullable Organization recordedByOrganization, @Nullable OffsetDateTime recordedAt) {

	static boolean minor(@Nullable LocalDate birthDate, LocalDate today) {
		return birthDate != null && birthDate.plusYears(18).isAfter(today);
	}

	/**
	 * The member as this viewer may see them. Without the recorder when the recorder is a
	 * sensitive organization that is not the viewer's and whose category the person's
	 * consent does not let the viewer see: that it recorded the member tells that it
	 * follows the person. Without name and birth date when the member is the person the
	 * household is read through and the viewer may not see their identity, or another
	 * adult whose own decision does not disclose it (not reached, or not consented): an
	 * adult's identity is theirs to share, the household's composition does not carry it.
	 * A minor's identity goes with the household. An adult's identity shown or withheld
	 * under their own decision is recorded in the request's access event.
	 * @param access the viewer's decision for the person the household is read through
	 * @param own the viewer's decision for this member, if the viewer reaches them
	 */
	HouseholdMemberView shownTo(AccessContext context, PersonAccess access, @Nullable PersonAccess own) {
		Organization organization = this.recordedByOrganization;
		boolean recorderHidden = organization != null && !context.mayKnow(access, organization);
		boolean identityHidden;
		if (this.personId.equals(access.personId())) {
			identityHidden = !access.discloses(DataCategory.IDENTITY);
		}
		else if (this.minor) {
			identityHidden = false;
		}
		else {
			identityHidden = own == null || !own.discloses(DataCategory.IDENTITY);
			if (own != null) {
				Decision decision = own.decision(DataCategory.IDENTITY);
				if (decision.permitted()) {
					context.ledger().disclosed(this.personId, decision);
				}
				else {
					context.ledger().refused(this.personId, DataCategory.IDENTITY, decision.reason());
				}
			}
		}
		if (!recorderHidden && !identityHidden) {
			return this;
		}
		return new HouseholdMemberView(this.personId, identityHidden ? null : this.firstName,
				identityHidden ? null : this.lastName, identityHidden ? null : this.birthDate, this.role, this.minor,
				this.representativePersonId, this.since, this.leftOn, recorderHidden ? null : this.recordedBy,
				recorderHidden ? null : organization, recorderHidden ? null : this.recordedAt);
	}

}

package fr.passerelle.file.household;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.jooq.enums.HouseholdRole;

/**
 * A member of a household as the schema shows it.
 *
 * @param firstName null only where the member is the person the household is read through
 * and the viewer may not see their identity (also lastName, birthDate)
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
	 * household is read through and the viewer may not see their identity.
	 * @param access the viewer's decision for the person the household is read through
	 */
	HouseholdMemberView shownTo(AccessContext context, PersonAccess access) {
		Organization organization = this.recordedByOrganization;
		boolean recorderHidden = organization != null && !context.mayKnow(access, organization);
		boolean identityHidden = this.personId.equals(access.personId()) && !access.discloses(DataCategory.IDENTITY);
		if (!recorderHidden && !identityHidden) {
			return this;
		}
		return new HouseholdMemberView(this.personId, identityHidden ? null : this.firstName,
				identityHidden ? null : this.lastName, identityHidden ? null : this.birthDate, this.role, this.minor,
				this.representativePersonId, this.since, this.leftOn, recorderHidden ? null : this.recordedBy,
				recorderHidden ? null : organization, recorderHidden ? null : this.recordedAt);
	}

}

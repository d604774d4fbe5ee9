package fr.passerelle.access;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A consent provision as the decision reads it: from an active, unrevoked consent of the
 * person.
 *
 * @param parentId the provision this one refines (FHIR nested provision), if any
 * @param recipientOrganization the one organization it is for, or
 * @param recipientType the organization type it is for; both {@code null}: everyone (deny
 * only)
 */
public record Provision(UUID consentId, UUID id, @Nullable UUID parentId, boolean permit, Set<DataCategory> categories,
		@Nullable UUID recipientOrganization, @Nullable OrganizationType recipientType, Set<Purpose> purposes,
		@Nullable LocalDate start, @Nullable LocalDate end) {

	public boolean activeOn(LocalDate day) {
		return (this.start == null || !day.isBefore(this.start)) && (this.end == null || !day.isAfter(this.end));
	}

}

package fr.passerelle.consent;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.Purpose;
import fr.passerelle.jooq.enums.ConsentMethod;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.ProvisionType;

/** A consent as recorded, with its evidence and its provision tree. */
public record ConsentView(UUID id, UUID personId, ConsentStatus status, GrantorKind grantor,
		@Nullable String representativeName, @Nullable UUID representativePersonId, LocalDate periodStart,
		@Nullable LocalDate periodEnd, Evidence evidence, List<ProvisionView> provisions,
		@Nullable OffsetDateTime revokedAt, @Nullable String revokedBy) {

	public record Evidence(String collectedBy, Organization collectedByOrganization, ConsentMethod method,
			OffsetDateTime collectedAt, String textVersion, String textSha256, @Nullable String documentReference) {
	}

	public record ProvisionView(UUID id, ProvisionType type, List<DataCategory> categories, List<Purpose> purposes,
			@Nullable Organization recipientOrganization, @Nullable OrganizationType recipientOrganizationType,
			@Nullable LocalDate periodStart, @Nullable LocalDate periodEnd, List<ProvisionView> provisions) {
	}

}

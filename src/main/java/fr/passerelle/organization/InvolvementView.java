package fr.passerelle.organization;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.jooq.enums.InvolvementKind;

/** An organization's link with a person, as shown in the person's care team. */
public record InvolvementView(UUID id, UUID personId, Organization organization, InvolvementKind kind,
		LocalDate startedOn, @Nullable LocalDate endedOn, @Nullable String caseLead) {

	/**
	 * The category the mere existence of this link belongs to: a CAF link tells of
	 * resources, a tenancy of housing, a sensitive organization's of health or violence.
	 */
	public DataCategory category() {
		if (this.organization.sensitiveCategory() != null) {
			return this.organization.sensitiveCategory();
		}
		return switch (this.kind) {
			case SUPPORT_MEASURE, SOCIAL_SERVICE -> DataCategory.SUPPORT_MEASURES;
			case HOUSING_APPLICATION, SIAO_ORIENTATION -> DataCategory.HOUSING_APPLICATION;
			case TENANCY -> DataCategory.TENANCY;
			case BENEFITS -> DataCategory.RESOURCES;
			case CARE -> DataCategory.HEALTH;
		};
	}

}

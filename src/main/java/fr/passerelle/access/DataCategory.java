package fr.passerelle.access;

import java.util.Set;

/**
 * The unit of consent and of policy: each personal-data field of the shared file belongs
 * to exactly one category.
 */
public enum DataCategory {

	IDENTITY, CONTACT, HOUSEHOLD, RESIDENTIAL_SITUATION, HOUSING_WISHES, NEEDS_ASSESSMENT, SUPPORT_MEASURES,
	SUPPORT_NOTES, HOUSING_APPLICATION, TENANCY, RESOURCES, RENT_ARREARS, HEALTH, JUSTICE, VIOLENCE,
	/** The person's consents themselves: what they agreed to share, with whom. */
	CONSENTS;

	/**
	 * Categories disclosed only under a consent provision that names the recipient
	 * organization itself: never an organization type, never a mission rule alone.
	 */
	public static final Set<DataCategory> SENSITIVE = Set.of(HEALTH, JUSTICE, VIOLENCE);

	public boolean isSensitive() {
		return SENSITIVE.contains(this);
	}

}

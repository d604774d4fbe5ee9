package fr.passerelle.access;

/** The kind of partner an organization is; the policy matrix is written per type. */
public enum OrganizationType {

	STATE, DEPARTMENT, CAF, LANDLORD, ASSOCIATION, SIAO, METROPOLE

}

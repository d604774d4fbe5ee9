package fr.passerelle.demo;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;

/**
 * The demo territory's partners (Isère, 38). Names are fictional. The ids are the ones
 * the realm file gives the demo users ({@code org_id}), so keep both in step.
 */
public final class DemoOrganizations {

	public static final String TERRITORY = "38";

	public static final Organization STATE = organization(1, "DDETS de l'Isère", OrganizationType.STATE, null);

	public static final Organization DEPARTMENT = organization(2, "Département de l'Isère — service social",
			OrganizationType.DEPARTMENT, null);

	public static final Organization CAF = organization(3, "CAF de l'Isère", OrganizationType.CAF, null);

	public static final Organization LANDLORD = organization(4, "Habitat Dauphiné", OrganizationType.LANDLORD, null);

	public static final Organization ASSOCIATION = organization(5, "Association Le Relais",
			OrganizationType.ASSOCIATION, null);

	public static final Organization OTHER_ASSOCIATION = organization(6, "Association Trait d'Union",
			OrganizationType.ASSOCIATION, null);

	public static final Organization SIAO = organization(7, "SIAO de l'Isère", OrganizationType.SIAO, null);

	public static final Organization METROPOLE = organization(8, "Métropole Alpes-Isère", OrganizationType.METROPOLE,
			null);

	/** An addiction-care service (CSAPA): being followed there is itself health data. */
	public static final Organization ADDICTION_SERVICE = organization(9, "CSAPA Les Cèdres",
			OrganizationType.ASSOCIATION, DataCategory.HEALTH);

	public static final List<Organization> ALL = List.of(STATE, DEPARTMENT, CAF, LANDLORD, ASSOCIATION,
			OTHER_ASSOCIATION, SIAO, METROPOLE, ADDICTION_SERVICE);

	/**
	 * The SIAO of a neighbouring territory (Savoie, 73), in the directory but not a
	 * partner of the demo territory: its coordinator ({@code coord.siao-savoie}) reaches
	 * none of the territory's persons, and no request of the territory goes to it.
	 */
	public static final Organization OTHER_TERRITORY_SIAO = new Organization(
			UUID.fromString("a0000000-0000-4000-8000-000000000010"), "SIAO de la Savoie", OrganizationType.SIAO, "73",
			null);

	/** Every organization of the directory the demo writes. */
	public static final List<Organization> DIRECTORY = java.util.stream.Stream
		.concat(ALL.stream(), java.util.stream.Stream.of(OTHER_TERRITORY_SIAO))
		.toList();

	private DemoOrganizations() {
	}

	private static Organization organization(int number, String name, OrganizationType type,
			@Nullable DataCategory sensitiveCategory) {
		UUID id = UUID.fromString("a0000000-0000-4000-8000-%012d".formatted(number));
		return new Organization(id, name, type, TERRITORY, sensitiveCategory);
	}

}

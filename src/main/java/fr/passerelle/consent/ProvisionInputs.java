package fr.passerelle.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.PersonIds;
import fr.passerelle.consent.ConsentController.ProvisionInput;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.organization.Organizations;

/**
 * The rules of a consent's provisions as a caller gives them, for a consent and for a
 * consent scope alike: each has categories and purposes, a permit names its recipient (an
 * organization of the directory, or a type; a sensitive category only a named
 * organization), periods are ordered, nesting is bounded.
 */
@Component
class ProvisionInputs {

	private static final int MAX_DEPTH = 5;

	private final Organizations organizations;

	ProvisionInputs(Organizations organizations) {
		this.organizations = organizations;
	}

	/** The provisions, validated and flattened (children after their parent). */
	List<Consents.NewProvision> validate(@Nullable List<ProvisionInput> inputs, String path) {
		if (inputs == null || inputs.isEmpty()) {
			throw AccessException.invalid(path, "At least one provision is required");
		}
		List<Consents.NewProvision> provisions = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i++) {
			provision(null, inputs.get(i), path + "[" + i + "]", 1, provisions);
		}
		return provisions;
	}

	private void provision(@Nullable UUID parent, ProvisionInput input, String path, int depth,
			List<Consents.NewProvision> out) {
		if (depth > MAX_DEPTH) {
			throw AccessException.invalid(path, "Provisions nest at most " + MAX_DEPTH + " levels deep");
		}
		if (input.categories() == null || input.categories().isEmpty()) {
			throw AccessException.invalid(path + ".categories", "A provision needs at least one category");
		}
		if (input.purposes() == null || input.purposes().isEmpty()) {
			throw AccessException.invalid(path + ".purposes", "A provision needs at least one purpose");
		}
		UUID recipient = null;
		if (input.recipientOrganizationId() != null) {
			recipient = PersonIds.parseOrNull(input.recipientOrganizationId());
			if (recipient == null || this.organizations.byId(recipient).isEmpty()) {
				throw AccessException.invalid(path + ".recipientOrganizationId", "No such organization");
			}
			if (input.recipientOrganizationType() != null) {
				throw AccessException.invalid(path + ".recipientOrganizationType",
						"A provision is for one organization or for an organization type, not both");
			}
		}
		if (input.type() == ProvisionType.PERMIT && recipient == null && input.recipientOrganizationType() == null) {
			throw AccessException.invalid(path + ".recipientOrganizationId",
					"A permit names its recipient: an organization or an organization type");
		}
		if (input.type() == ProvisionType.PERMIT && recipient == null
				&& input.categories().stream().anyMatch(DataCategory::isSensitive)) {
			throw AccessException.invalid(path + ".categories",
					"HEALTH, JUSTICE and VIOLENCE are shared only with an organization named in the consent");
		}
		if (input.periodStart() != null && input.periodEnd() != null
				&& input.periodEnd().isBefore(input.periodStart())) {
			throw AccessException.invalid(path + ".periodEnd", "periodEnd is before periodStart");
		}
		Consents.NewProvision provision = new Consents.NewProvision(UUID.randomUUID(), parent, input.type(),
				input.categories().stream().distinct().toList(), recipient, input.recipientOrganizationType(),
				input.purposes().stream().distinct().toList(), input.periodStart(), input.periodEnd());
		out.add(provision);
		List<ProvisionInput> children = (input.provisions() != null) ? input.provisions() : List.of();
		for (int i = 0; i < children.size(); i++) {
			provision(provision.id(), children.get(i), path + ".provisions[" + i + "]", depth + 1, out);
		}
	}

}

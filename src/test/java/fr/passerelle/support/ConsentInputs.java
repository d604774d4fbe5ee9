package fr.passerelle.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Consent inputs for the API, as a case worker's front-end sends them. */
public final class ConsentInputs {

	private ConsentInputs() {
	}

	/** A permit for one organization, or for an organization type. */
	public static Map<String, Object> permit(List<String> categories, List<String> purposes,
			@Nullable String organization, @Nullable String type) {
		Map<String, Object> provision = new HashMap<>();
		provision.put("type", "PERMIT");
		provision.put("categories", categories);
		provision.put("purposes", purposes);
		if (organization != null) {
			provision.put("recipientOrganizationId", organization);
		}
		if (type != null) {
			provision.put("recipientOrganizationType", type);
		}
		return provision;
	}

}

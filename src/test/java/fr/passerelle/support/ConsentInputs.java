package fr.passerelle.support;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import fr.passerelle.demo.DemoTerritory;

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

	/**
	 * The person's own consent, given orally five minutes ago on the demo's text v3, from
	 * today, with these provisions.
	 */
	public static Map<String, Object> own(String personId, List<Map<String, Object>> provisions) {
		return given(personId, "SELF", provisions);
	}

	/**
	 * A consent given by this grantor ({@code SELF}, {@code LEGAL_REPRESENTATIVE}, …)
	 * orally five minutes ago on the demo's text v3, from today, with these provisions.
	 */
	public static Map<String, Object> given(String personId, String grantor, List<Map<String, Object>> provisions) {
		Map<String, Object> consent = new HashMap<>();
		consent.put("personId", personId);
		consent.put("grantor", grantor);
		consent.put("periodStart", LocalDate.now().toString());
		consent.put("method", "ORAL");
		consent.put("collectedAt", OffsetDateTime.now().minusMinutes(5).toString());
		consent.put("textVersion", "v3");
		consent.put("textSha256", DemoTerritory.CONSENT_TEXT_SHA256);
		consent.put("provisions", provisions);
		return consent;
	}

}

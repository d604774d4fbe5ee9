package fr.passerelle.rights;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.Purpose;
import fr.passerelle.consent.ConsentView;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.ProvisionType;

/**
 * A consent as a receipt for the person, shaped after the Kantara Initiative Consent
 * Receipt v1.1 (the structure ISO/IEC TS 27560 builds on): its required fields, one
 * service (the shared file) whose purposes are the consent's provisions, nested as they
 * were given, and the evidence the hub keeps (the consent text's version and SHA-256, how
 * and by whom it was collected, who gave it, whether it was withdrawn). Fields outside
 * Kantara's are named after the hub's own vocabulary.
 *
 * <p>
 * The person appears only by their id ({@code piiPrincipalId}): a receipt may travel
 * (mail, print) and is hashed; the name is on the hub, behind the access decision. The
 * document holds nothing that changes between two readings of the same consent, so its
 * hash only moves when the consent does (a revocation).
 */
final class ConsentReceiptDocument {

	/** The Kantara specification version the receipt follows. */
	static final String VERSION = "KI-CR-v1.1.0";

	static final String SERVICE = "Passerelle — dossier partagé d'accompagnement vers le logement";

	private ConsentReceiptDocument() {
	}

	static Map<String, @Nullable Object> of(ConsentView consent) {
		Map<String, @Nullable Object> receipt = new LinkedHashMap<>();
		receipt.put("version", VERSION);
		receipt.put("jurisdiction", "FR");
		receipt.put("consentTimestamp", consent.evidence().collectedAt().toEpochSecond());
		receipt.put("collectionMethod", consent.evidence().method().getLiteral());
		receipt.put("consentReceiptID", consent.id().toString());
		receipt.put("language", "fr");
		receipt.put("piiPrincipalId", consent.personId().toString());
		receipt.put("piiControllers", List.of(controller(consent.evidence())));
		receipt.put("policyUrl", null);
		receipt.put("services", List.of(Map.of("service", SERVICE, "purposes", purposes(consent.provisions()))));
		Set<DataCategory> sensitive = sensitiveCategories(consent);
		receipt.put("sensitive", !sensitive.isEmpty());
		receipt.put("spiCat", sensitive.stream().map(Enum::name).toList());
		Map<String, @Nullable Object> period = new LinkedHashMap<>();
		period.put("start", consent.periodStart().toString());
		period.put("end", (consent.periodEnd() != null) ? consent.periodEnd().toString() : null);
		receipt.put("consentPeriod", period);
		receipt.put("evidence", evidence(consent));
		receipt.put("status", consent.status().getLiteral());
		if (consent.status() == ConsentStatus.REVOKED && consent.revokedAt() != null) {
			receipt.put("revocationTimestamp", consent.revokedAt().toEpochSecond());
		}
		// a version of a consent narrowed or extended with the person names the one it
		// replaced; a version replaced names its successor (added only then: the receipts
		// of consents never changed keep their bytes and hash)
		if (consent.replaces() != null) {
			receipt.put("replacesConsentReceiptID", consent.replaces().toString());
		}
		if (consent.status() == ConsentStatus.SUPERSEDED && consent.supersededAt() != null
				&& consent.replacedBy() != null) {
			receipt.put("supersededTimestamp", consent.supersededAt().toEpochSecond());
			receipt.put("replacedByConsentReceiptID", consent.replacedBy().toString());
		}
		return receipt;
	}

	/** The collecting organization, the collector's username as its contact. */
	private static Map<String, Object> controller(ConsentView.Evidence evidence) {
		Organization organization = evidence.collectedByOrganization();
		Map<String, Object> controller = new LinkedHashMap<>();
		controller.put("piiController", organization.name());
		controller.put("onBehalf", false);
		controller.put("contact", evidence.collectedBy());
		controller.put("organizationId", organization.id().toString());
		controller.put("organizationType", organization.type().name());
		controller.put("territory", organization.territory());
		return controller;
	}

	private static Map<String, Object> evidence(ConsentView consent) {
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("consentTextVersion", consent.evidence().textVersion());
		evidence.put("consentTextSha256", consent.evidence().textSha256());
		evidence.put("method", consent.evidence().method().getLiteral());
		evidence.put("collectedAt", consent.evidence().collectedAt().toInstant().toString());
		evidence.put("grantor", consent.grantor().getLiteral());
		if (consent.grantor() == GrantorKind.LEGAL_REPRESENTATIVE && consent.representativePersonId() != null) {
			evidence.put("representativePersonId", consent.representativePersonId().toString());
		}
		if (consent.grantor() == GrantorKind.LEGAL_REPRESENTATIVE && consent.representativeName() != null) {
			evidence.put("representativeName", consent.representativeName());
		}
		return evidence;
	}

	/**
	 * One Kantara purpose per provision: its purposes, its categories as the PII
	 * categories, PERMIT as a disclosure to the recipient ({@code thirdPartyName}), DENY
	 * as none (its {@code recipient} is who it refuses); refinements nested under
	 * {@code provisions}.
	 */
	private static List<Map<String, Object>> purposes(List<ConsentView.ProvisionView> provisions) {
		List<Map<String, Object>> purposes = new ArrayList<>();
		for (ConsentView.ProvisionView provision : provisions) {
			Map<String, Object> purpose = new LinkedHashMap<>();
			purpose.put("provisionId", provision.id().toString());
			purpose.put("provisionType", provision.type().getLiteral());
			purpose.put("purpose", String.join(", ", provision.purposes().stream().map(Purpose::name).toList()));
			purpose.put("purposeCategory", provision.purposes().stream().map(Purpose::name).toList());
			purpose.put("consentType", "EXPLICIT");
			purpose.put("piiCategory", provision.categories().stream().map(DataCategory::name).toList());
			purpose.put("thirdPartyDisclosure", provision.type() == ProvisionType.PERMIT);
			Organization organization = provision.recipientOrganization();
			Map<String, Object> recipient = new LinkedHashMap<>();
			if (organization != null) {
				recipient.put("organizationId", organization.id().toString());
				recipient.put("name", organization.name());
				recipient.put("organizationType", organization.type().name());
			}
			else if (provision.recipientOrganizationType() != null) {
				recipient.put("organizationType", provision.recipientOrganizationType().name());
			}
			else {
				recipient.put("everyone", true);
			}
			purpose.put("recipient", recipient);
			if (provision.type() == ProvisionType.PERMIT) {
				purpose.put("thirdPartyName", (organization != null) ? organization.name()
						: String.valueOf(provision.recipientOrganizationType()));
			}
			if (provision.periodStart() != null) {
				purpose.put("periodStart", provision.periodStart().toString());
			}
			if (provision.periodEnd() != null) {
				purpose.put("periodEnd", provision.periodEnd().toString());
				purpose.put("termination", provision.periodEnd().toString());
			}
			purpose.put("provisions", purposes(provision.provisions()));
			purposes.add(purpose);
		}
		return purposes;
	}

	/**
	 * HEALTH, JUSTICE and VIOLENCE where a provision names them, and the sensitive
	 * category of a sensitive organization the consent names: that the person is followed
	 * there is itself such data.
	 */
	private static Set<DataCategory> sensitiveCategories(ConsentView consent) {
		Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
		add(consent.evidence().collectedByOrganization(), categories);
		collect(consent.provisions(), categories);
		return categories;
	}

	private static void collect(List<ConsentView.ProvisionView> provisions, Set<DataCategory> categories) {
		for (ConsentView.ProvisionView provision : provisions) {
			provision.categories().stream().filter(DataCategory::isSensitive).forEach(categories::add);
			if (provision.recipientOrganization() != null) {
				add(provision.recipientOrganization(), categories);
			}
			collect(provision.provisions(), categories);
		}
	}

	private static void add(Organization organization, Set<DataCategory> categories) {
		if (organization.sensitiveCategory() != null) {
			categories.add(organization.sensitiveCategory());
		}
	}

}

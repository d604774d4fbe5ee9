package fr.passerelle.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Consent receipts: a document shaped after the Kantara consent receipt whose hash anyone
 * recomputes from its text; the same receipt for the privacy officer and for the case
 * worker who hands it over; for anyone else the consent does not exist.
 */
@IntegrationTest
class ConsentReceiptTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonMapper SORTED = JsonMapper.builder()
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	@Autowired
	Partners partners;

	UUID person;

	UUID consent;

	UUID permit;

	UUID deny;

	LocalDate collected;

	@BeforeEach
	void aPersonWhoConsentedToShareWithTheCafAndHealthWithTheAssociation() {
		this.person = Fixtures.person("Ysolde", "Quintavalle", LocalDate.of(1984, 2, 29));
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), this.person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.CAF.id(), this.person, InvolvementKind.BENEFITS);
		// the other association's involvement ended yesterday: a read-only hand-over, not
		// an active one
		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), this.person, InvolvementKind.SUPPORT_MEASURE,
				LocalDate.now().minusMonths(6), LocalDate.now().minusDays(1));
		this.collected = LocalDate.now().minusMonths(1);
		this.consent = Fixtures.consent(this.person);
		this.permit = Fixtures.permitOrganization(this.consent, DemoOrganizations.CAF.id(),
				List.of(DataCategory.CONTACT, DataCategory.RESOURCES), List.of(Purpose.BENEFITS));
		this.deny = Fixtures.provision(this.consent, this.permit, ProvisionType.DENY, List.of(DataCategory.CONTACT),
				DemoOrganizations.CAF.id(), null, List.of(Purpose.BENEFITS), LocalDate.now().minusDays(3),
				LocalDate.now().plusMonths(2));
		Fixtures.permitOrganization(this.consent, DemoOrganizations.ASSOCIATION.id(), List.of(DataCategory.HEALTH),
				List.of(Purpose.SUPPORT));
	}

	@Test
	void thePrivacyOfficerGetsACanonicalReceiptWhoseHashAnyoneRecomputes() throws Exception {
		Answer answer = receipt("dpo", this.consent.toString());
		assertThat(answer.errors()).isEmpty();
		String json = (String) answer.at("consentReceipt.json");
		assertThat(answer.at("consentReceipt.consentId")).isEqualTo(this.consent.toString());
		assertThat(answer.at("consentReceipt.sha256")).isEqualTo(sha256(json));
		// canonical: what a sorted-keys serializer writes back, byte for byte, without
		// whitespace
		assertThat(SORTED.writeValueAsString(parse(json))).isEqualTo(json);

		Map<String, Object> receipt = parse(json);
		assertThat(receipt).containsEntry("version", "KI-CR-v1.1.0")
			.containsEntry("jurisdiction", "FR")
			.containsEntry("language", "fr")
			.containsEntry("collectionMethod", "WRITTEN")
			.containsEntry("consentReceiptID", this.consent.toString())
			.containsEntry("piiPrincipalId", this.person.toString())
			.containsEntry("policyUrl", null)
			.containsEntry("status", "ACTIVE")
			.containsEntry("sensitive", true)
			.containsEntry("spiCat", List.of("HEALTH"))
			.doesNotContainKey("revocationTimestamp");
		assertThat(((Number) receipt.get("consentTimestamp")).longValue())
			.isEqualTo(this.collected.atStartOfDay().toEpochSecond(ZoneOffset.UTC));
		assertThat(at(receipt, "piiControllers", 0))
			.containsEntry("piiController", DemoOrganizations.ASSOCIATION.name())
			.containsEntry("contact", "referent.asso")
			.containsEntry("organizationType", "ASSOCIATION")
			.containsEntry("territory", "38");
		assertThat(at(receipt, "evidence")).containsEntry("consentTextVersion", "v3")
			.containsEntry("consentTextSha256", Fixtures.TEXT_SHA256)
			.containsEntry("method", "WRITTEN")
			.containsEntry("grantor", "SELF")
			.doesNotContainKey("representativeName");

		List<Map<String, Object>> purposes = list(at(receipt, "services", 0), "purposes");
		assertThat(purposes).hasSize(2);
		Map<String, Object> caf = purposes.stream()
			.filter((p) -> p.get("provisionId").equals(this.permit.toString()))
			.findFirst()
			.orElseThrow();
		assertThat(caf).containsEntry("provisionType", "PERMIT")
			.containsEntry("consentType", "EXPLICIT")
			.containsEntry("purposeCategory", List.of("BENEFITS"))
			.containsEntry("piiCategory", List.of("CONTACT", "RESOURCES"))
			.containsEntry("thirdPartyDisclosure", true)
			.containsEntry("thirdPartyName", DemoOrganizations.CAF.name());
		Map<String, Object> refinement = list(caf, "provisions").get(0);
		assertThat(refinement).containsEntry("provisionId", this.deny.toString())
			.containsEntry("provisionType", "DENY")
			.containsEntry("thirdPartyDisclosure", false)
			.doesNotContainKey("thirdPartyName")
			.containsEntry("piiCategory", List.of("CONTACT"))
			.containsEntry("periodStart", LocalDate.now().minusDays(3).toString())
			.containsEntry("periodEnd", LocalDate.now().plusMonths(2).toString());
		assertThat(at(refinement, "recipient")).containsEntry("name", DemoOrganizations.CAF.name());

		assertThat(json).doesNotContain("Ysolde").doesNotContain("Quintavalle");
	}

	@Test
	void theCaseWorkerWhoFollowsThePersonGetsTheSameReceiptToHandOver() {
		Answer dpo = receipt("dpo", this.consent.toString());
		Answer caseWorker = receipt("referent.asso", this.consent.toString());
		assertThat(caseWorker.errors()).isEmpty();
		assertThat(caseWorker.at("consentReceipt.json")).isEqualTo(dpo.at("consentReceipt.json"));
		assertThat(caseWorker.at("consentReceipt.sha256")).isEqualTo(dpo.at("consentReceipt.sha256"));
	}

	@Test
	void forEveryoneElseTheConsentDoesNotExist() {
		// an agent of an involved organization, a case worker in the hand-over period,
		// organizations
		// not involved, roles that hand over nothing
		for (String user : List.of("agent.caf", "referent.autre-asso", "coord.siao", "pilote.metropole",
				"referent.sensible", "analyste.metropole", "admin")) {
			Answer answer = receipt(user, this.consent.toString());
			assertThat(answer.codes()).as(user).containsExactly("NOT_FOUND");
			assertThat(answer.at("consentReceipt")).as(user).isNull();
		}
		assertThat(receipt("dpo", UUID.randomUUID().toString()).codes()).containsExactly("NOT_FOUND");
		assertThat(receipt("dpo", "not-an-id").codes()).containsExactly("NOT_FOUND");
		assertThat(receipt("referent.asso", UUID.randomUUID().toString()).codes()).containsExactly("NOT_FOUND");
	}

	@Test
	void aRevokedConsentsReceiptShowsTheRevocationAndChangesItsHash() {
		String before = (String) receipt("dpo", this.consent.toString()).at("consentReceipt.sha256");
		Fixtures.revoke(this.consent);
		Answer answer = receipt("referent.asso", this.consent.toString());
		assertThat(answer.errors()).isEmpty();
		Map<String, Object> receipt = parse((String) answer.at("consentReceipt.json"));
		assertThat(receipt).containsEntry("status", "REVOKED").containsKey("revocationTimestamp");
		long revoked = ((Number) receipt.get("revocationTimestamp")).longValue();
		assertThat(revoked).isBetween(java.time.Instant.now().getEpochSecond() - 600,
				java.time.Instant.now().getEpochSecond() + 5);
		assertThat(answer.at("consentReceipt.sha256")).isNotEqualTo(before)
			.isEqualTo(sha256((String) answer.at("consentReceipt.json")));
	}

	@Test
	void aLegalRepresentativeIsNamedButNeverThePerson() {
		UUID child = Fixtures.child(this.person);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), child, InvolvementKind.SUPPORT_MEASURE);
		UUID consent = Fixtures.consent(child, LocalDate.now().minusDays(10), null, GrantorKind.LEGAL_REPRESENTATIVE);
		Fixtures.permitOrganization(consent, DemoOrganizations.ASSOCIATION.id(), List.of(DataCategory.IDENTITY),
				List.of(Purpose.SUPPORT));
		Answer answer = receipt("referent.asso", consent.toString());
		assertThat(answer.errors()).isEmpty();
		Map<String, Object> receipt = parse((String) answer.at("consentReceipt.json"));
		assertThat(at(receipt, "evidence")).containsEntry("grantor", "LEGAL_REPRESENTATIVE")
			.containsEntry("representativeName", "Parent Fixture");
		assertThat(receipt).containsEntry("piiPrincipalId", child.toString())
			.containsEntry("sensitive", false)
			.containsEntry("spiCat", List.of());
		assertThat((String) answer.at("consentReceipt.json")).doesNotContain("Enfant");
	}

	@Test
	void aConsentCollectedByASensitiveServiceIsKnownOnlyToThoseWhoMayKnowThePersonIsFollowedThere() {
		UUID person = Fixtures.adult("Discrète");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.ADDICTION_SERVICE.id(), person, InvolvementKind.CARE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.ADDICTION_SERVICE.id(), List.of(DataCategory.HEALTH),
				List.of(Purpose.SUPPORT));
		Fixtures.owner((dsl) -> dsl.execute(
				"UPDATE passerelle.consent SET collected_by_organization_id = ?, collected_by_user = 'referent.sensible' WHERE id = ?",
				DemoOrganizations.ADDICTION_SERVICE.id(), consent));

		assertThat(receipt("referent.asso", consent.toString()).codes()).containsExactly("NOT_FOUND");
		Answer own = receipt("referent.sensible", consent.toString());
		assertThat(own.errors()).isEmpty();
		Map<String, Object> receipt = parse((String) own.at("consentReceipt.json"));
		assertThat(at(receipt, "piiControllers", 0)).containsEntry("piiController",
				DemoOrganizations.ADDICTION_SERVICE.name());
		assertThat(receipt).containsEntry("sensitive", true).containsEntry("spiCat", List.of("HEALTH"));
		assertThat(receipt("dpo", consent.toString()).at("consentReceipt.json"))
			.isEqualTo(own.at("consentReceipt.json"));

		// once the person lets the association know of their health, the association may
		// hand the receipt over
		UUID ownConsent = Fixtures.consent(person);
		Fixtures.permitOrganization(ownConsent, DemoOrganizations.ASSOCIATION.id(), List.of(DataCategory.HEALTH),
				List.of(Purpose.SUPPORT));
		assertThat(receipt("referent.asso", consent.toString()).errors()).isEmpty();
	}

	private Answer receipt(String user, String consentId) {
		return Answer.ask(this.partners.as(user), "consentReceipt", Map.of("consentId", consentId));
	}

	/** What {@code printf '%s' "$json" | sha256sum} prints. */
	static String sha256(String json) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> parse(String json) {
		return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
		});
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> at(Map<String, Object> map, String key) {
		return (Map<String, Object>) map.get(key);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> at(Map<String, Object> map, String key, int index) {
		return ((List<Map<String, Object>>) map.get(key)).get(index);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Map<String, Object> map, String key) {
		return (List<Map<String, Object>>) map.get(key);
	}

}

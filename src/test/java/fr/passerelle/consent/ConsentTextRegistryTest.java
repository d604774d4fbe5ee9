package fr.passerelle.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The consent registry's texts through the API: the privacy officer publishes and retires
 * versions, the hub computes their hash, everyone reads them; a consent is recorded only
 * on a published text in force, and its receipt carries the hub's hash.
 */
@IntegrationTest
class ConsentTextRegistryTest {

	private static final String PUBLISH = """
			mutation ($input: PublishConsentTextInput!) {
			  publishConsentText(input: $input) { id language version body sha256 effectiveFrom publishedBy retiredAt }
			}""";

	private static final String RETIRE = "mutation ($id: ID!) { retireConsentText(id: $id) { id retiredAt } }";

	private static final String TEXTS = """
			query ($language: String, $all: Boolean) {
			  consentTexts(language: $language, includeRetired: $all) { id language version sha256 retiredAt }
			}""";

	private static final String RECORD = """
			mutation ($input: RecordConsentInput!) {
			  recordConsent(input: $input) { id evidence { textVersion textSha256 } }
			}""";

	@Autowired
	Partners partners;

	private static Map<String, Object> text(String language, String version, String body) {
		return Map.of("input", Map.of("language", language, "version", version, "body", body, "effectiveFrom",
				LocalDate.now().minusDays(1).toString()));
	}

	private static int texts() {
		return Fixtures.count("SELECT count(*) FROM passerelle.consent_text");
	}

	@Test
	void thePrivacyOfficerPublishesTheHubHashesAndEveryoneReads() throws Exception {
		String version = "t-" + UUID.randomUUID().toString().substring(0, 8);
		String body = "Texte d'essai — j'accepte que les organisations nommées voient…\n";
		Answer published = Answer.ask(this.partners.as("dpo"), PUBLISH, text("fr", version, body));
		assertThat(published.errors()).isEmpty();
		String expected = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
		assertThat(published.at("publishConsentText.sha256")).isEqualTo(expected);
		assertThat(published.at("publishConsentText.publishedBy")).isEqualTo("dpo");
		// a case worker reads it, to read it to the person
		assertThat(Answer.ask(this.partners.as("referent.asso"), TEXTS, Map.of("language", "fr")).map().toString())
			.contains(version)
			.contains(expected);
		// the demo's text is in the registry, with the hash its consents carry
		assertThat(Answer.ask(this.partners.as("referent.asso"), TEXTS, Map.of("language", "fr")).map().toString())
			.contains("version=v3, sha256=" + DemoTerritory.CONSENT_TEXT_SHA256);
		// a published version never changes: publishing it again is a conflict, nothing
		// written
		int before = texts();
		assertThat(Answer.ask(this.partners.as("dpo"), PUBLISH, text("fr", version, "autre texte")).codes())
			.containsExactly("CONFLICT");
		assertThat(texts()).isEqualTo(before);
		// not even by the database's owner
		assertThatThrownBy(() -> Fixtures.owner(
				(dsl) -> dsl.execute("UPDATE passerelle.consent_text SET body = 'changé' WHERE version = ?", version)))
			.hasMessageContaining("immutable");
	}

	@Test
	void onlyThePrivacyOfficerPublishesOrRetires() {
		Answer own = Answer.ask(this.partners.as("dpo"), PUBLISH, text("fr", "r-" + UUID.randomUUID(), "Texte."));
		String id = (String) own.at("publishConsentText.id");
		int before = texts();
		for (String user : List.of("referent.asso", "agent.caf", "coord.siao", "gestion.bailleur", "admin",
				"analyste.metropole", "as.departement")) {
			assertThat(Answer.ask(this.partners.as(user), PUBLISH, text("fr", "x-" + user, "Texte.")).codes()).as(user)
				.containsExactly("FORBIDDEN");
			assertThat(Answer.ask(this.partners.as(user), RETIRE, Map.of("id", id)).codes()).as(user)
				.containsExactly("FORBIDDEN");
		}
		assertThat(texts()).isEqualTo(before);
		assertThat(Fixtures
			.count("SELECT count(*) FROM passerelle.consent_text WHERE id = ?::uuid AND retired_at IS NULL", id))
			.isEqualTo(1);
	}

	@Test
	void badInputIsRefusedWithItsFieldAndNothingIsWritten() {
		int before = texts();
		Map<String, String> cases = Map.of("FR", "input.language", "français", "input.language");
		cases.forEach((language, field) -> {
			Answer answer = Answer.ask(this.partners.as("dpo"), PUBLISH, text(language, "v-bad", "Texte."));
			assertThat(answer.codes()).containsExactly("INVALID_INPUT");
			assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", field);
		});
		assertThat(Answer.ask(this.partners.as("dpo"), PUBLISH, text("fr", " ", "Texte.")).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(Answer.ask(this.partners.as("dpo"), PUBLISH, text("fr", "v".repeat(51), "Texte.")).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(Answer.ask(this.partners.as("dpo"), PUBLISH, text("fr", "v-empty", "  ")).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(Answer.ask(this.partners.as("dpo"), PUBLISH, text("fr", "v-long", "x".repeat(20_001))).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(Answer.ask(this.partners.as("dpo"), RETIRE, Map.of("id", "not-an-id")).codes())
			.containsExactly("NOT_FOUND");
		assertThat(texts()).isEqualTo(before);
	}

	@Test
	void aConsentIsRecordedOnlyOnAPublishedTextInForceAndCarriesTheHubsHash() {
		UUID person = Fixtures.adult("Registre");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		String version = "c-" + UUID.randomUUID().toString().substring(0, 8);
		Answer published = Answer.ask(this.partners.as("dpo"), PUBLISH,
				text("fr", version, "Je consens, version " + version + ".\n"));
		String sha = (String) published.at("publishConsentText.sha256");
		int before = consents(person);

		// an unknown version, a text of another language, a wrong hash: refused, nothing
		// written
		assertThat(record(person, "v-inconnue", null).codes()).containsExactly("INVALID_INPUT");
		Map<String, Object> english = ConsentLifecycleTest.consent(person, "SELF", List.of(provision()));
		english.put("textVersion", version);
		english.put("textLanguage", "en");
		english.remove("textSha256");
		assertThat(Answer.ask(this.partners.as("referent.asso"), RECORD, Map.of("input", english)).codes())
			.containsExactly("INVALID_INPUT");
		Answer wrongHash = record(person, version, "b".repeat(64));
		assertThat(wrongHash.codes()).containsExactly("INVALID_INPUT");
		assertThat(wrongHash.errors().get(0).getExtensions()).containsEntry("field", "input.textSha256");
		// collected before the text came into force
		Map<String, Object> early = ConsentLifecycleTest.consent(person, "SELF", List.of(provision()));
		early.put("textVersion", version);
		early.remove("textSha256");
		early.put("collectedAt", java.time.OffsetDateTime.now().minusDays(10).toString());
		assertThat(Answer.ask(this.partners.as("referent.asso"), RECORD, Map.of("input", early)).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(consents(person)).isEqualTo(before);

		// the published text, without a hash or with the right one: the receipt has the
		// hub's
		Answer given = record(person, version, null);
		assertThat(given.errors()).isEmpty();
		assertThat(given.at("recordConsent.evidence.textSha256")).isEqualTo(sha);
		assertThat(record(person, version, sha).errors()).isEmpty();
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.consent c JOIN passerelle.consent_text t"
				+ " ON t.id = c.text_id WHERE c.person_id = ? AND t.version = ?", person, version))
			.isEqualTo(2);

		// retired: no new consent on it; those given are unchanged
		String id = (String) published.at("publishConsentText.id");
		assertThat(Answer.ask(this.partners.as("dpo"), RETIRE, Map.of("id", id)).errors()).isEmpty();
		assertThat(record(person, version, null).codes()).containsExactly("INVALID_INPUT");
		assertThat(Answer.ask(this.partners.as("dpo"), RETIRE, Map.of("id", id)).codes()).containsExactly("NOT_FOUND");
		assertThat(consents(person)).isEqualTo(before + 2);
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE person_id = ? AND status = 'ACTIVE'"
				+ " AND text_sha256 = ?", person, sha))
			.isEqualTo(2);
		assertThat(Answer.ask(this.partners.as("referent.asso"), TEXTS, Map.of("language", "fr")).map().toString())
			.doesNotContain(version);
		assertThat(Answer.ask(this.partners.as("referent.asso"), TEXTS, Map.of("language", "fr", "all", true))
			.map()
			.toString()).contains(version);
	}

	private Answer record(UUID person, String version, String sha) {
		Map<String, Object> input = new HashMap<>(ConsentLifecycleTest.consent(person, "SELF", List.of(provision())));
		input.put("textVersion", version);
		if (sha != null) {
			input.put("textSha256", sha);
		}
		else {
			input.remove("textSha256");
		}
		return Answer.ask(this.partners.as("referent.asso"), RECORD, Map.of("input", input));
	}

	private static Map<String, Object> provision() {
		return ConsentLifecycleTest.permit(List.of("RESOURCES"), List.of("BENEFITS"), null, "CAF");
	}

	private static int consents(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE person_id = ?", person);
	}

}

package fr.passerelle.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Consent scopes through the API: the privacy officer publishes versions of a named set
 * of provisions; case workers read them and record consents from them (adjusted with the
 * person), which keep the version they came from; a new version changes no consent given;
 * only the privacy officer sees how many active consents each version has.
 */
@IntegrationTest
class ConsentScopeTest {

	private static final String PUBLISH = """
			mutation ($input: PublishConsentScopeInput!) {
			  publishConsentScope(input: $input) { id name version activeConsents
			    provisions { type categories purposes recipientOrganizationType provisions { type categories } } }
			}""";

	private static final String SCOPES = """
			query ($name: String, $all: Boolean) {
			  consentScopes(name: $name, allVersions: $all) { id name version activeConsents provisions { type categories purposes recipientOrganizationType } }
			}""";

	@Autowired
	Partners partners;

	private static Map<String, Object> scope(String name, List<String> categories) {
		return Map.of("input", Map.of("name", name, "description", "Accueil — partage standard", "provisions",
				List.of(ConsentLifecycleTest.permit(categories, List.of("COORDINATION"), null, "SIAO"))));
	}

	private static int scopes() {
		return Fixtures.count("SELECT count(*) FROM passerelle.consent_scope");
	}

	@Test
	void versionsAreNumberedAndAGivenConsentKeepsItsVersion() {
		String name = "Accueil " + UUID.randomUUID();
		Answer first = Answer.ask(this.partners.as("dpo"), PUBLISH, scope(name, List.of("IDENTITY")));
		assertThat(first.errors()).isEmpty();
		assertThat(first.at("publishConsentScope.version")).isEqualTo(1);
		String v1 = (String) first.at("publishConsentScope.id");

		// a case worker reads the scope and records a consent from it, adjusted with the
		// person
		Answer read = Answer.ask(this.partners.as("referent.asso"), SCOPES, Map.of("name", name));
		assertThat(read.at("consentScopes[0].id")).isEqualTo(v1);
		assertThat(read.at("consentScopes[0].activeConsents")).isNull();
		UUID person = Fixtures.adult("Gabarit");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Map<String, Object> input = new HashMap<>(ConsentLifecycleTest.consent(person, "SELF", List
			.of(ConsentLifecycleTest.permit(List.of("IDENTITY", "RESOURCES"), List.of("COORDINATION"), null, "SIAO"))));
		input.put("scopeId", v1);
		Answer given = Answer.ask(this.partners.as("referent.asso"),
				"mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }",
				Map.of("input", input));
		assertThat(given.errors()).isEmpty();
		String consent = (String) given.at("recordConsent.id");

		// version 2 changes no consent given
		Answer second = Answer.ask(this.partners.as("dpo"), PUBLISH, scope(name, List.of("IDENTITY", "CONTACT")));
		assertThat(second.at("publishConsentScope.version")).isEqualTo(2);
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE id = ?::uuid AND scope_id = ?::uuid",
				consent, v1))
			.isEqualTo(1);
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.consent_provision WHERE consent_id = ?::uuid"
				+ " AND 'CONTACT' = ANY (categories)", consent))
			.isZero();

		// the privacy officer sees the use of each version; the latest by default, all on
		// request
		Answer office = Answer.ask(this.partners.as("dpo"), SCOPES, Map.of("name", name, "all", true));
		assertThat(office.map().toString()).contains("version=2, activeConsents=0")
			.contains("version=1, activeConsents=1");
		assertThat((List<?>) Answer.ask(this.partners.as("referent.asso"), SCOPES, Map.of("name", name))
			.at("consentScopes")).hasSize(1);
		assertThat(Answer.ask(this.partners.as("referent.asso"), SCOPES, Map.of("name", name, "all", true))
			.map()
			.toString()).doesNotContain("activeConsents=1");
	}

	@Test
	void onlyThePrivacyOfficerPublishesAndBadInputWritesNothing() {
		int before = scopes();
		for (String user : List.of("referent.asso", "agent.caf", "coord.siao", "gestion.bailleur", "admin",
				"analyste.metropole")) {
			assertThat(Answer.ask(this.partners.as(user), PUBLISH, scope("Refus " + user, List.of("IDENTITY"))).codes())
				.as(user)
				.containsExactly("FORBIDDEN");
		}
		assertThat(Answer.ask(this.partners.as("dpo"), PUBLISH, scope(" ", List.of("IDENTITY"))).codes())
			.containsExactly("INVALID_INPUT");
		// a sensitive category to a type of organization: the consent's own rule
		Answer sensitive = Answer.ask(this.partners.as("dpo"), PUBLISH, scope("Santé", List.of("HEALTH")));
		assertThat(sensitive.codes()).containsExactly("INVALID_INPUT");
		assertThat(sensitive.errors().get(0).getExtensions()).containsEntry("field", "input.provisions[0].categories");
		assertThat(Answer
			.ask(this.partners.as("dpo"), PUBLISH, Map.of("input", Map.of("name", "Vide", "provisions", List.of())))
			.codes()).containsExactly("INVALID_INPUT");
		assertThat(scopes()).isEqualTo(before);
		// a consent naming an unknown scope is refused
		UUID person = Fixtures.adult("SansGabarit");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Map<String, Object> input = new HashMap<>(ConsentLifecycleTest.consent(person, "SELF",
				List.of(ConsentLifecycleTest.permit(List.of("IDENTITY"), List.of("COORDINATION"), null, "SIAO"))));
		input.put("scopeId", UUID.randomUUID().toString());
		Answer refused = Answer.ask(this.partners.as("referent.asso"),
				"mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }",
				Map.of("input", input));
		assertThat(refused.codes()).containsExactly("INVALID_INPUT");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE person_id = ?", person)).isZero();
	}

}

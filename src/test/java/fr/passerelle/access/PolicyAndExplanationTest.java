package fr.passerelle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.Answer;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The privacy officer's matrix (versioned, effective on the next request) and
 * explanations.
 */
@IntegrationTest
class PolicyAndExplanationTest {

	private static final String UPDATE = """
			mutation ($changes: [PolicyChangeInput!]!, $reason: String!) {
			  updatePolicy(changes: $changes, reason: $reason) { version changes { previousEffect effect changedBy reason } }
			}""";

	@Autowired
	Partners partners;

	@Test
	void aPolicyChangeIsVersionedAndAppliesFromTheNextRequest() {
		Map<String, Object> karim = Map.of("id", DemoTerritory.KARIM.toString());
		assertThat(Answer.ask(this.partners.as("agent.caf"), "personFile", karim).at("person.phone")).isNull();
		try {
			Answer update = Answer.ask(this.partners.as("dpo"), UPDATE,
					Map.of("changes", List.of(cafContact("MISSION")), "reason", "Test: contact pour les prestations"));
			assertThat(update.errors()).isEmpty();
			assertThat(update.at("updatePolicy.changes[0].previousEffect")).isEqualTo("CONSENT_REQUIRED");
			assertThat(update.at("updatePolicy.changes[0].changedBy")).isEqualTo("dpo");
			assertThat(Answer.ask(this.partners.as("agent.caf"), "personFile", karim).at("person.phone")).isNotNull();
			Answer history = Answer.ask(this.partners.as("dpo"),
					"{ policyChanges(first: 5) { version organizationType role category purpose effect changedBy reason } }",
					Map.of());
			assertThat(history.at("policyChanges[0].reason")).isEqualTo("Test: contact pour les prestations");
			assertThat(history.at("policyChanges[0].version")).isEqualTo(update.at("updatePolicy.version"));
		}
		finally {
			Answer.ask(this.partners.as("dpo"), UPDATE,
					Map.of("changes", List.of(cafContact("CONSENT_REQUIRED")), "reason", "Test: back to default"));
		}
		assertThat(Answer.ask(this.partners.as("agent.caf"), "personFile", karim).at("person.phone")).isNull();
	}

	@Test
	void onlyThePrivacyOfficerChangesThePolicyAndNeverToMissionForSensitiveData() {
		Answer denied = Answer.ask(this.partners.as("referent.asso"), UPDATE,
				Map.of("changes", List.of(cafContact("MISSION")), "reason", "moi"));
		assertThat(denied.codes()).containsExactly("FORBIDDEN");
		assertThat(
				Answer.ask(this.partners.as("agent.caf"), "{ policyRules(organizationType: CAF) { effect } }", Map.of())
					.codes())
			.containsExactly("FORBIDDEN");

		Object versionBefore = Answer.ask(this.partners.as("dpo"), "{ policyChanges(first: 1) { version } }", Map.of())
			.map();
		Answer sensitive = Answer.ask(this.partners.as("dpo"), UPDATE,
				Map.of("changes", List.of(Map.of("organizationType", "CAF", "role", "AGENT", "category", "HEALTH",
						"purpose", "BENEFITS", "effect", "MISSION")), "reason", "jamais"));
		assertThat(sensitive.codes()).containsExactly("INVALID_INPUT");
		assertThat(sensitive.errors().get(0).getExtensions()).containsEntry("field", "changes[0].effect");
		assertThat(Answer.ask(this.partners.as("dpo"), "{ policyChanges(first: 1) { version } }", Map.of()).map())
			.isEqualTo(versionBefore);
	}

	@Test
	void aViewerHasEveryCategoryOfTheirOwnAccessExplained() {
		Answer explanation = Answer.ask(this.partners.as("referent.asso"), "explain",
				Map.of("personId", DemoTerritory.KARIM.toString()));
		Map<String, Map<String, Object>> byCategory = byCategory(explanation);
		assertThat(byCategory).hasSize(DataCategory.values().length).hasSize(16);
		assertThat(byCategory.get("IDENTITY")).containsEntry("permitted", true)
			.containsEntry("reason", "MISSION")
			.containsEntry("rule", Map.of("organizationType", "ASSOCIATION", "role", "CASE_WORKER", "category",
					"IDENTITY", "purpose", "SUPPORT", "effect", "MISSION"));
		assertThat(byCategory.get("RESOURCES")).containsEntry("reason", "CONSENT");
		assertThat(byCategory.get("RESOURCES").get("provisionId")).isNotNull();
		assertThat(byCategory.get("HEALTH")).containsEntry("permitted", false)
			.containsEntry("reason", "SENSITIVE_NEEDS_NAMED_CONSENT");
	}

	@Test
	void thePrivacyOfficerHasAnyViewersAccessExplainedOthersMayNot() {
		Map<String, Object> asCaf = Map.of("organizationId", DemoOrganizations.CAF.id().toString(), "roles",
				List.of("AGENT"));
		Answer explanation = Answer.ask(this.partners.as("dpo"), "explain",
				Map.of("personId", DemoTerritory.KARIM.toString(), "purpose", "BENEFITS", "as", asCaf));
		Map<String, Map<String, Object>> byCategory = byCategory(explanation);
		assertThat(byCategory.get("IDENTITY")).containsEntry("reason", "MISSION");
		assertThat(byCategory.get("RESIDENTIAL_SITUATION")).containsEntry("reason", "CONSENT");
		assertThat(byCategory.get("SUPPORT_NOTES")).containsEntry("reason", "POLICY");

		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "explain",
					Map.of("personId", DemoTerritory.KARIM.toString(), "as", asCaf))
			.codes()).containsExactly("FORBIDDEN");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> byCategory(Answer explanation) {
		assertThat(explanation.errors()).isEmpty();
		return ((List<Map<String, Object>>) explanation.at("accessExplanation")).stream()
			.collect(java.util.stream.Collectors.toMap((d) -> (String) d.get("category"), (d) -> d));
	}

	private static Map<String, Object> cafContact(String effect) {
		return Map.of("organizationType", "CAF", "role", "AGENT", "category", "CONTACT", "purpose", "BENEFITS",
				"effect", effect);
	}

}

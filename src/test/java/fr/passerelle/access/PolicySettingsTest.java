package fr.passerelle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The default purposes and the own-records rules as policy data: read by the privacy
 * officer and administrators, changed by the privacy officer alone with a reason, each
 * change set a version in the history, effective from the next request; bad input writes
 * nothing.
 */
@IntegrationTest
class PolicySettingsTest {

	private static final String DEFAULTS = """
			query ($type: OrganizationType) { defaultPurposes(organizationType: $type) { organizationType role purpose } }""";

	private static final String OWN_RECORDS = """
			query ($type: OrganizationType) { ownRecordsRules(organizationType: $type) { organizationType category } }""";

	private static final String HISTORY = """
			{ policySettingChanges(first: 5) { version setting organizationType role category previousValue value changedBy reason } }""";

	private static final String SET_DEFAULTS = """
			mutation ($changes: [DefaultPurposeInput!]!, $reason: String!) {
			  updateDefaultPurposes(changes: $changes, reason: $reason) { version changes { setting role previousValue value } }
			}""";

	private static final String SET_OWN_RECORDS = """
			mutation ($changes: [OwnRecordsRuleInput!]!, $reason: String!) {
			  updateOwnRecordsRules(changes: $changes, reason: $reason) { version changes { setting category previousValue value } }
			}""";

	private static final String ARREARS = """
			query ($id: ID!) { person(id: $id) { id rentArrears { id amount provenance { organization { name } basis } } } }""";

	@Autowired
	Partners partners;

	private static int changes() {
		return Fixtures.count("SELECT count(*) FROM passerelle.policy_setting_change");
	}

	private static Map<String, Object> defaultPurpose(String purpose) {
		Map<String, Object> change = new HashMap<>();
		change.put("organizationType", "ASSOCIATION");
		change.put("role", "CASE_WORKER");
		change.put("purpose", purpose);
		return change;
	}

	private static Map<String, Object> ownRecords(boolean on) {
		return Map.of("organizationType", "CAF", "category", "RENT_ARREARS", "ownRecordsOnly", on);
	}

	@Test
	void aDefaultPurposeChangedOrRemovedTakesEffectOnTheNextRequest() {
		assertThat(Answer.ask(this.partners.as("admin"), DEFAULTS, Map.of("type", "ASSOCIATION")).at("defaultPurposes"))
			.isEqualTo(List.of(Map.of("organizationType", "ASSOCIATION", "role", "CASE_WORKER", "purpose", "SUPPORT")));
		assertThat(Answer.ask(this.partners.as("referent.asso"), "me", Map.of()).errors()).isEmpty();
		try {
			Answer removed = Answer.ask(this.partners.as("dpo"), SET_DEFAULTS, Map.of("changes",
					List.of(defaultPurpose(null)), "reason", "Les associations déclarent leur finalité"));
			assertThat(removed.errors()).isEmpty();
			Map<String, Object> change = new HashMap<>(
					Map.of("setting", "DEFAULT_PURPOSE", "role", "CASE_WORKER", "previousValue", "SUPPORT"));
			change.put("value", null);
			assertThat(removed.at("updateDefaultPurposes.changes")).isEqualTo(List.of(change));
			// without a Passerelle-Purpose header the case worker is now refused;
			// declaring
			// it works
			assertThat(Answer.ask(this.partners.as("referent.asso"), "{ caseload(first: 1) { totalCount } }", Map.of())
				.codes()).containsExactly("PURPOSE_NOT_ALLOWED");
			assertThat(Answer
				.ask(this.partners.as("referent.asso", "SUPPORT"), "{ caseload(first: 1) { totalCount } }", Map.of())
				.errors()).isEmpty();

			Answer history = Answer.ask(this.partners.as("admin"), HISTORY, Map.of());
			assertThat(history.at("policySettingChanges[0].setting")).isEqualTo("DEFAULT_PURPOSE");
			assertThat(history.at("policySettingChanges[0].changedBy")).isEqualTo("dpo");
			assertThat(history.at("policySettingChanges[0].reason"))
				.isEqualTo("Les associations déclarent leur finalité");
		}
		finally {
			Answer restored = Answer.ask(this.partners.as("dpo"), SET_DEFAULTS,
					Map.of("changes", List.of(defaultPurpose("SUPPORT")), "reason", "Retour à l'accompagnement"));
			assertThat(restored.errors()).isEmpty();
		}
		assertThat(Answer.ask(this.partners.as("referent.asso"), "{ caseload(first: 1) { totalCount } }", Map.of())
			.errors()).isEmpty();
	}

	@Test
	void anOwnRecordsRuleNarrowsAMissionFromTheNextRequest() {
		// a person the association follows with the département and the CAF; the
		// département records arrears with the person's consent
		Map<String, Object> input = new HashMap<>();
		input.put("firstName", "Sofia");
		input.put("lastName", "Propres" + UUID.randomUUID().toString().substring(0, 6));
		input.put("birthDate", "1988-01-15");
		input.put("reason", "Accompagnement");
		Answer registered = Answer.ask(this.partners.as("referent.asso"), "registerPerson", Map.of("input", input));
		String person = (String) registered.at("registerPerson.id");
		for (Map.Entry<UUID, String> partner : Map
			.of(DemoOrganizations.DEPARTMENT.id(), "SOCIAL_SERVICE", DemoOrganizations.CAF.id(), "BENEFITS",
					DemoOrganizations.LANDLORD.id(), "TENANCY")
			.entrySet()) {
			assertThat(
					Answer
						.ask(this.partners.as("referent.asso"), "addToCareTeam",
								Map.of("input",
										Map.of("personId", person, "organizationId", partner.getKey().toString(),
												"kind", partner.getValue(), "reason", "Prévention des expulsions")))
						.errors())
				.isEmpty();
		}
		Map<String, Object> consent = new HashMap<>();
		consent.put("personId", person);
		consent.put("grantor", "SELF");
		consent.put("periodStart", LocalDate.now().toString());
		consent.put("method", "ORAL");
		consent.put("collectedAt", java.time.OffsetDateTime.now().minusMinutes(5).toString());
		consent.put("textVersion", "v3");
		consent.put("textSha256", DemoTerritory.CONSENT_TEXT_SHA256);
		consent.put("provisions", List.of(Map.of("type", "PERMIT", "categories", List.of("RENT_ARREARS"), "purposes",
				List.of("SUPPORT"), "recipientOrganizationId", DemoOrganizations.DEPARTMENT.id().toString())));
		assertThat(Answer.ask(this.partners.as("referent.asso"), "recordConsent", Map.of("input", consent)).errors())
			.isEmpty();
		Answer arrears = Answer.ask(this.partners.as("as.departement"), "recordRentArrears", Map.of("input", Map
			.of("personId", person, "amount", 520, "months", 2, "since", LocalDate.now().minusDays(40).toString())));
		assertThat(arrears.errors()).isEmpty();

		// the CAF's mission covers arrears: it sees the département's record
		assertThat(cafArrears(person)).hasSize(1);
		// the landlords' rule, shipped: a landlord's mission covers only its own arrears
		// records, not the département's
		Answer landlord = Answer.ask(this.partners.as("gestion.bailleur", "EVICTION_PREVENTION"), ARREARS,
				Map.of("id", person));
		assertThat(landlord.errors()).isEmpty();
		assertThat(landlord.at("person.rentArrears")).isEqualTo(List.of());
		int before = changes();
		try {
			assertThat(Answer
				.ask(this.partners.as("dpo"), SET_OWN_RECORDS, Map.of("changes", List.of(ownRecords(true)), "reason",
						"La CAF ne lit que ses propres signalements"))
				.errors()).isEmpty();
			assertThat(Answer.ask(this.partners.as("admin"), OWN_RECORDS, Map.of("type", "CAF")).at("ownRecordsRules"))
				.isEqualTo(List.of(Map.of("organizationType", "CAF", "category", "RENT_ARREARS")));
			assertThat(cafArrears(person)).isEmpty();
		}
		finally {
			assertThat(Answer
				.ask(this.partners.as("dpo"), SET_OWN_RECORDS,
						Map.of("changes", List.of(ownRecords(false)), "reason", "Retour à la règle par défaut"))
				.errors()).isEmpty();
		}
		assertThat(cafArrears(person)).hasSize(1);
		assertThat(changes()).isEqualTo(before + 2);
		// the landlords' rule is still there
		assertThat(Answer.ask(this.partners.as("dpo"), OWN_RECORDS, Map.of("type", "LANDLORD")).at("ownRecordsRules"))
			.isEqualTo(List.of(Map.of("organizationType", "LANDLORD", "category", "TENANCY"),
					Map.of("organizationType", "LANDLORD", "category", "RENT_ARREARS")));
	}

	@Test
	void onlyThePrivacyOfficerChangesAndBadInputWritesNothing() {
		int before = changes();
		for (String user : List.of("admin", "referent.asso", "coord.siao", "agent.caf", "gestion.bailleur",
				"as.departement", "agent.etat", "pilote.metropole", "analyste.metropole")) {
			assertThat(Answer
				.ask(this.partners.as(user), SET_DEFAULTS,
						Map.of("changes", List.of(defaultPurpose("COORDINATION")), "reason", "Tentative"))
				.codes()).as(user).containsExactly("FORBIDDEN");
			assertThat(Answer
				.ask(this.partners.as(user), SET_OWN_RECORDS,
						Map.of("changes", List.of(ownRecords(true)), "reason", "Tentative"))
				.codes()).as(user).containsExactly("FORBIDDEN");
			if (!"admin".equals(user)) {
				for (String read : List.of(HISTORY, DEFAULTS, OWN_RECORDS)) {
					assertThat(Answer.ask(this.partners.as(user), read, Map.of()).codes()).as(user)
						.containsExactly("FORBIDDEN");
				}
			}
		}
		assertInvalid(SET_DEFAULTS, Map.of("changes", List.of(defaultPurpose("COORDINATION")), "reason", "x"),
				"reason");
		assertInvalid(SET_DEFAULTS, Map.of("changes", List.of(defaultPurpose("STATISTICS")), "reason", "Statistiques"),
				"changes[0].purpose");
		assertInvalid(SET_DEFAULTS, Map.of("changes",
				List.of(defaultPurpose("COORDINATION"), defaultPurpose("SUPPORT")), "reason", "Deux fois"),
				"changes[1]");
		assertInvalid(SET_DEFAULTS, Map.of("changes", List.of(), "reason", "Rien"), "changes");
		assertInvalid(SET_OWN_RECORDS,
				Map.of("changes", List.of(ownRecords(true), ownRecords(false)), "reason", "Deux fois"), "changes[1]");
		assertThat(Answer.ask(this.partners.as("dpo"), SET_OWN_RECORDS,
				Map.of("changes",
						List.of(Map.of("organizationType", "CAF", "category", "NOPE", "ownRecordsOnly", true)),
						"reason", "Catégorie inconnue"))
			.codes()).isNotEmpty().doesNotContain("INTERNAL");
		assertThat(changes()).isEqualTo(before);
		// a set that changes nothing makes no version
		Answer same = Answer.ask(this.partners.as("dpo"), SET_DEFAULTS,
				Map.of("changes", List.of(defaultPurpose("SUPPORT")), "reason", "Déjà ainsi"));
		assertThat(same.errors()).isEmpty();
		assertThat(same.at("updateDefaultPurposes.changes")).isEqualTo(List.of());
		assertThat(changes()).isEqualTo(before);
	}

	@SuppressWarnings("unchecked")
	private List<Object> cafArrears(String person) {
		Answer read = Answer.ask(this.partners.as("agent.caf", "EVICTION_PREVENTION"), ARREARS, Map.of("id", person));
		assertThat(read.errors()).isEmpty();
		return (List<Object>) read.at("person.rentArrears");
	}

	private void assertInvalid(String document, Map<String, Object> variables, String field) {
		Answer answer = Answer.ask(this.partners.as("dpo"), document, variables);
		assertThat(answer.codes()).containsExactly("INVALID_INPUT");
		assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", field);
	}

}

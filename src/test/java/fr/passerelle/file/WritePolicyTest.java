package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
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
 * The write policy: read and changed by the privacy officer only, versioned, in force
 * next request.
 */
@IntegrationTest
class WritePolicyTest {

	private static final String UPDATE = """
			mutation ($changes: [WriteRuleInput!]!, $reason: String!) {
			  updateWritePolicy(changes: $changes, reason: $reason) {
			    version changes { organizationType category previouslyAllowed allowed changedBy reason }
			  }
			}""";

	@Autowired
	Partners partners;

	@Test
	void thePrivacyOfficerForbidsAWriteFromTheNextRequestAndTheChangeIsRecorded() {
		UUID person = Fixtures.adult("Écriture");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Map<String, Object> measure = Map.of("input",
				Map.of("personId", person.toString(), "type", "AVDL", "startedOn", LocalDate.now().toString()));
		try {
			Answer forbid = Answer
				.ask(this.partners.as("dpo"), UPDATE,
						Map.of("changes",
								List.of(Map.of("organizationType", "ASSOCIATION", "category", "SUPPORT_MEASURES",
										"allowed", false)),
								"reason", "Mesures saisies par le Département pendant l'audit"));
			assertThat(forbid.errors()).isEmpty();
			assertThat(forbid.at("updateWritePolicy.changes[0].previouslyAllowed")).isEqualTo(true);
			assertThat(forbid.at("updateWritePolicy.changes[0].changedBy")).isEqualTo("dpo");
			assertThat(Answer.ask(this.partners.as("referent.asso"), "recordSupportMeasure", measure).codes())
				.containsExactly("FORBIDDEN");
			Answer rules = Answer.ask(this.partners.as("dpo"),
					"{ writeRules(organizationType: ASSOCIATION) { category } writePolicyChanges(first: 1) { version category allowed } }",
					Map.of());
			List<Object> categories = ((List<?>) rules.at("writeRules")).stream()
				.map((rule) -> ((Map<?, ?>) rule).get("category"))
				.map(Object.class::cast)
				.toList();
			assertThat(categories).contains("SUPPORT_NOTES").doesNotContain("SUPPORT_MEASURES");
			assertThat(rules.at("writePolicyChanges[0].allowed")).isEqualTo(false);
		}
		finally {
			Answer restore = Answer.ask(this.partners.as("dpo"), UPDATE,
					Map.of("changes", List
						.of(Map.of("organizationType", "ASSOCIATION", "category", "SUPPORT_MEASURES", "allowed", true)),
							"reason", "Fin de l'audit"));
			assertThat(restore.errors()).isEmpty();
		}
		assertThat(Answer.ask(this.partners.as("referent.asso"), "recordSupportMeasure", measure).errors()).isEmpty();
	}

	@Test
	void nobodyButThePrivacyOfficerChangesTheWritePolicyAndOnlyAdministratorsAlsoReadIt() {
		for (String user : List.of("referent.asso", "agent.caf", "admin", "pilote.metropole")) {
			Answer change = Answer.ask(this.partners.as(user), UPDATE,
					Map.of("changes", List.of(Map.of("organizationType", "CAF", "category", "HEALTH", "allowed", true)),
							"reason", "je voudrais"));
			assertThat(change.codes()).as(user).containsExactly("FORBIDDEN");
			Answer read = Answer.ask(this.partners.as(user), "{ writeRules { category } }", Map.of());
			if ("admin".equals(user)) {
				// administrators read the policy, read-only
				assertThat(read.errors()).isEmpty();
				assertThat((List<?>) read.at("writeRules")).isNotEmpty();
			}
			else {
				assertThat(read.codes()).as(user).containsExactly("FORBIDDEN");
			}
		}
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.write_rule WHERE organization_type = 'CAF' AND category = 'HEALTH'"))
			.isZero();
		Answer noReason = Answer.ask(this.partners.as("dpo"), UPDATE, Map.of("changes",
				List.of(Map.of("organizationType", "CAF", "category", "HEALTH", "allowed", true)), "reason", " "));
		assertThat(noReason.errors().get(0).getExtensions()).containsEntry("field", "reason");
	}

}

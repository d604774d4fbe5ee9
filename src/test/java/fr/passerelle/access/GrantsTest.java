package fr.passerelle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
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

/** Break-glass emergency access and delegation: who may, what they open, how they end. */
@IntegrationTest
class GrantsTest {

	private static final String OPEN = """
			mutation ($input: OpenEmergencyAccessInput!) {
			  openEmergencyAccess(input: $input) { id personId username expiresAt reviewStatus organization { name } }
			}""";

	private static final String JUSTIFICATION = "Trouvé en crise sur la voie publique, besoin du contact du référent";

	@Autowired
	Partners partners;

	@Test
	void theOutreachWorkerOpensAnEmergencyAccessThatShowsOnlyForTheEmergencyPurposeAndExpires() {
		UUID person = Fixtures.adult("Nuit");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Map<String, Object> variables = Map.of("id", person.toString());
		assertThat(
				Answer.ask(this.partners.as("maraude.autre-asso", "EMERGENCY"), "personFile", variables).at("person"))
			.isNull();

		assertThat(open("maraude.autre-asso", person.toString(), "trop court", 12).errors().get(0).getExtensions())
			.containsEntry("field", "input.justification");
		assertThat(open("maraude.autre-asso", person.toString(), JUSTIFICATION, 48).errors().get(0).getExtensions())
			.containsEntry("field", "input.hours");
		assertThat(open("maraude.autre-asso", UUID.randomUUID().toString(), JUSTIFICATION, 12).codes())
			.containsExactly("NOT_FOUND");
		assertThat(open("referent.autre-asso", person.toString(), JUSTIFICATION, 12).codes())
			.containsExactly("FORBIDDEN");

		Answer opened = open("maraude.autre-asso", person.toString(), JUSTIFICATION, 12);
		assertThat(opened.errors()).isEmpty();
		assertThat(opened.at("openEmergencyAccess.reviewStatus")).isEqualTo("PENDING");

		Answer emergency = Answer.ask(this.partners.as("maraude.autre-asso", "EMERGENCY"), "personFile", variables);
		assertThat(emergency.at("person.reach")).isEqualTo("EMERGENCY");
		assertThat(emergency.at("person.firstName")).isEqualTo("Nuit");
		assertThat(Answer.ask(this.partners.as("maraude.autre-asso", "SUPPORT"), "personFile", variables).at("person"))
			.isNull();
		assertThat(Answer.ask(this.partners.as("maraude.autre-asso", "EMERGENCY"), "addToCareTeam",
				Map.of("input", Map.of("personId", person.toString(), "organizationId",
						DemoOrganizations.OTHER_ASSOCIATION.id().toString(), "kind", "SUPPORT_MEASURE", "reason", "x")))
			.codes()).containsExactly("READ_ONLY");

		Answer review = Answer.ask(this.partners.as("dpo"),
				"{ emergencyAccesses(first: 500) { personId username justification reviewStatus } }", Map.of());
		assertThat(review.map().toString()).contains(person.toString()).contains(JUSTIFICATION);
		assertThat(Answer.ask(this.partners.as("referent.asso"), "{ emergencyAccesses { personId } }", Map.of())
			.map()
			.toString()).doesNotContain(person.toString());

		Fixtures.owner((dsl) -> dsl.execute(
				"UPDATE passerelle.emergency_access SET opened_at = now() - interval '2 day', expires_at = now() - interval '1 day' WHERE person_id = ?",
				person));
		assertThat(
				Answer.ask(this.partners.as("maraude.autre-asso", "EMERGENCY"), "personFile", variables).at("person"))
			.isNull();
	}

	@Test
	void aCoordinatorLendsTheirRolesToAColleagueUntilRevoked() {
		UUID person = Fixtures.adult("Pilotage");
		Fixtures.involve(DemoOrganizations.METROPOLE.id(), person, InvolvementKind.SOCIAL_SERVICE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitType(consent, OrganizationType.METROPOLE, List.of(DataCategory.IDENTITY),
				List.of(Purpose.COORDINATION));
		Map<String, Object> variables = Map.of("id", person.toString());

		assertThat(Answer.ask(this.partners.as("pilote.metropole"), "personFile", variables).at("person.firstName"))
			.isEqualTo("Pilotage");
		assertThat(
				Answer.ask(this.partners.as("admin", "COORDINATION"), "personFile", variables).at("person.firstName"))
			.isNull();

		Answer delegated = Answer.ask(this.partners.as("pilote.metropole"),
				"mutation ($input: DelegateAccessInput!) { delegateAccess(input: $input) { id delegator delegate roles } }",
				Map.of("input", Map.of("delegate", "admin", "endsAt", OffsetDateTime.now().plusDays(3).toString(),
						"reason", "Congés du pilote")));
		assertThat(delegated.errors()).isEmpty();
		assertThat(delegated.at("delegateAccess.roles")).isEqualTo(List.of("COORDINATOR"));
		String delegation = (String) delegated.at("delegateAccess.id");

		Answer colleague = Answer.ask(this.partners.as("admin", "COORDINATION"), "personFile", variables);
		assertThat(colleague.at("person.firstName")).isEqualTo("Pilotage");
		Answer explanation = Answer.ask(this.partners.as("admin", "COORDINATION"), "explain",
				Map.of("personId", person.toString()));
		assertThat(explanation.map().toString()).contains("delegationId=" + delegation);

		assertThat(Answer.ask(this.partners.as("dpo"), "{ delegations(first: 500) { id delegate } }", Map.of())
			.map()
			.toString()).contains(delegation);
		assertThat(Answer
			.ask(this.partners.as("pilote.metropole"),
					"mutation ($input: DelegateAccessInput!) { delegateAccess(input: $input) { id } }",
					Map.of("input",
							Map.of("delegate", "pilote.metropole", "endsAt",
									OffsetDateTime.now().plusDays(3).toString(), "reason", "moi")))
			.errors()
			.get(0)
			.getExtensions()).containsEntry("field", "input.delegate");

		assertThat(Answer.ask(this.partners.as("pilote.metropole"),
				"mutation ($id: ID!) { revokeDelegation(delegationId: $id) { revokedAt } }", Map.of("id", delegation))
			.at("revokeDelegation.revokedAt")).isNotNull();
		assertThat(
				Answer.ask(this.partners.as("admin", "COORDINATION"), "personFile", variables).at("person.firstName"))
			.isNull();

		// an analyst sees aggregates only: a delegation gives them nothing personal
		Answer toAnalyst = Answer.ask(this.partners.as("pilote.metropole"),
				"mutation ($input: DelegateAccessInput!) { delegateAccess(input: $input) { id } }",
				Map.of("input", Map.of("delegate", "analyste.metropole", "endsAt",
						OffsetDateTime.now().plusDays(3).toString(), "reason", "Congés du pilote")));
		assertThat(Answer.ask(this.partners.as("analyste.metropole"), "personFile", variables).at("person")).isNull();
		Answer.ask(this.partners.as("pilote.metropole"),
				"mutation ($id: ID!) { revokeDelegation(delegationId: $id) { revokedAt } }",
				Map.of("id", toAnalyst.at("delegateAccess.id")));
	}

	@Test
	void aDelegationGoesOnlyToAColleagueOfTheSameOrganization() {
		int before = Fixtures.count("SELECT count(*) FROM passerelle.delegation");
		String document = "mutation ($input: DelegateAccessInput!) { delegateAccess(input: $input) { id } }";
		Map<String, String> answers = new java.util.HashMap<>();
		// a user of another association, and a username nobody has: the same answer
		for (String delegate : List.of("referent.autre-asso", "personne.inconnue")) {
			Answer refused = Answer.ask(this.partners.as("referent.asso"), document, Map.of("input", Map.of("delegate",
					delegate, "endsAt", OffsetDateTime.now().plusDays(3).toString(), "reason", "Congés")));
			assertThat(refused.codes()).containsExactly("INVALID_INPUT");
			assertThat(refused.errors().get(0).getExtensions()).containsEntry("field", "input.delegate");
			answers.put(delegate, refused.errors().get(0).getMessage());
		}
		assertThat(answers.get("referent.autre-asso")).isEqualTo(answers.get("personne.inconnue"));
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.delegation")).isEqualTo(before);
		// between colleagues of Trait d'Union it is recorded
		Answer colleague = Answer.ask(this.partners.as("referent.autre-asso"), document,
				Map.of("input", Map.of("delegate", "maraude.autre-asso", "endsAt",
						OffsetDateTime.now().plusDays(3).toString(), "reason", "Congés")));
		assertThat(colleague.errors()).isEmpty();
		Answer.ask(this.partners.as("referent.autre-asso"),
				"mutation ($id: ID!) { revokeDelegation(delegationId: $id) { id } }",
				Map.of("id", colleague.at("delegateAccess.id")));
	}

	private Answer open(String user, String person, String justification, int hours) {
		return Answer.ask(this.partners.as(user), OPEN,
				Map.of("input", Map.of("personId", person, "justification", justification, "hours", hours)));
	}

}

package fr.passerelle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
 * Reading the file through the access decision: who finds a person at all, and which
 * fields each partner gets, with the redactions a front-end can explain.
 */
@IntegrationTest
class PersonVisibilityTest {

	private static final String ENTITY = """
			query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { id firstName } } }""";

	@Autowired
	Partners partners;

	@Test
	void aPersonWithoutInvolvementIsIndistinguishableFromAWrongIdOnEveryPath() {
		UUID person = Fixtures.adult("Sans-lien");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		String wrong = UUID.randomUUID().toString();
		var landlord = this.partners.as("gestion.bailleur");

		Answer unreachable = Answer.ask(landlord, "personFile", Map.of("id", person.toString()));
		assertThat(unreachable.at("person")).isNull();
		assertThat(unreachable.map()).isEqualTo(Answer.ask(landlord, "personFile", Map.of("id", wrong)).map())
			.isEqualTo(Answer.ask(landlord, "personFile", Map.of("id", "not-an-id")).map());

		Answer unreachableEntity = Answer.ask(landlord, ENTITY, entity(person.toString()));
		assertThat(unreachableEntity.map().toString()).doesNotContain("ValidationError");
		assertThat(unreachableEntity.at("_entities[0]")).isNull();
		assertThat(unreachableEntity.map()).isEqualTo(Answer.ask(landlord, ENTITY, entity(wrong)).map());

		Answer explanation = Answer.ask(landlord, "explain", Map.of("personId", person.toString()));
		assertThat(explanation.codes()).containsExactly("NOT_FOUND");
		assertThat(Answer.ask(landlord, "explain", Map.of("personId", wrong)).errors().get(0).getMessage())
			.isEqualTo(explanation.errors().get(0).getMessage());

		Map<String, Object> add = Map.of("input", Map.of("personId", person.toString(), "organizationId",
				DemoOrganizations.LANDLORD.id().toString(), "kind", "TENANCY", "reason", "bail signé"));
		var caseWorker = this.partners.as("referent.autre-asso");
		Answer mutation = Answer.ask(caseWorker, "addToCareTeam", add);
		assertThat(mutation.codes()).containsExactly("NOT_FOUND");
		assertThat(Answer.ask(caseWorker, "addToCareTeam",
				Map.of("input",
						Map.of("personId", wrong, "organizationId", DemoOrganizations.LANDLORD.id().toString(), "kind",
								"TENANCY", "reason", "bail signé")))
			.errors()
			.get(0)
			.getMessage()).isEqualTo(mutation.errors().get(0).getMessage());

		Answer entity = Answer.ask(this.partners.as("referent.asso"), ENTITY, entity(person.toString()));
		assertThat(entity.errors()).isEmpty();
		assertThat(entity.at("_entities[0].firstName")).isEqualTo("Sans-lien");

		assertThat(caseloadIds("gestion.bailleur")).doesNotContain(person.toString());
		assertThat(caseloadIds("referent.asso")).contains(person.toString());
	}

	@Test
	void theCaseLeadSeesTheFileTheCafOnlyWhatItsMissionAndTheConsentAllow() {
		Answer association = Answer.ask(this.partners.as("referent.asso"), "personFile",
				Map.of("id", DemoTerritory.KARIM.toString()));
		assertThat(association.at("person.firstName")).isEqualTo("Karim");
		assertThat(association.at("person.phone")).isNotNull();
		assertThat(association.at("person.reach")).isEqualTo("INVOLVEMENT");
		assertThat(association.redactions()).isEmpty();

		Answer caf = Answer.ask(this.partners.as("agent.caf"), "personFile",
				Map.of("id", DemoTerritory.KARIM.toString()));
		assertThat(caf.at("person.firstName")).isEqualTo("Karim");
		assertThat(caf.at("person.phone")).isNull();
		assertThat(caf.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");
		assertThat(caf.at("person.careTeam")).isNull();
		assertThat(caf.redaction("person.careTeam")).isEqualTo("SUPPORT_MEASURES/POLICY");
	}

	@Test
	void aSensitiveOrganizationInTheCareTeamIsShownOnlyToWhomHealthIsDisclosed() {
		Answer association = Answer.ask(this.partners.as("referent.asso"), "personFile",
				Map.of("id", DemoTerritory.KARIM.toString()));
		assertThat(careTeamOrganizations(association)).contains(DemoOrganizations.ASSOCIATION.name())
			.doesNotContain(DemoOrganizations.ADDICTION_SERVICE.name());
		assertThat(association.map().toString()).doesNotContain("CSAPA");

		Answer addictionService = Answer.ask(this.partners.as("referent.sensible"), "personFile",
				Map.of("id", DemoTerritory.KARIM.toString()));
		assertThat(careTeamOrganizations(addictionService)).contains(DemoOrganizations.ADDICTION_SERVICE.name());
	}

	@Test
	void theDeclaredPurposeIsCheckedAgainstTheRole() {
		String karim = DemoTerritory.KARIM.toString();
		Answer notAllowed = Answer.ask(this.partners.as("agent.caf", "SUPPORT"), "personFile", Map.of("id", karim));
		assertThat(notAllowed.at("person")).isNull();
		assertThat(notAllowed.codes()).containsExactly("PURPOSE_NOT_ALLOWED");
		assertThat(notAllowed.map().toString()).doesNotContain("Karim");

		Answer unknown = Answer.ask(this.partners.as("agent.caf", "CURIOSITY"), "personFile", Map.of("id", karim));
		assertThat(unknown.codes()).containsExactly("INVALID_PURPOSE");
		assertThat(unknown.at("person")).isNull();

		Answer allowed = Answer.ask(this.partners.as("agent.caf", "EVICTION_PREVENTION"), "personFile",
				Map.of("id", karim));
		assertThat(allowed.errors()).isEmpty();
		assertThat(allowed.at("person.firstName")).isEqualTo("Karim");
	}

	@Test
	void theCaseloadCountsAndPagesThePersonsTheOrganizationIsInvolvedWith() {
		int expected = Fixtures.count("""
				SELECT count(DISTINCT person_id) FROM passerelle.involvement
				WHERE organization_id = ? AND started_on <= current_date
				  AND (ended_on IS NULL OR ended_on >= current_date - 30)""", DemoOrganizations.ASSOCIATION.id());
		Answer first = Answer.ask(this.partners.as("referent.asso"),
				"query { caseload(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }",
				Map.of());
		assertThat(first.at("caseload.totalCount")).isEqualTo(expected);
		List<String> all = caseloadIds("referent.asso");
		assertThat(all).hasSize(expected).doesNotHaveDuplicates();

		Answer badSize = Answer.ask(this.partners.as("referent.asso"), "query { caseload(first: 0) { totalCount } }",
				Map.of());
		assertThat(badSize.codes()).containsExactly("INVALID_INPUT");
		assertThat(badSize.errors().get(0).getExtensions()).containsEntry("field", "first");
		Answer badCursor = Answer.ask(this.partners.as("referent.asso"),
				"query { caseload(after: \"bm9wZQ\") { totalCount } }", Map.of());
		assertThat(badCursor.errors().get(0).getExtensions()).containsEntry("field", "after");
	}

	private static Map<String, Object> entity(String id) {
		return Map.of("representations", List.of(Map.of("__typename", "Person", "id", id)));
	}

	@SuppressWarnings("unchecked")
	private List<String> caseloadIds(String user) {
		List<String> ids = new ArrayList<>();
		String after = null;
		do {
			Answer page = Answer.ask(this.partners.as(user),
					"query ($after: String) { caseload(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }",
					(after != null) ? Map.of("after", after) : Map.of());
			((List<Map<String, Object>>) page.at("caseload.edges"))
				.forEach((edge) -> ids.add((String) ((Map<String, Object>) edge.get("node")).get("id")));
			after = Boolean.TRUE.equals(page.at("caseload.pageInfo.hasNextPage"))
					? (String) page.at("caseload.pageInfo.endCursor") : null;
		}
		while (after != null);
		return ids;
	}

	@SuppressWarnings("unchecked")
	private static List<String> careTeamOrganizations(Answer answer) {
		return ((List<Map<String, Object>>) answer.at("person.careTeam")).stream()
			.map((member) -> (String) ((Map<String, Object>) member.get("organization")).get("name"))
			.toList();
	}

}

package fr.passerelle.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestKeycloak;
import fr.passerelle.support.Tokens;

/**
 * The partner directory through the API: the privacy officer and administrators create,
 * rename, mark sensitive and deactivate organizations, each change a version with its
 * reason and author; nobody else may read or change it; bad input writes nothing; and a
 * Keycloak user works only while the organization their token names is an active partner
 * of the directory.
 */
@IntegrationTest
class DirectoryTest {

	private static final String CREATE = """
			mutation ($input: CreateOrganizationInput!) {
			  createOrganization(input: $input) { id name type territory sensitive sensitiveCategory active version reason changedBy }
			}""";

	private static final String CHANGE = """
			mutation ($input: ChangeOrganizationInput!) {
			  changeOrganization(input: $input) { id name sensitive sensitiveCategory active version reason changedBy }
			}""";

	private static final String DIRECTORY = """
			query ($all: Boolean) { partnerDirectory(includeInactive: $all) { id name active version } }""";

	private static final String HISTORY = """
			query ($id: ID!) { directoryHistory(organizationId: $id) { version name sensitiveCategory active reason changedBy } }""";

	private static final String ME = "{ me { username organization { id name } } }";

	@Autowired
	Partners partners;

	private static Map<String, Object> creation(String name) {
		Map<String, Object> input = new HashMap<>();
		input.put("name", name);
		input.put("type", "ASSOCIATION");
		input.put("territory", "38");
		input.put("reason", "Nouvelle association partenaire de la plateforme");
		return input;
	}

	private static Map<String, Object> change(String id, int version, String key, Object value) {
		Map<String, Object> input = new HashMap<>();
		input.put("organizationId", id);
		input.put("version", version);
		input.put(key, value);
		input.put("reason", "Changement demandé par la structure");
		return input;
	}

	private static int versions() {
		return Fixtures.count("SELECT count(*) FROM passerelle.organization_version");
	}

	@Test
	void thePrivacyOfficerAndAdministratorsKeepTheDirectoryVersionByVersion() {
		String name = "Foyer " + UUID.randomUUID().toString().substring(0, 8);
		Answer created = Answer.ask(this.partners.as("dpo"), CREATE, Map.of("input", creation(name)));
		assertThat(created.errors()).isEmpty();
		assertThat(created.at("createOrganization")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("name", name)
			.containsEntry("type", "ASSOCIATION")
			.containsEntry("territory", "38")
			.containsEntry("sensitive", false)
			.containsEntry("active", true)
			.containsEntry("version", 1)
			.containsEntry("changedBy", "dpo");
		String id = (String) created.at("createOrganization.id");

		Answer renamed = Answer.ask(this.partners.as("admin"), CHANGE,
				Map.of("input", change(id, 1, "name", name + " — Isère")));
		assertThat(renamed.errors()).isEmpty();
		assertThat(renamed.at("changeOrganization.version")).isEqualTo(2);
		assertThat(renamed.at("changeOrganization.changedBy")).isEqualTo("admin");

		// from a stale version: CONFLICT, nothing written
		int before = versions();
		assertThat(Answer.ask(this.partners.as("dpo"), CHANGE, Map.of("input", change(id, 1, "active", false))).codes())
			.containsExactly("CONFLICT");
		assertThat(versions()).isEqualTo(before);

		Answer marked = Answer.ask(this.partners.as("dpo"), CHANGE,
				Map.of("input", change(id, 2, "sensitiveCategory", "VIOLENCE")));
		assertThat(marked.at("changeOrganization.sensitive")).isEqualTo(true);
		assertThat(marked.at("changeOrganization.version")).isEqualTo(3);
		// the organization as every path names it is sensitive at once
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.organization WHERE id = ?::uuid"
				+ " AND sensitive_category = 'VIOLENCE'", id))
			.isOne();

		Answer deactivated = Answer.ask(this.partners.as("dpo"), CHANGE,
				Map.of("input", change(id, 3, "active", false)));
		assertThat(deactivated.at("changeOrganization.active")).isEqualTo(false);

		assertThat(ids(Answer.ask(this.partners.as("admin"), DIRECTORY, Map.of("all", false)))).doesNotContain(id)
			.contains("a0000000-0000-4000-8000-000000000005");
		assertThat(ids(Answer.ask(this.partners.as("admin"), DIRECTORY, Map.of("all", true)))).contains(id);

		Answer history = Answer.ask(this.partners.as("dpo"), HISTORY, Map.of("id", id));
		assertThat(history.errors()).isEmpty();
		assertThat((List<?>) history.at("directoryHistory")).hasSize(4);
		assertThat(history.at("directoryHistory[0].version")).isEqualTo(4);
		assertThat(history.at("directoryHistory[0].active")).isEqualTo(false);
		assertThat(history.at("directoryHistory[3].name")).isEqualTo(name);
		assertThat(history.at("directoryHistory[3].reason"))
			.isEqualTo("Nouvelle association partenaire de la plateforme");
		assertThat(history.at("directoryHistory[1].sensitiveCategory")).isEqualTo("VIOLENCE");
	}

	@Test
	void nobodyElseReadsOrChangesTheDirectory() {
		String id = "a0000000-0000-4000-8000-000000000005";
		int before = versions();
		for (String user : List.of("referent.asso", "coord.siao", "agent.caf", "gestion.bailleur", "as.departement",
				"agent.etat", "pilote.metropole", "analyste.metropole")) {
			assertThat(Answer.ask(this.partners.as(user), CREATE, Map.of("input", creation("Intruse " + user))).codes())
				.as(user)
				.containsExactly("FORBIDDEN");
			assertThat(Answer.ask(this.partners.as(user), CHANGE, Map.of("input", change(id, 1, "name", "Renommée")))
				.codes()).as(user).containsExactly("FORBIDDEN");
			assertThat(Answer.ask(this.partners.as(user), DIRECTORY, Map.of("all", true)).codes()).as(user)
				.containsExactly("FORBIDDEN");
			assertThat(Answer.ask(this.partners.as(user), HISTORY, Map.of("id", id)).codes()).as(user)
				.containsExactly("FORBIDDEN");
		}
		assertThat(versions()).isEqualTo(before);
	}

	@Test
	void badInputIsRefusedWithItsFieldAndWritesNothing() {
		int before = versions();
		assertInvalid(CREATE, with(creation(" "), "name", " "), "input.name");
		assertInvalid(CREATE, with(creation("Foyer X"), "territory", "99x"), "input.territory");
		assertInvalid(CREATE, with(creation("Foyer X"), "sensitiveCategory", "CONTACT"), "input.sensitiveCategory");
		assertInvalid(CREATE, with(creation("Foyer X"), "reason", ""), "input.reason");
		assertThat(
				Answer.ask(this.partners.as("dpo"), CREATE, Map.of("input", with(creation("Foyer X"), "type", "NOPE")))
					.codes())
			.isNotEmpty()
			.doesNotContain("INTERNAL");
		// a name already in the territory's directory
		assertThat(
				Answer.ask(this.partners.as("dpo"), CREATE, Map.of("input", creation("association le relais"))).codes())
			.containsExactly("CONFLICT");

		String relais = "a0000000-0000-4000-8000-000000000005";
		assertThat(Answer
			.ask(this.partners.as("dpo"), CHANGE, Map.of("input", change(UUID.randomUUID().toString(), 1, "name", "X")))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Answer.ask(this.partners.as("dpo"), CHANGE, Map.of("input", change("not-an-id", 1, "name", "X")))
			.codes()).containsExactly("NOT_FOUND");
		assertInvalid(CHANGE, change(relais, 1, "active", null), "input.active");
		assertInvalid(CHANGE, change(relais, 0, "name", "X"), "input.version");
		Map<String, Object> nothing = change(relais, 1, "name", "Association Le Relais");
		assertInvalid(CHANGE, nothing, "input");
		assertThat(versions()).isEqualTo(before);
	}

	@Test
	void aUserWorksOnlyWhileTheirOrganizationIsAnActivePartner() {
		String name = "Association des Tests " + UUID.randomUUID().toString().substring(0, 8);
		Answer created = Answer.ask(this.partners.as("dpo"), CREATE, Map.of("input", creation(name)));
		UUID id = UUID.fromString((String) created.at("createOrganization.id"));
		String username = "referent." + id.toString().substring(0, 8);
		TestKeycloak.ensureUser(username, id, "ASSOCIATION", "38", "case-worker");
		String token = Tokens.password(Tokens.DEMO_CLIENT, username, "demo");

		Answer me = Answer.ask(this.partners.withToken(token), ME, Map.of());
		assertThat(me.errors()).isEmpty();
		assertThat(me.at("me.organization.name")).isEqualTo(name);
		assertThat(
				Answer.ask(this.partners.withToken(token), "{ caseload(first: 1) { totalCount } }", Map.of()).errors())
			.isEmpty();

		assertThat(
				Answer.ask(this.partners.as("dpo"), CHANGE, Map.of("input", change(id.toString(), 1, "active", false)))
					.errors())
			.isEmpty();
		// refused from the very next request, with the same token
		assertThat(
				Answer.ask(this.partners.withToken(token), "{ caseload(first: 1) { totalCount } }", Map.of()).codes())
			.containsExactly("FORBIDDEN");

		assertThat(
				Answer.ask(this.partners.as("dpo"), CHANGE, Map.of("input", change(id.toString(), 2, "active", true)))
					.errors())
			.isEmpty();
		assertThat(
				Answer.ask(this.partners.withToken(token), "{ caseload(first: 1) { totalCount } }", Map.of()).errors())
			.isEmpty();

		// a token naming an organization the directory does not know
		String stranger = "referent.inconnu-" + id.toString().substring(0, 8);
		TestKeycloak.ensureUser(stranger, UUID.randomUUID(), "ASSOCIATION", "38", "case-worker");
		assertThat(Answer
			.ask(this.partners.withToken(Tokens.password(Tokens.DEMO_CLIENT, stranger, "demo")),
					"{ caseload(first: 1) { totalCount } }", Map.of())
			.codes()).containsExactly("FORBIDDEN");
		// nor one of another type than the directory's
		String impostor = "agent.faux-" + id.toString().substring(0, 8);
		TestKeycloak.ensureUser(impostor, id, "CAF", "38", "agent");
		assertThat(Answer
			.ask(this.partners.withToken(Tokens.password(Tokens.DEMO_CLIENT, impostor, "demo")),
					"{ caseload(first: 1) { totalCount } }", Map.of())
			.codes()).containsExactly("FORBIDDEN");
	}

	private void assertInvalid(String document, Map<String, Object> input, String field) {
		Answer answer = Answer.ask(this.partners.as("dpo"), document, Map.of("input", input));
		assertThat(answer.codes()).containsExactly("INVALID_INPUT");
		assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", field);
	}

	private static Map<String, Object> with(Map<String, Object> input, String key, Object value) {
		Map<String, Object> copy = new HashMap<>(input);
		copy.put(key, value);
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Answer answer) {
		assertThat(answer.errors()).isEmpty();
		return ((List<Map<String, Object>>) answer.at("partnerDirectory")).stream()
			.map((entry) -> (String) entry.get("id"))
			.toList();
	}

}

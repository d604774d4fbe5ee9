package fr.passerelle.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Household representatives, through the API as partners use it: a household registered
 * by the association (Amina, her partner Paul, her daughter Lina), its representative
 * recorded by updateHouseholdMember, consents recorded for the minor and for a protected
 * adult only from that representative, named by id; and each adult's identity inside
 * Person.household disclosed under the reader's decision on that adult, not on the person
 * the household is read through.
 */
@IntegrationTest
class HouseholdRepresentativeTest {

	private static final String CONSENT = """
			mutation ($input: RecordConsentInput!) {
			  recordConsent(input: $input) { id personId grantor representativePersonId representativeName }
			}""";

	private static final String HOUSEHOLD = """
			query ($id: ID!) {
			  person(id: $id) { id firstName household { version members { personId firstName lastName birthDate minor role } } }
			}""";

	private static final String EVENTS = """
			query ($person: ID!) {
			  accessEvents(filter: { personId: $person }, first: 5) {
			    edges { node { username persons { personId disclosed { category } refused { category reason } } } }
			  }
			}""";

	@Autowired
	Partners partners;

	private UUID amina;

	private UUID paul;

	private UUID lina;

	@BeforeEach
	void registerTheHousehold() {
		Map<String, Object> input = new HashMap<>();
		input.put("firstName", "Amina");
		input.put("lastName", "Representee" + UUID.randomUUID().toString().substring(0, 6));
		input.put("birthDate", "1990-03-02");
		input.put("reason", "Accompagnement vers le logement");
		input.put("household", Map.of("role", "ADULT", "members",
				List.of(Map.of("firstName", "Paul", "lastName", "Tuteure", "birthDate", "1985-06-01", "role", "ADULT"),
						Map.of("firstName", "Lina", "lastName", "Tuteure", "birthDate",
								LocalDate.now().minusYears(6).toString(), "role", "CHILD"))));
		Answer registered = Answer.ask(this.partners.as("referent.asso"), "registerPerson", Map.of("input", input));
		assertThat(registered.errors()).isEmpty();
		this.amina = UUID.fromString((String) registered.at("registerPerson.id"));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> members = (List<Map<String, Object>>) registered
			.at("registerPerson.household.members");
		for (Map<String, Object> member : members) {
			if ("Paul".equals(member.get("firstName"))) {
				this.paul = UUID.fromString((String) member.get("personId"));
			}
			if ("Lina".equals(member.get("firstName"))) {
				this.lina = UUID.fromString((String) member.get("personId"));
			}
		}
	}

	private Map<String, Object> consent(UUID person, String grantor, UUID representative) {
		Map<String, Object> input = ConsentLifecycleTest.consent(person, grantor,
				List.of(ConsentLifecycleTest.permit(List.of("IDENTITY", "HOUSEHOLD"), List.of("SUPPORT"),
						DemoOrganizations.DEPARTMENT.id().toString(), null)));
		if (representative != null) {
			input.put("representativePersonId", representative.toString());
		}
		return input;
	}

	private Answer record(String user, Map<String, Object> input) {
		return Answer.ask(this.partners.as(user), CONSENT, Map.of("input", input));
	}

	private int household() {
		Answer read = Answer.ask(this.partners.as("referent.asso"), HOUSEHOLD, Map.of("id", this.amina.toString()));
		return (Integer) read.at("person.household.version");
	}

	private void representative(UUID member, UUID representative) {
		Map<String, Object> input = new HashMap<>();
		input.put("personId", this.amina.toString());
		input.put("memberId", member.toString());
		input.put("householdVersion", household());
		input.put("representativePersonId", representative.toString());
		assertThat(
				Answer.ask(this.partners.as("referent.asso"), "updateHouseholdMember", Map.of("input", input)).errors())
			.isEmpty();
	}

	private static int consents(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE person_id = ?", person);
	}

	private static void assertInvalid(Answer answer, String field) {
		assertThat(answer.codes()).containsExactly("INVALID_INPUT");
		assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", field);
	}

	@Test
	void aMinorsConsentComesOnlyFromTheRecordedRepresentative() {
		assertInvalid(record("referent.asso", consent(this.lina, "SELF", null)), "input.grantor");
		// no representative recorded yet: none can be named
		assertInvalid(record("referent.asso", consent(this.lina, "LEGAL_REPRESENTATIVE", this.amina)),
				"input.representativePersonId");

		representative(this.lina, this.amina);
		assertInvalid(record("referent.asso", consent(this.lina, "LEGAL_REPRESENTATIVE", null)),
				"input.representativePersonId");
		assertInvalid(record("referent.asso", consent(this.lina, "LEGAL_REPRESENTATIVE", this.paul)),
				"input.representativePersonId");
		assertInvalid(record("referent.asso", consent(this.lina, "LEGAL_REPRESENTATIVE", UUID.randomUUID())),
				"input.representativePersonId");
		Map<String, Object> named = consent(this.lina, "LEGAL_REPRESENTATIVE", this.amina);
		named.put("representativeName", "Amina");
		assertInvalid(record("referent.asso", named), "input.representativeName");
		assertThat(consents(this.lina)).isZero();

		// deny: other users (not involved, or not a collector)
		Map<String, Object> good = consent(this.lina, "LEGAL_REPRESENTATIVE", this.amina);
		assertThat(record("referent.autre-asso", good).codes()).containsExactly("NOT_FOUND");
		assertThat(record("agent.caf", good).codes()).containsExactly("FORBIDDEN");
		assertThat(consents(this.lina)).isZero();

		Answer given = record("referent.asso", good);
		assertThat(given.errors()).isEmpty();
		assertThat(given.at("recordConsent.grantor")).isEqualTo("LEGAL_REPRESENTATIVE");
		assertThat(given.at("recordConsent.representativePersonId")).isEqualTo(this.amina.toString());
		assertThat(given.at("recordConsent.representativeName")).isNull();
		assertThat(consents(this.lina)).isOne();
	}

	@Test
	void aProtectedAdultsConsentComesFromTheirRepresentativeAndAnAdultsFromThemselves() {
		assertThat(record("referent.asso", consent(this.paul, "SELF", null)).errors()).isEmpty();
		assertInvalid(record("referent.asso", consent(this.paul, "LEGAL_REPRESENTATIVE", this.amina)),
				"input.representativePersonId");

		// Paul is now under Amina's protection (a guardianship recorded in the household)
		representative(this.paul, this.amina);
		assertInvalid(record("referent.asso", consent(this.paul, "SELF", null)), "input.grantor");
		assertThat(record("referent.asso", consent(this.paul, "LEGAL_REPRESENTATIVE", this.amina)).errors()).isEmpty();
		assertThat(consents(this.paul)).isEqualTo(2);

		// a representative who left the household no longer consents for him
		Map<String, Object> left = new HashMap<>();
		left.put("personId", this.paul.toString());
		left.put("memberId", this.amina.toString());
		left.put("householdVersion", household());
		left.put("leftOn", LocalDate.now().toString());
		assertThat(
				Answer.ask(this.partners.as("referent.asso"), "updateHouseholdMember", Map.of("input", left)).errors())
			.isEmpty();
		assertInvalid(record("referent.asso", consent(this.paul, "LEGAL_REPRESENTATIVE", this.amina)),
				"input.representativePersonId");
		assertThat(consents(this.paul)).isEqualTo(2);
	}

	@Test
	void eachAdultsIdentityInAHouseholdFollowsTheReadersDecisionOnThatAdult() {
		// the département follows Amina and Paul; Amina lets it see her identity and
		// household
		for (UUID person : List.of(this.amina, this.paul)) {
			Answer added = Answer.ask(this.partners.as("referent.asso"), "addToCareTeam",
					Map.of("input",
							Map.of("personId", person.toString(), "organizationId",
									DemoOrganizations.DEPARTMENT.id().toString(), "kind", "SOCIAL_SERVICE", "reason",
									"Aide sociale à l'enfance")));
			assertThat(added.errors()).isEmpty();
		}
		assertThat(record("referent.asso", consent(this.amina, "SELF", null)).errors()).isEmpty();

		// deny: Paul has not consented, so the household shows him without his identity;
		// Lina, a minor, goes with the household Amina shares
		Answer read = Answer.ask(this.partners.as("as.departement"), HOUSEHOLD, Map.of("id", this.amina.toString()));
		assertThat(read.errors()).isEmpty();
		assertThat(member(read, this.amina)).containsEntry("firstName", "Amina");
		assertThat(member(read, this.lina)).containsEntry("firstName", "Lina").containsEntry("minor", true);
		assertThat(member(read, this.paul)).containsEntry("firstName", null)
			.containsEntry("lastName", null)
			.containsEntry("birthDate", null)
			.containsEntry("role", "ADULT");
		// the access log says Paul's identity was withheld for want of his consent
		assertThat(personInLastEvent(this.paul)).containsEntry("refused",
				List.of(Map.of("category", "IDENTITY", "reason", "NO_CONSENT")));

		// allow: Paul consents; the next read shows him
		Answer consented = record("referent.asso", consent(this.paul, "SELF", null));
		assertThat(consented.errors()).isEmpty();
		read = Answer.ask(this.partners.as("as.departement"), HOUSEHOLD, Map.of("id", this.amina.toString()));
		assertThat(member(read, this.paul)).containsEntry("firstName", "Paul")
			.containsEntry("lastName", "Tuteure")
			.containsEntry("birthDate", "1985-06-01");
		assertThat(personInLastEvent(this.paul)).containsEntry("disclosed", List.of(Map.of("category", "IDENTITY")));

		// he withdraws: hidden again on the very next request
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "revokeConsent",
					Map.of("consentId", consented.at("recordConsent.id")))
			.errors()).isEmpty();
		read = Answer.ask(this.partners.as("as.departement"), HOUSEHOLD, Map.of("id", this.amina.toString()));
		assertThat(member(read, this.paul)).containsEntry("firstName", null);

		// a reader who does not reach Paul at all (the CAF follows Amina only) sees no
		// identity of his either, and the log names no refusal it would not have made
		Answer caf = Answer.ask(this.partners.as("referent.asso"), "addToCareTeam",
				Map.of("input", Map.of("personId", this.amina.toString(), "organizationId",
						DemoOrganizations.CAF.id().toString(), "kind", "BENEFITS", "reason", "Allocation logement")));
		assertThat(caf.errors()).isEmpty();
		read = Answer.ask(this.partners.as("agent.caf"), HOUSEHOLD, Map.of("id", this.amina.toString()));
		assertThat(member(read, this.amina)).containsEntry("firstName", "Amina");
		assertThat(member(read, this.paul)).containsEntry("firstName", null);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> member(Answer read, UUID person) {
		return ((List<Map<String, Object>>) read.at("person.household.members")).stream()
			.filter((member) -> person.toString().equals(member.get("personId")))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> personInLastEvent(UUID person) {
		Answer events = Answer.ask(this.partners.as("dpo"), EVENTS, Map.of("person", person.toString()));
		assertThat(events.errors()).isEmpty();
		Map<String, Object> last = ((List<Map<String, Object>>) events.at("accessEvents.edges")).get(0);
		Map<String, Object> node = (Map<String, Object>) last.get("node");
		assertThat(node).containsEntry("username", "as.departement");
		return ((List<Map<String, Object>>) node.get("persons")).stream()
			.filter((entry) -> person.toString().equals(entry.get("personId")))
			.findFirst()
			.orElseThrow();
	}

}

package fr.passerelle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The declared purpose: exactly one, naming a purpose the role may use; a refusal never
 * echoes the header, and leaves an access event naming the persons the request asked for,
 * so probing under a purpose one may not use is seen by the privacy officer.
 */
@IntegrationTest
class PurposeHeaderTest {

	private static final String PERSON = "query Probe($id: ID!) { person(id: $id) { firstName } }";

	@Autowired
	Partners partners;

	@Test
	void aRepeatedPurposeIsRefusedWhicheverComesFirst() {
		String karim = DemoTerritory.KARIM.toString();
		HttpGraphQlTester twice = this.partners.as("agent.caf")
			.mutate()
			.header(AccessContexts.PURPOSE_HEADER, "EVICTION_PREVENTION", "BENEFITS")
			.build();
		Answer repeated = Answer.ask(twice, PERSON, Map.of("id", karim));
		assertThat(repeated.codes()).containsExactly("INVALID_PURPOSE");
		assertThat(repeated.at("person")).isNull();
		Answer joined = Answer.ask(this.partners.as("agent.caf", "EVICTION_PREVENTION, BENEFITS"), PERSON,
				Map.of("id", karim));
		assertThat(joined.codes()).containsExactly("INVALID_PURPOSE");
	}

	@Test
	void aRefusedPurposeEchoesNothingAndLeavesAnEventNamingThePerson() {
		UUID person = Fixtures.adult("Sondage");
		String probe = "CURIOSITY-" + "x".repeat(4000);
		Answer unknown = Answer.ask(this.partners.as("agent.caf", probe), PERSON, Map.of("id", person.toString()));
		assertThat(unknown.codes()).containsExactly("INVALID_PURPOSE");
		assertThat(unknown.map().toString()).doesNotContain("CURIOSITY").doesNotContain("xxxx");
		assertThat(lastEvent(person)).containsEntry("purpose", null)
			.containsEntry("username", "agent.caf")
			.extractingByKey("persons")
			.asString()
			.contains(person.toString(), "INVALID_PURPOSE");

		Answer notAllowed = Answer.ask(this.partners.as("agent.caf", "SUPPORT"), PERSON,
				Map.of("id", person.toString()));
		assertThat(notAllowed.codes()).containsExactly("PURPOSE_NOT_ALLOWED");
		assertThat(lastEvent(person)).containsEntry("purpose", "SUPPORT")
			.extractingByKey("persons")
			.asString()
			.contains(person.toString(), "PURPOSE_NOT_ALLOWED");
		// the chain still verifies with these events in it
		Answer integrity = Answer.ask(this.partners.as("dpo"), "{ accessLogIntegrity { intact } }", Map.of());
		assertThat(integrity.at("accessLogIntegrity.intact")).isEqualTo(true);
	}

	@Test
	void aRefusalThatNamesNoPersonLeavesNoEvent() {
		long before = Fixtures.count("SELECT count(*) FROM passerelle.access_event");
		Answer me = Answer.ask(this.partners.as("agent.caf", "SUPPORT"), "{ caseload(first: 1) { totalCount } }",
				Map.of());
		assertThat(me.codes()).containsExactly("PURPOSE_NOT_ALLOWED");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.access_event")).isEqualTo(before);
	}

	private static Map<String, Object> lastEvent(UUID person) {
		return Fixtures.owner((dsl) -> {
			var row = dsl.fetchOne("""
					SELECT purpose::text AS purpose, username, persons::text AS persons
					FROM passerelle.access_event WHERE ? = ANY (person_ids) ORDER BY seq DESC LIMIT 1""", person);
			assertThat(row).as("an access event naming " + person).isNotNull();
			Map<String, Object> event = new java.util.HashMap<>();
			for (String column : List.of("purpose", "username", "persons")) {
				event.put(column, row.get(column));
			}
			return event;
		});
	}

}

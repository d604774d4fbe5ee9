package fr.passerelle.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestDatabase;

/**
 * The access log: one event per request that disclosed or refused personal data, written
 * before the response leaves (nothing disclosed if it cannot be), hash-chained so that
 * editing, deleting or reordering an event is detected.
 */
@IntegrationTest
class AccessLogTest {

	private static final String FILE = """
			query personFile($id: ID!) { person(id: $id) { firstName phone healthRecords { kind } } }""";

	private static final String INTEGRITY = "{ accessLogIntegrity { intact checkedEvents firstBroken problem } }";

	@Autowired
	Partners partners;

	@Autowired
	AccessLogPartitions partitions;

	/**
	 * The monthly partitions are extended ahead by the daily task, as the application
	 * role (the function has the owner's rights): each new one is readable only through
	 * the parent, and a second run creates nothing.
	 */
	@Test
	void thePartitionsAreKeptAheadAndReadOnlyThroughTheParent() throws Exception {
		String far = "access_event_" + java.time.YearMonth.now()
			.plusMonths(AccessLogPartitions.MONTHS_AHEAD)
			.format(java.time.format.DateTimeFormatter.ofPattern("yyyy_MM"));
		Fixtures.owner((dsl) -> dsl.execute("DROP TABLE IF EXISTS passerelle." + far));
		this.partitions.extend();
		assertThat(
				Fixtures.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'passerelle' AND tablename = ?", far))
			.isEqualTo(1);
		try (var application = TestDatabase.get().application();
				var statement = application.createStatement();
				var result = statement.executeQuery("SELECT has_table_privilege('passerelle." + far
						+ "', 'SELECT') OR has_table_privilege('passerelle." + far + "', 'INSERT'),"
						+ " passerelle.ensure_access_event_partitions(" + AccessLogPartitions.MONTHS_AHEAD + ")")) {
			result.next();
			assertThat(result.getBoolean(1)).as("the application role's rights on the partition").isFalse();
			assertThat(result.getInt(2)).as("created again").isZero();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void aReadIsLoggedWithWhatWasDisclosedAndRefusedAndWhy() {
		UUID person = followed("Journal");
		Answer answer = Answer.ask(this.partners.as("referent.asso"), FILE, Map.of("id", person.toString()));
		assertThat(answer.at("person.firstName")).isEqualTo("Journal");
		Map<String, Object> event = lastEventOf(person);
		assertThat(event).containsEntry("username", "referent.asso")
			.containsEntry("operation", "personFile")
			.containsEntry("organization_id", DemoOrganizations.ASSOCIATION.id());
		assertThat(String.valueOf(event.get("purpose"))).isEqualTo("SUPPORT");
		List<?> persons = JsonMapper.builder().build().readValue(String.valueOf(event.get("persons")), List.class);
		assertThat(persons).hasSize(1);
		Map<?, ?> entry = (Map<?, ?>) persons.get(0);
		assertThat(entry.get("personId")).isEqualTo(person.toString());
		Map<?, ?> identity = ((List<?>) entry.get("disclosed")).stream()
			.map(Map.class::cast)
			.filter((disclosed) -> "IDENTITY".equals(disclosed.get("category")))
			.findFirst()
			.orElseThrow();
		assertThat(identity.get("basis")).isEqualTo("MISSION");
		assertThat(identity.get("rule")).isEqualTo("ASSOCIATION/CASE_WORKER/IDENTITY/SUPPORT");
		assertThat(identity.get("consentId")).isNull();
		assertThat((List<Object>) entry.get("refused"))
			.containsExactly((Object) Map.of("category", "HEALTH", "reason", "SENSITIVE_NEEDS_NAMED_CONSENT"));
	}

	@Test
	void aRefusalIsLoggedTooAndARequestWithoutPersonalDataIsNot() {
		UUID person = followed("Refus");
		int before = events();
		Answer.ask(this.partners.as("referent.asso"), "{ me { username } }", Map.of());
		assertThat(events()).isEqualTo(before);
		// a person answered with no categorized field asked is still in the event
		Answer.ask(this.partners.as("referent.asso"), "query reachOnly($id: ID!) { person(id: $id) { id reach } }",
				Map.of("id", person.toString()));
		assertThat(lastEventOf(person)).containsEntry("operation", "reachOnly");
		// so is the person whose consent a mutation answers
		UUID consent = Fixtures.consent(person);
		Answer.ask(this.partners.as("referent.asso"),
				"mutation revoke($id: ID!) { revokeConsent(consentId: $id, reason: \"retrait\") { status } }",
				Map.of("id", consent.toString()));
		assertThat(lastEventOf(person)).containsEntry("operation", "revoke");
		Answer landlord = Answer.ask(this.partners.as("gestion.bailleur"), FILE, Map.of("id", person.toString()));
		assertThat(landlord.at("person")).isNull();
		assertThat(String.valueOf(lastEventOf(person).get("persons"))).contains("NOT_REACHED");
		assertThat(lastEventOf(person)).containsEntry("username", "gestion.bailleur");
	}

	@Test
	void theExportOfAWholeFileIsLoggedAsHandedOverByThePrivacyOffice() {
		UUID person = followed("Export");
		Answer export = Answer.ask(this.partners.as("dpo"),
				"query ($id: ID!) { exportPersonFile(personId: $id) { sha256 } }", Map.of("id", person.toString()));
		assertThat(export.errors()).isEmpty();
		Map<String, Object> event = lastEventOf(person);
		assertThat(event).containsEntry("username", "dpo").containsEntry("operation", "exportPersonFile");
		assertThat(String.valueOf(event.get("persons"))).contains("PRIVACY_OFFICE", "DATA_SUBJECT_REQUEST", "HEALTH");
	}

	@Test
	void whenTheEventCannotBeWrittenNothingIsDisclosed() {
		UUID person = followed("Silence");
		Fixtures.owner((dsl) -> dsl.execute("REVOKE INSERT ON passerelle.access_event FROM passerelle_app"));
		try {
			Answer answer = Answer.ask(this.partners.as("referent.asso"), FILE, Map.of("id", person.toString()));
			assertThat(answer.codes()).containsExactly("AUDIT_UNAVAILABLE");
			assertThat(answer.map()).containsEntry("data", null);
			assertThat(answer.response().toString()).doesNotContain("Silence").doesNotContain("redactions");
			Answer write = Answer.ask(this.partners.as("referent.asso"), "recordSupportMeasure", Map.of("input", Map
				.of("personId", person.toString(), "type", "AVDL", "startedOn", java.time.LocalDate.now().toString())));
			assertThat(write.codes()).containsExactly("AUDIT_UNAVAILABLE");
		}
		finally {
			Fixtures.owner((dsl) -> dsl.execute("GRANT INSERT ON passerelle.access_event TO passerelle_app"));
		}
		assertThat(Answer.ask(this.partners.as("referent.asso"), FILE, Map.of("id", person.toString()))
			.at("person.firstName")).isEqualTo("Silence");
	}

	@Test
	void onlyThePrivacyOfficerChecksTheChainWhichIsIntact() {
		Answer.ask(this.partners.as("referent.asso"), FILE, Map.of("id", followed("Chaîne").toString()));
		Answer check = Answer.ask(this.partners.as("dpo"), INTEGRITY, Map.of());
		assertThat(check.at("accessLogIntegrity.intact")).isEqualTo(true);
		assertThat((Integer) check.at("accessLogIntegrity.checkedEvents")).isPositive();
		for (String user : List.of("referent.asso", "agent.caf", "admin", "pilote.metropole")) {
			assertThat(Answer.ask(this.partners.as(user), INTEGRITY, Map.of()).codes()).as(user)
				.containsExactly("FORBIDDEN");
		}
	}

	@Test
	void editingDeletingAndReorderingAnEventAreEachDetected() {
		for (int i = 0; i < 3; i++) {
			Answer.ask(this.partners.as("referent.asso"), FILE, Map.of("id", followed("Scellé" + i).toString()));
		}
		long seq = Fixtures.count("SELECT max(seq) - 1 FROM passerelle.access_event");
		Fixtures.owner((dsl) -> {
			// an attacker with the database's keys: triggers off for this session
			dsl.execute("SET session_replication_role = replica");
			try {
				dsl.execute("UPDATE passerelle.access_event SET purpose = 'STATISTICS' WHERE seq = ?", seq);
				assertBroken(seq, "changed after it was written");
				dsl.execute("UPDATE passerelle.access_event SET purpose = 'SUPPORT' WHERE seq = ?", seq);
				assertIntact();

				dsl.execute("CREATE TEMP TABLE saved AS SELECT * FROM passerelle.access_event WHERE seq = ?", seq);
				dsl.execute("DELETE FROM passerelle.access_event WHERE seq = ?", seq);
				assertBroken(seq, "missing");
				dsl.execute("INSERT INTO passerelle.access_event SELECT * FROM saved");
				assertIntact();

				dsl.execute("UPDATE passerelle.access_event SET seq = -1 WHERE seq = ?", seq);
				dsl.execute("UPDATE passerelle.access_event SET seq = ? WHERE seq = ?", seq, seq + 1);
				dsl.execute("UPDATE passerelle.access_event SET seq = ? WHERE seq = -1", seq + 1);
				assertBroken(seq, "previous hash");
				dsl.execute("UPDATE passerelle.access_event SET seq = -1 WHERE seq = ?", seq + 1);
				dsl.execute("UPDATE passerelle.access_event SET seq = ? WHERE seq = ?", seq + 1, seq);
				dsl.execute("UPDATE passerelle.access_event SET seq = ? WHERE seq = -1", seq);
				assertIntact();

				long last = seq + 1;
				dsl.execute("TRUNCATE saved");
				dsl.execute("INSERT INTO saved SELECT * FROM passerelle.access_event WHERE seq = ?", last);
				dsl.execute("DELETE FROM passerelle.access_event WHERE seq = ?", last);
				assertBroken(last, "removed from its end");
				dsl.execute("INSERT INTO passerelle.access_event SELECT * FROM saved");
				assertIntact();
			}
			finally {
				dsl.execute("SET session_replication_role = origin");
			}
			return null;
		});
		String outcome = Fixtures.owner((dsl) -> {
			try {
				dsl.execute("DELETE FROM passerelle.access_event WHERE seq = ?", seq);
				return "deleted";
			}
			catch (RuntimeException ex) {
				return String.valueOf(ex.getMessage());
			}
		});
		assertThat(outcome).as("with the trigger on, even the owner cannot delete").contains("append-only");
	}

	private void assertBroken(long seq, String problem) {
		Answer check = Answer.ask(this.partners.as("dpo"), INTEGRITY, Map.of());
		assertThat(check.at("accessLogIntegrity.intact")).isEqualTo(false);
		assertThat(((Number) check.at("accessLogIntegrity.firstBroken")).longValue()).isEqualTo(seq);
		assertThat((String) check.at("accessLogIntegrity.problem")).contains(problem);
	}

	private void assertIntact() {
		assertThat(Answer.ask(this.partners.as("dpo"), INTEGRITY, Map.of()).at("accessLogIntegrity.intact"))
			.isEqualTo(true);
	}

	private static UUID followed(String name) {
		UUID person = Fixtures.adult(name);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		return person;
	}

	private static int events() {
		return Fixtures.count("SELECT count(*) FROM passerelle.access_event");
	}

	private static Map<String, Object> lastEventOf(UUID person) {
		return Fixtures.owner((dsl) -> dsl.fetchOne(
				"SELECT * FROM passerelle.access_event WHERE person_ids @> ARRAY[?::uuid] ORDER BY seq DESC LIMIT 1",
				person)
			.intoMap());
	}

}

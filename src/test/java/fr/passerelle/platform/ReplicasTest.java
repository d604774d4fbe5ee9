package fr.passerelle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.PasserelleApplication;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.Answer;
import fr.passerelle.support.ConsentInputs;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.FollowedPerson;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestDatabase;
import fr.passerelle.support.TestKeycloak;

/**
 * Two hub instances on one PostgreSQL, as the Kubernetes Deployment runs them: the second
 * started as production starts a replica (the application role only, no schema owner,
 * {@code spring.flyway.enabled=false}, no demo), beside the test hub. Under concurrent
 * load on both, every request's access event is in the chain once (none lost, none twice)
 * and the chain verifies, also while they append; the same idempotency key sent to both
 * at once writes one note, answered to both; a cursor sealed by one is read by the other;
 * a consent revoked through one is in force on the other's next request.
 */
@IntegrationTest
class ReplicasTest {

	private static ConfigurableApplicationContext second;

	@Autowired
	Partners first;

	private static synchronized Partners second() {
		if (second == null) {
			TestDatabase database = TestDatabase.get();
			second = new SpringApplicationBuilder(PasserelleApplication.class).run("--server.port=0",
					"--spring.flyway.enabled=false", "--passerelle.demo.enabled=false",
					"--passerelle.keycloak.clock-skew=0s", "--passerelle.statistics.initial-delay=P3650D",
					"--passerelle.alerts.poll=PT1H", "--logging.structured.format.console=ecs",
					"--passerelle.access.cursor-key=" + IntegrationTest.CURSOR_KEY,
					"--spring.datasource.url=" + database.url(),
					"--spring.datasource.username=" + TestDatabase.APP_ROLE,
					"--spring.datasource.password=" + TestDatabase.APP_ROLE,
					"--passerelle.keycloak.url=" + TestKeycloak.get().url());
		}
		return new Partners(second.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	@AfterAll
	static void stopSecond() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	private static final String FILE = "query ($id: ID!) { person(id: $id) { id firstName supportNotes { id } } }";

	private static final String PAGE = """
			query ($after: String) {
			  caseload(first: 5, after: $after) {
			    edges { node { id } }
			    pageInfo { hasNextPage endCursor }
			  }
			}""";

	private static final String NOTE = """
			mutation ($input: WriteSupportNoteInput!) { writeSupportNote(input: $input) { id } }""";

	/** A request sent with its own X-Request-Id, which its access event carries. */
	private record Sent(String requestId, String instance, Answer answer) {
	}

	@Test
	void underConcurrentLoadEveryAccessIsChainedOnceAndKeysHoldAcrossInstances() throws Exception {
		Partners other = second();
		String run = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
		String karim = DemoTerritory.KARIM.toString();
		// a cursor sealed by one instance, for the other
		String cursor = (String) Answer.ask(this.first.as("referent.asso"), PAGE, Map.of())
			.at("caseload.pageInfo.endCursor");
		assertThat(cursor).isNotNull();

		List<Callable<Sent>> work = new ArrayList<>();
		int keys = 30;
		for (int i = 0; i < keys; i++) {
			Map<String, Object> input = Map.of("personId", karim, "writtenOn", LocalDate.now().toString(), "body",
					"Entretien " + run, "idempotencyKey", run + "-key-" + i);
			// the same key through both instances at once
			work.add(send(this.first, "A", run + "-w" + i + "a", NOTE, Map.of("input", input)));
			work.add(send(other, "B", run + "-w" + i + "b", NOTE, Map.of("input", input)));
		}
		for (int i = 0; i < 80; i++) {
			Partners instance = (i % 2 == 0) ? this.first : other;
			String name = (i % 2 == 0) ? "A" : "B";
			work.add(switch (i % 4) {
				case 0, 1 -> send(instance, name, run + "-r" + i, FILE, Map.of("id", karim));
				default ->
					send(instance, name, run + "-p" + i, PAGE, (i % 4 == 2) ? Map.of("after", cursor) : Map.of());
			});
		}
		Collections.shuffle(work, new Random(18));
		List<Sent> sent = new ArrayList<>();
		List<Map<?, ?>> integrity = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<Sent>> futures = new ArrayList<>();
			for (var task : work) {
				futures.add(pool.submit(task));
			}
			// the privacy officer checks the chain while both append
			integrity.add((Map<?, ?>) Answer
				.ask(other.as("dpo"), "{ accessLogIntegrity { intact checkedEvents problem } }", Map.of())
				.at("accessLogIntegrity"));
			for (Future<Sent> future : futures) {
				sent.add(future.get());
			}
		}
		assertThat(integrity.get(0).get("intact")).as(integrity.toString()).isEqualTo(true);
		assertThat(sent).allSatisfy(
				(request) -> assertThat(request.answer().errors()).as(request.requestId() + " on " + request.instance())
					.isEmpty());

		// every request's access event, once
		Map<String, Integer> events = new HashMap<>();
		Fixtures.owner((dsl) -> dsl
			.fetch("SELECT request_id, count(*)::int AS n FROM passerelle.access_event WHERE request_id LIKE ? "
					+ "GROUP BY request_id", run + "-%")
			.stream()
			.map((row) -> events.put(row.get("request_id", String.class), row.get("n", Integer.class)))
			.toList());
		assertThat(events).hasSize(sent.size());
		assertThat(events.values()).containsOnly(1);
		for (Sent request : sent) {
			assertThat(events).containsKey(request.requestId());
		}
		// each key wrote one note, answered to both instances
		for (int i = 0; i < keys; i++) {
			List<String> pair = List.of(run + "-w" + i + "a", run + "-w" + i + "b");
			List<Object> ids = sent.stream()
				.filter((request) -> pair.contains(request.requestId()))
				.map((request) -> request.answer().at("writeSupportNote.id"))
				.distinct()
				.toList();
			assertThat(ids).as("key " + i).hasSize(1).doesNotContainNull();
		}
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.support_note WHERE body = ?", "Entretien " + run))
			.isEqualTo(keys);
		// the chain verifies, through either instance
		for (Partners instance : List.of(this.first, other)) {
			Answer check = Answer.ask(instance.as("dpo"), "{ accessLogIntegrity { intact problem } }", Map.of());
			assertThat(check.at("accessLogIntegrity.intact")).as(String.valueOf(check.at("accessLogIntegrity.problem")))
				.isEqualTo(true);
		}
	}

	@Test
	void aConsentRevokedThroughOneInstanceIsInForceOnTheOthersNextRequest() {
		Partners other = second();
		String caf = DemoOrganizations.CAF.id().toString();
		String person = FollowedPerson.register(this.first, "Noé", "Réplique", "06 11 22 33 44",
				Map.of(DemoOrganizations.CAF.id(), "BENEFITS"));
		String consent = (String) Answer
			.ask(this.first.as("referent.asso"),
					"mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }",
					Map.of("input", ConsentInputs.own(person, List
						.of(ConsentInputs.permit(List.of("IDENTITY", "CONTACT"), List.of("BENEFITS"), caf, null)))))
			.at("recordConsent.id");
		String read = "query ($id: ID!) { person(id: $id) { phone } }";
		HttpGraphQlTester cafOnSecond = other.as("agent.caf");
		assertThat(Answer.ask(cafOnSecond, read, Map.of("id", person)).at("person.phone")).as("by consent")
			.isEqualTo("06 11 22 33 44");

		assertThat(Answer
			.ask(this.first.as("referent.asso"),
					"mutation ($id: ID!) { revokeConsent(consentId: $id, reason: \"retrait\") { status } }",
					Map.of("id", consent))
			.at("revokeConsent.status")).isEqualTo("REVOKED");

		Answer after = Answer.ask(cafOnSecond, read, Map.of("id", person));
		assertThat(after.at("person.phone")).as("the next request on the other instance").isNull();
		assertThat(after.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");
	}

	private static Callable<Sent> send(Partners instance, String name, String requestId, String document,
			Map<String, Object> variables) {
		return () -> new Sent(requestId, name, Answer
			.ask(instance.as("referent.asso").mutate().header("X-Request-Id", requestId).build(), document, variables));
	}

}

package fr.passerelle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import fr.passerelle.PasserelleApplication;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.platform.dev.DurablePostgres;
import fr.passerelle.platform.dev.EmbeddedBackup;
import fr.passerelle.support.TestKeycloak;
import fr.passerelle.support.Tokens;

/**
 * Faults survived, each through the real API: the database restarted under load, the pool
 * exhausted, Keycloak unreachable. The hub here has a PostgreSQL of its own (on a data
 * directory that outlives a restart) and fetches the realm's keys through a proxy the
 * test can cut; everything else is as in production.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsTest {

	private static final String APP_ROLE = "passerelle_app";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration KEY_TTL = Duration.ofSeconds(3);

	private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(2);

	private static Path data;

	private static int port;

	private static EmbeddedPostgres postgres;

	private static KeysProxy keys;

	private static ConfigurableApplicationContext hub;

	private static String base;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void start() throws Exception {
		data = Files.createTempDirectory("passerelle-faults");
		postgres = postgres(true);
		port = postgres.getPort();
		try (Connection owner = owner(); Statement statement = owner.createStatement()) {
			statement.execute("CREATE ROLE %1$s LOGIN PASSWORD '%1$s' NOSUPERUSER NOBYPASSRLS".formatted(APP_ROLE));
		}
		keys = new KeysProxy(
				TestKeycloak.get().url().resolve("/realms/" + TestKeycloak.REALM + "/protocol/openid-connect/certs"));
		String url = "jdbc:postgresql://localhost:" + port + "/postgres";
		hub = new SpringApplicationBuilder(PasserelleApplication.class).run("--server.port=0",
				"--passerelle.demo.enabled=true", "--passerelle.demo.persons=40", "--passerelle.keycloak.clock-skew=0s",
				"--spring.datasource.url=" + url, "--spring.datasource.username=" + APP_ROLE,
				"--spring.datasource.password=" + APP_ROLE, "--spring.flyway.user=postgres",
				"--spring.flyway.password=", "--passerelle.keycloak.url=" + TestKeycloak.get().url(),
				"--passerelle.keycloak.keys.url=" + keys.url(),
				"--passerelle.keycloak.keys.ttl=" + KEY_TTL.toMillis() + "ms",
				"--passerelle.keycloak.keys.min-refetch-interval=" + REFETCH_INTERVAL.toMillis() + "ms",
				"--passerelle.keycloak.keys.outage-tolerance=1h", "--passerelle.keycloak.keys.refresh-ahead=0s",
				"--passerelle.keycloak.keys.connect-timeout=1s", "--passerelle.keycloak.keys.read-timeout=1s",
				"--passerelle.edge.rate-limit.enabled=false");
		base = "http://localhost:" + hub.getEnvironment().getRequiredProperty("local.server.port");
	}

	@AfterAll
	static void stop() throws IOException {
		if (hub != null) {
			hub.close();
		}
		if (postgres != null) {
			postgres.close();
		}
		if (keys != null) {
			keys.close();
		}
	}

	@Test
	@Order(1)
	void aDatabaseRestartUnderLoadFailsRequestsCleanlyAndLosesNoAcknowledgedWrite() throws Exception {
		assertThat(readiness()).isEqualTo(200);
		String karim = DemoTerritory.KARIM.toString();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicInteger unavailable = new AtomicInteger();
		AtomicInteger disclosedWhileDown = new AtomicInteger();
		AtomicBoolean down = new AtomicBoolean();
		AtomicBoolean running = new AtomicBoolean(true);
		String token = Tokens.of("referent.asso");
		ExecutorService load = Executors.newFixedThreadPool(4);
		List<Future<?>> workers = new ArrayList<>();
		for (int worker = 0; worker < 4; worker++) {
			boolean writer = worker % 2 == 0;
			workers.add(load.submit(() -> {
				while (running.get()) {
					JsonNode answer = writer ? writeNote(token, karim) : readFile(token, karim);
					JsonNode errors = answer.path("errors");
					if (errors.isEmpty()) {
						if (writer) {
							acknowledged.add(answer.path("data").path("writeSupportNote").path("id").asString());
						}
						else if (down.get() && !answer.path("data").path("person").isNull()) {
							disclosedWhileDown.incrementAndGet();
						}
					}
					else {
						String code = errors.get(0).path("extensions").path("code").asString();
						assertThat(code).as(answer.toString()).isIn("UNAVAILABLE", "AUDIT_UNAVAILABLE");
						assertThat(answer.path("data").path("person").isMissingNode()
								|| answer.path("data").path("person").isNull())
							.as(answer.toString())
							.isTrue();
						unavailable.incrementAndGet();
					}
				}
				return null;
			}));
		}
		Thread.sleep(1500);
		down.set(true);
		postgres.close();
		awaitReadiness(503);
		Thread.sleep(1000);
		postgres = postgres(false);
		down.set(false);
		awaitReadiness(200);
		Thread.sleep(1500);
		running.set(false);
		for (Future<?> worker : workers) {
			worker.get();
		}
		load.shutdown();
		assertThat(unavailable).as("requests refused while the database was away").hasPositiveValue();
		assertThat(acknowledged).isNotEmpty();
		// every write the API acknowledged is there
		try (Connection owner = owner(); Statement statement = owner.createStatement()) {
			var rows = statement.executeQuery("SELECT id::text FROM passerelle.support_note WHERE body LIKE 'Panne %'");
			Set<String> stored = new java.util.HashSet<>();
			while (rows.next()) {
				stored.add(rows.getString(1));
			}
			assertThat(stored).containsAll(acknowledged);
		}
		// the hub serves again, without a restart, and the access log's chain is whole
		assertThat(readFile(token, karim).path("data").path("person").path("firstName").asString()).isEqualTo("Karim");
		assertChainIntact();
	}

	@Test
	@Order(2)
	void anExhaustedPoolAnswersUnavailableFastInsteadOfQueueing() throws Exception {
		DataSource pool = hub.getBean(DataSource.class);
		List<Connection> held = new ArrayList<>();
		try {
			int size = pool.unwrap(com.zaxxer.hikari.HikariDataSource.class).getMaximumPoolSize();
			while (held.size() < size) {
				held.add(pool.getConnection());
			}
			Instant started = Instant.now();
			JsonNode answer = readFile(Tokens.of("referent.asso"), DemoTerritory.KARIM.toString());
			Duration waited = Duration.between(started, Instant.now());
			assertThat(answer.path("errors").get(0).path("extensions").path("code").asString()).as(answer.toString())
				.isIn("UNAVAILABLE", "AUDIT_UNAVAILABLE");
			assertThat(answer.path("data").path("person").isNull() || answer.path("data").isNull()
					|| answer.path("data").isMissingNode())
				.isTrue();
			assertThat(waited).as("no queue of minutes").isLessThan(Duration.ofSeconds(15));
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		assertThat(readFile(Tokens.of("referent.asso"), DemoTerritory.KARIM.toString()).path("errors").isEmpty())
			.isTrue();
	}

	@Test
	@Order(3)
	void whileKeycloakIsUnreachableValidTokensAreStillServedAndUnknownKeysFetchAtMostOncePerInterval()
			throws Exception {
		String token = Tokens.of("referent.asso");
		assertThat(status(token)).isEqualTo(200);
		keys.cut(true);
		try {
			Thread.sleep(KEY_TTL.multipliedBy(2).toMillis());
			// the keys' time to live is over and Keycloak does not answer: the last keys
			// serve
			for (int i = 0; i < 5; i++) {
				assertThat(status(token)).isEqualTo(200);
			}
			// tokens naming a key nobody knows: refused (401), and the keys are fetched
			// at
			// most once per interval however many such tokens come
			int before = keys.fetches();
			String unknownKey = withKeyId(token, "unknown-" + UUID.randomUUID());
			for (int i = 0; i < 30; i++) {
				assertThat(status(unknownKey)).isEqualTo(401);
			}
			assertThat(keys.fetches() - before).isLessThanOrEqualTo(2);
		}
		finally {
			keys.cut(false);
		}
		assertThat(status(token)).isEqualTo(200);
	}

	/**
	 * The database server killed (SIGKILL, with its backends: what a power cut does to
	 * it) while consents are recorded and revoked, measures recorded, notes written and
	 * files read through the API, three times, the kill at a different moment each time;
	 * restarted on the same data directory, the hub serving again without a restart of
	 * its own. Every write the API acknowledged is there; a write it refused and that a
	 * client retries with its idempotency key is there exactly once (a write whose commit
	 * reached the disk just before the kill, its answer lost, is found by its key, never
	 * doubled); nothing was disclosed while the server was away; the access log's chain
	 * verifies.
	 */
	@Test
	@Order(4)
	void aCrashOfTheDatabaseServerLosesNoAcknowledgedWrite() throws Exception {
		String karim = DemoTerritory.KARIM.toString();
		String token = Tokens.of("referent.asso");
		// the consents of this test are given on a text of their own, which tells them
		// apart
		JsonNode text = post(Tokens.of("dpo"),
				"mutation ($input: PublishConsentTextInput!) { publishConsentText(input: $input) { id } }",
				Map.of("input", Map.of("language", "fr", "version", "crash", "effectiveFrom", "2020-01-01", "body",
						"Texte du test de panne.")));
		assertThat(text.path("errors").isEmpty()).as(text.toString()).isTrue();
		Set<String> notes = ConcurrentHashMap.newKeySet();
		Set<String> consents = ConcurrentHashMap.newKeySet();
		Set<String> revoked = ConcurrentHashMap.newKeySet();
		Set<String> measures = ConcurrentHashMap.newKeySet();
		Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger disclosedWhileDown = new AtomicInteger();
		for (long killAfter : new long[] { 400, 1100, 2000 }) {
			assertThat(readiness()).isEqualTo(200);
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicBoolean down = new AtomicBoolean();
			ExecutorService load = Executors.newFixedThreadPool(5);
			List<Future<?>> workers = new ArrayList<>();
			for (int worker = 0; worker < 5; worker++) {
				int kind = worker;
				workers.add(load.submit(() -> {
					while (running.get()) {
						switch (kind) {
							case 0 -> {
								String key = "crash-" + UUID.randomUUID();
								JsonNode answer = writeNote(token, karim, key);
								if (answer.path("errors").isEmpty()) {
									notes.add(answer.path("data").path("writeSupportNote").path("id").asString());
								}
								else {
									refusedKeys.add(key);
									refused(answer, refused);
								}
							}
							case 1 -> {
								JsonNode answer = recordConsent(token, karim);
								if (!answer.path("errors").isEmpty()) {
									refused(answer, refused);
									continue;
								}
								String consent = answer.path("data").path("recordConsent").path("id").asString();
								consents.add(consent);
								JsonNode revocation = post(token,
										"mutation ($id: ID!) { revokeConsent(consentId: $id, reason: \"crash test\") "
												+ "{ status } }",
										Map.of("id", consent));
								if (revocation.path("errors").isEmpty()) {
									revoked.add(consent);
								}
								else {
									refused(revocation, refused);
								}
							}
							case 2 -> {
								JsonNode answer = post(token, """
										mutation ($input: RecordSupportMeasureInput!) {
										  recordSupportMeasure(input: $input) { id } }""",
										Map.of("input",
												Map.of("personId", karim, "type", "ASLL", "startedOn", "2026-12-01",
														"caseLead", "referent.asso", "idempotencyKey",
														"crash-" + UUID.randomUUID())));
								if (answer.path("errors").isEmpty()) {
									measures
										.add(answer.path("data").path("recordSupportMeasure").path("id").asString());
								}
								else {
									refused(answer, refused);
								}
							}
							default -> {
								// asked once the server was dead, answered before it
								// restarted
								boolean askedWhileDown = down.get();
								JsonNode answer = readFile(token, karim);
								if (!answer.path("errors").isEmpty()) {
									refused(answer, refused);
								}
								else if (askedWhileDown && down.get() && !answer.path("data").path("person").isNull()) {
									disclosedWhileDown.incrementAndGet();
								}
							}
						}
					}
					return null;
				}));
			}
			Thread.sleep(killAfter);
			crash();
			down.set(true);
			awaitReadiness(503);
			postgres = postgres(false);
			down.set(false);
			awaitReadiness(200);
			Thread.sleep(800);
			running.set(false);
			for (Future<?> worker : workers) {
				worker.get();
			}
			load.shutdown();
		}
		assertThat(notes).isNotEmpty();
		assertThat(consents).isNotEmpty();
		assertThat(measures).isNotEmpty();
		assertThat(refused).as("requests refused while the server was down").hasPositiveValue();
		assertThat(disclosedWhileDown).as("nothing disclosed while the server was down").hasValue(0);
		try (Connection owner = owner(); Statement statement = owner.createStatement()) {
			assertThat(strings(statement, "SELECT id::text FROM passerelle.support_note WHERE body LIKE 'Panne %'"))
				.as("every acknowledged note")
				.containsAll(notes);
			assertThat(strings(statement, "SELECT id::text FROM passerelle.consent WHERE text_version = 'crash'"))
				.as("every acknowledged consent")
				.containsAll(consents);
			assertThat(strings(statement,
					"SELECT id::text FROM passerelle.consent WHERE text_version = 'crash' AND status = 'REVOKED'"))
				.as("every acknowledged revocation")
				.containsAll(revoked);
			assertThat(strings(statement, "SELECT id::text FROM passerelle.support_measure WHERE type = 'ASLL'"))
				.as("every acknowledged measure")
				.containsAll(measures);
		}
		// the refused writes, retried with their keys: each there once
		for (String key : refusedKeys) {
			JsonNode retried = writeNote(token, karim, key);
			assertThat(retried.path("errors").isEmpty()).as(retried.toString()).isTrue();
		}
		try (Connection owner = owner(); Statement statement = owner.createStatement()) {
			for (String key : refusedKeys) {
				assertThat(strings(statement,
						"SELECT id::text FROM passerelle.support_note WHERE body = 'Panne " + key + "'"))
					.as("retried once: " + key)
					.hasSize(1);
			}
		}
		assertChainIntact();
	}

	/**
	 * An online backup of the embedded server (while the hub serves), restored into a
	 * fresh directory and served by the same hub: the territory as it was when the backup
	 * was taken, nothing written after it, and an intact access chain.
	 */
	@Test
	@Order(5)
	void anOnlineBackupRestoredIntoAFreshDirectoryHoldsTheTerritoryAndAnIntactChain() throws Exception {
		String karim = DemoTerritory.KARIM.toString();
		String token = Tokens.of("referent.asso");
		String before = writeNote(token, karim, "backup-" + UUID.randomUUID()).path("data")
			.path("writeSupportNote")
			.path("id")
			.asString();
		assertThat(before).isNotEmpty();
		String persons;
		try (Connection owner = owner(); Statement statement = owner.createStatement()) {
			persons = strings(statement, "SELECT count(*)::text FROM passerelle.person").iterator().next();
		}
		Path backup = Files.createTempDirectory("passerelle-backup").resolve("pgdata");
		try (Connection owner = owner()) {
			EmbeddedBackup.backup(owner, data, backup);
		}
		String after = writeNote(token, karim, "backup-" + UUID.randomUUID()).path("data")
			.path("writeSupportNote")
			.path("id")
			.asString();
		// restored: a copy of the backup, served in place of the server backed up
		Path restored = Files.createTempDirectory("passerelle-restored").resolve("pgdata");
		try (var files = Files.walk(backup)) {
			for (Path file : files.toList()) {
				Files.copy(file, restored.resolve(backup.relativize(file).toString()),
						java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
			}
		}
		postgres.close();
		data = restored;
		postgres = postgres(false);
		awaitReadiness(200);
		JsonNode file = readFile(token, karim);
		assertThat(file.path("data").path("person").path("firstName").asString()).as(file.toString())
			.isEqualTo("Karim");
		List<String> notes = new ArrayList<>();
		file.path("data").path("person").path("supportNotes").forEach((note) -> notes.add(note.path("id").asString()));
		assertThat(notes).contains(before).doesNotContain(after);
		try (Connection owner = owner(); Statement statement = owner.createStatement()) {
			assertThat(strings(statement, "SELECT count(*)::text FROM passerelle.person")).containsExactly(persons);
		}
		assertChainIntact();
	}

	/** A refusal while the server is away: a clean code, nothing disclosed. */
	private static void refused(JsonNode answer, AtomicInteger refused) {
		String code = answer.path("errors").get(0).path("extensions").path("code").asString();
		assertThat(code).as(answer.toString()).isIn("UNAVAILABLE", "AUDIT_UNAVAILABLE");
		refused.incrementAndGet();
	}

	/**
	 * Kills the server and its backends with SIGKILL, as a power cut would, and lets the
	 * library release its lock on the data directory.
	 */
	private static void crash() throws Exception {
		long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
		ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
		List<ProcessHandle> backends = postmaster.descendants().toList();
		postmaster.destroyForcibly();
		backends.forEach(ProcessHandle::destroyForcibly);
		postmaster.onExit().get();
		for (ProcessHandle backend : backends) {
			backend.onExit().get();
		}
		assertThat(backends).as("the server's processes, killed with it").isNotEmpty();
		assertThat(data.resolve("postmaster.pid")).as("a crash, not a shutdown: the server could not clean up")
			.exists();
		try {
			postgres.close();
		}
		catch (IOException ex) {
			// pg_ctl stop finds no server: it is gone
		}
	}

	private static Set<String> strings(Statement statement, String sql) throws SQLException {
		Set<String> values = new java.util.HashSet<>();
		try (var rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

	private static JsonNode writeNote(String token, String person, String key) {
		return post(token, """
				mutation ($input: WriteSupportNoteInput!) { writeSupportNote(input: $input) { id } }""", Map.of("input",
				Map.of("personId", person, "writtenOn", "2026-12-01", "body", "Panne " + key, "idempotencyKey", key)));
	}

	private static JsonNode recordConsent(String token, String person) {
		return post(token, "mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }",
				Map.of("input",
						Map.of("personId", person, "grantor", "SELF", "periodStart", "2026-12-01", "method", "ORAL",
								"collectedAt", "2026-12-01T10:00:00Z", "textVersion", "crash", "provisions",
								List.of(Map.of("type", "PERMIT", "recipientOrganizationType", "CAF", "categories",
										List.of("RESOURCES"), "purposes", List.of("BENEFITS"))))));
	}

	// -------------------------------------------------------------------------------

	private static EmbeddedPostgres postgres(boolean fresh) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60));
		DurablePostgres.SETTINGS.forEach(builder::setServerConfig);
		if (!fresh) {
			builder.setPort(port);
		}
		return builder.start();
	}

	private static Connection owner() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
	}

	private static JsonNode writeNote(String token, String person) {
		return writeNote(token, person, UUID.randomUUID().toString());
	}

	/** The access log's chain, as the privacy officer checks it through the API. */
	private static void assertChainIntact() {
		JsonNode integrity = post(Tokens.of("dpo"), "{ accessLogIntegrity { intact checkedEvents } }", Map.of());
		assertThat(integrity.path("data").path("accessLogIntegrity").path("intact").asBoolean())
			.as(integrity.toString())
			.isTrue();
	}

	private static JsonNode readFile(String token, String person) {
		return post(token, "query ($id: ID!) { person(id: $id) { firstName supportNotes { id } } }",
				Map.of("id", person));
	}

	private static JsonNode post(String token, String document, Map<String, Object> variables) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString(json.writeValueAsString(Map.of("query", document, "variables", variables))))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.body()).as("no stack trace, no SQL").doesNotContain("Exception", "SELECT ", "at org.");
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int status(String token) throws IOException, InterruptedException {
		return http
			.send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ me { username } }\"}"))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static int readiness() throws IOException, InterruptedException {
		return http
			.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static void awaitReadiness(int status) throws Exception {
		Instant deadline = Instant.now().plusSeconds(60);
		while (readiness() != status) {
			assertThat(Instant.now()).as("readiness " + status + " in time").isBefore(deadline);
			Thread.sleep(200);
		}
	}

	/** The token with another key id in its header (the signature no longer matters). */
	private static String withKeyId(String token, String kid) {
		String[] parts = token.split("\\.");
		JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
		((tools.jackson.databind.node.ObjectNode) header).put("kid", kid);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(header)) + "." + parts[1]
				+ "." + parts[2];
	}

	/**
	 * Keycloak's key endpoint behind a switch: forwards, or answers 503 as a Keycloak
	 * that is down would (its connection refused); counts the fetches that reach it.
	 */
	static final class KeysProxy implements AutoCloseable {

		private final HttpServer server;

		private final AtomicInteger fetches = new AtomicInteger();

		private final AtomicBoolean cut = new AtomicBoolean();

		KeysProxy(URI target) throws IOException {
			this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			this.server.createContext("/certs", (exchange) -> {
				this.fetches.incrementAndGet();
				byte[] body;
				int status;
				if (this.cut.get()) {
					status = 503;
					body = "down".getBytes(StandardCharsets.UTF_8);
				}
				else {
					try {
						HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(target).build(),
								HttpResponse.BodyHandlers.ofByteArray());
						status = response.statusCode();
						body = response.body();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						status = 502;
						body = new byte[0];
					}
				}
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(status, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			this.server.start();
		}

		URI url() {
			return URI.create("http://localhost:" + this.server.getAddress().getPort() + "/certs");
		}

		void cut(boolean cut) {
			this.cut.set(cut);
		}

		int fetches() {
			return this.fetches.get();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}

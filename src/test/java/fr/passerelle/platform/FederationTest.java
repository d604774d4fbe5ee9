package fr.passerelle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import tools.jackson.databind.json.JsonMapper;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestKeycloak;
import fr.passerelle.support.Tokens;

/**
 * Federation for real: the hub and a landlord's own subgraph
 * ({@code gateway/partner-landlord}, {@code @apollo/subgraph}) composed from their
 * {@code _service} into a supergraph, served by Hive Gateway ({@code gateway/}), asked
 * with real Keycloak tokens. The hub's schema is checked against the last released SDL
 * ({@code schema/released/hub.graphql}) by graphql-inspector. Through the gateway: tokens
 * and the purpose are forwarded; a document mixing the hub's fields and the landlord's on
 * one {@code Person} resolves, per partner; {@code _entities} hides a person the viewer
 * does not reach exactly as a wrong id (null, no error); redactions come back with the
 * client's paths; errors keep their codes; {@code @authenticated} and
 * {@code @requiresScopes} refuse early.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path GATEWAY = Path.of("gateway").toAbsolutePath();

	private static final Path OUT = Path.of("target", "federation").toAbsolutePath();

	private static final String MIXED = """
			query mixed($id: ID!) {
			  person(id: $id) { id reach firstName phone landlordAccount { reference rentStatus monthsUnpaid maintenanceRequests { subject status } } }
			}""";

	private static final String ACCOUNTS = "{ landlordAccounts { reference person { id firstName phone } } }";

	private static final String RECORD = """
			mutation account($person: ID!, $reference: String!) {
			  recordLandlordAccount(personId: $person, reference: $reference, rentStatus: LATE, monthsUnpaid: 2) { reference }
			}""";

	@LocalServerPort
	int port;

	@Autowired
	Partners hub;

	private final List<Process> processes = new ArrayList<>();

	private String gatewayUrl;

	private String issuer;

	/**
	 * A person followed by the association and the landlord, who let the landlord see who
	 * they are.
	 */
	private UUID tenant;

	/** A person the association follows and the landlord does not. */
	private UUID stranger;

	@BeforeAll
	void composeAndStart() throws Exception {
		assertThat(GATEWAY.resolve("node_modules/@graphql-hive/gateway")).as("installed: bin/npm-install gateway")
			.isDirectory();
		this.issuer = TestKeycloak.get().url().resolve("/realms/" + TestKeycloak.REALM).toString();
		int partner = freePort();
		start(List.of("node", "partner-landlord/server.mjs"), Map.of("PORT", Integer.toString(partner)));
		awaitHttp("http://localhost:" + partner + "/");
		int composed = run(List.of("node", "compose.mjs"),
				Map.of("HUB_URL", "http://localhost:" + this.port + "/graphql", "PARTNER_URL",
						"http://localhost:" + partner + "/", "OUT", OUT.toString()));
		assertThat(composed).as("the supergraph composes (see the test's output)").isZero();
		int gatewayPort = freePort();
		start(List.of("node_modules/.bin/hive-gateway", "supergraph", OUT.resolve("supergraph.graphql").toString(),
				"--port", Integer.toString(gatewayPort)), Map.of());
		awaitHttp("http://localhost:" + gatewayPort + "/healthcheck");
		this.gatewayUrl = "http://localhost:" + gatewayPort + "/graphql";

		this.tenant = Fixtures.adult("Fédérée");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), this.tenant, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), this.tenant, InvolvementKind.TENANCY);
		Fixtures.permitOrganization(Fixtures.consent(this.tenant), DemoOrganizations.LANDLORD.id(),
				List.of(DataCategory.IDENTITY), List.of(Purpose.HOUSING_ALLOCATION));
		this.stranger = Fixtures.adult("Inconnue");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), this.stranger, InvolvementKind.SUPPORT_MEASURE);
		// the landlord's own system knows both (its records are its own): through the
		// gateway
		for (Map.Entry<UUID, String> account : Map.of(this.tenant, "HD-F-1", this.stranger, "HD-F-2").entrySet()) {
			assertThat(ask("gestion.bailleur", "HOUSING_ALLOCATION", RECORD,
					Map.of("person", account.getKey().toString(), "reference", account.getValue()))
				.errors()).isEmpty();
		}
		assertThat(ask("gestion.bailleur", "HOUSING_ALLOCATION",
				"mutation ($p: ID!) { recordMaintenanceRequest(personId: $p, subject: \"Fuite sous l'évier\") { status } }",
				Map.of("p", this.tenant.toString()))
			.at("recordMaintenanceRequest.status")).isEqualTo("OPEN");
	}

	@AfterAll
	void stop() {
		this.processes.forEach(Process::destroy);
	}

	/**
	 * Asks the gateway as a demo user (with the purpose, if any) for plain JSON: Hive
	 * Gateway answers errors with HTTP statuses under graphql-response+json, which the
	 * hub's testers take for failures.
	 */
	private Answer ask(String username, @Nullable String purpose, String document, Map<String, ?> variables)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.gatewayUrl))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Authorization", "Bearer " + Tokens.of(username))
			.POST(HttpRequest.BodyPublishers
				.ofString(JSON.writeValueAsString(Map.of("query", document, "variables", variables))));
		if (purpose != null) {
			request.header("Passerelle-Purpose", purpose);
		}
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			// 200, or for the gateway's own early refusals 401 (with the errors in the
			// body)
			assertThat(response.statusCode()).as(response.body()).isIn(200, 401);
			return answer(response.body());
		}
	}

	@SuppressWarnings("unchecked")
	private static Answer answer(String body) {
		Map<String, Object> map = JSON.readValue(body, Map.class);
		List<GraphQLError> errors = new ArrayList<>();
		for (Map<String, Object> error : (List<Map<String, Object>>) map.getOrDefault("errors", List.of())) {
			errors.add(GraphqlErrorBuilder.newError()
				.message((String) error.get("message"))
				.path((List<Object>) error.get("path"))
				.extensions((Map<String, Object>) error.getOrDefault("extensions", Map.of()))
				.build());
		}
		ExecutionResult result = ExecutionResult.newExecutionResult()
			.data(map.get("data"))
			.errors(errors)
			.extensions((Map<Object, Object>) map.get("extensions"))
			.build();
		return new Answer(new DefaultExecutionGraphQlResponse(ExecutionInput.newExecutionInput("{}").build(), result));
	}

	@Test
	void theHubsSchemaHasNoBreakingChangeSinceTheLastReleaseAndTheCheckCatchesOne() throws Exception {
		assertThat(Files.readString(OUT.resolve("supergraph.graphql"))).contains("join__Graph")
			.contains("HUB")
			.contains("LANDLORD");
		assertThat(run(List.of("node_modules/.bin/graphql-inspector", "diff", "../schema/released/hub.graphql",
				OUT.resolve("hub.graphql").toString()), Map.of()))
			.as("graphql-inspector diff schema/released/hub.graphql against the running hub")
			.isZero();
		Path broken = OUT.resolve("hub-broken.graphql");
		String sdl = Files.readString(OUT.resolve("hub.graphql"));
		assertThat(sdl).contains("  person(id: ID!): Person\n");
		Files.writeString(broken, sdl.replace("  person(id: ID!): Person\n", "  person(id: ID!): String\n"));
		assertThat(run(List.of("node_modules/.bin/graphql-inspector", "diff", "../schema/released/hub.graphql",
				broken.toString()), Map.of()))
			.isNotZero();
	}

	@Test
	void aMixedDocumentResolvesBothPartsForTheLandlordAndOnlyTheHubsForOthers() throws Exception {
		Answer landlord = ask("gestion.bailleur", "HOUSING_ALLOCATION", MIXED, Map.of("id", this.tenant.toString()));
		assertThat(landlord.errors()).isEmpty();
		assertThat(landlord.at("person.firstName")).isEqualTo("Fédérée");
		assertThat(landlord.at("person.reach")).isEqualTo("INVOLVEMENT");
		assertThat(landlord.at("person.landlordAccount.reference")).isEqualTo("HD-F-1");
		assertThat(landlord.at("person.landlordAccount.maintenanceRequests[0].subject"))
			.isEqualTo("Fuite sous l'évier");
		// the hub's redaction, at the client's path
		assertThat(landlord.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");
		// and the caseload pages, both parts on each person
		String pages = "";
		String after = null;
		do {
			Answer page = ask("gestion.bailleur", "HOUSING_ALLOCATION",
					"query ($after: String) { caseload(first: 100, after: $after) { pageInfo { hasNextPage endCursor }"
							+ " edges { node { id firstName landlordAccount { reference } } } } }",
					(after != null) ? Map.of("after", after) : Map.of());
			assertThat(page.errors()).isEmpty();
			pages += page.map().toString();
			after = Boolean.TRUE.equals(page.at("caseload.pageInfo.hasNextPage"))
					? (String) page.at("caseload.pageInfo.endCursor") : null;
		}
		while (after != null);
		assertThat(pages).contains("{id=" + this.tenant + ", firstName=Fédérée, landlordAccount={reference=HD-F-1}}")
			.doesNotContain(this.stranger.toString());

		// the association sees the hub's file as it would directly, and nothing of the
		// landlord's own records (the partner's own rule)
		Answer association = ask("referent.asso", null, MIXED, Map.of("id", this.tenant.toString()));
		Answer direct = Answer.ask(this.hub.as("referent.asso"),
				MIXED.replace(
						" landlordAccount { reference rentStatus monthsUnpaid maintenanceRequests { subject status } }",
						""),
				Map.of("id", this.tenant.toString()));
		assertThat(association.errors()).isEmpty();
		assertThat(association.at("person.firstName")).isEqualTo("Fédérée");
		assertThat(association.at("person.landlordAccount")).isNull();
		assertThat(association.redactions()).isEqualTo(direct.redactions());

		// the CAF: not involved, the person does not exist — in both subgraphs' parts
		Answer caf = ask("agent.caf", null, MIXED, Map.of("id", this.tenant.toString()));
		Answer wrong = ask("agent.caf", null, MIXED, Map.of("id", UUID.randomUUID().toString()));
		assertThat(caf.map()).isEqualTo(wrong.map())
			.isEqualTo(Map.of("data", java.util.Collections.singletonMap("person", null)));
	}

	@Test
	void throughEntitiesAHiddenPersonIsExactlyAWrongIdAndRedactionsKeepTheClientsPaths() throws Exception {
		Answer accounts = ask("gestion.bailleur", "HOUSING_ALLOCATION", ACCOUNTS, Map.of());
		assertThat(accounts.errors()).as("no error for the person the landlord does not reach").isEmpty();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> listed = (List<Map<String, Object>>) accounts.at("landlordAccounts");
		int tenantIndex = -1;
		for (int i = 0; i < listed.size(); i++) {
			@SuppressWarnings("unchecked")
			Map<String, Object> person = (Map<String, Object>) listed.get(i).get("person");
			if (person.get("id").equals(this.tenant.toString())) {
				tenantIndex = i;
				assertThat(person).containsEntry("firstName", "Fédérée");
			}
			else if (person.get("id").equals(this.stranger.toString())) {
				// the hub's part of a person the landlord does not reach: null, as for an
				// id
				// the hub has never seen
				assertThat(person).containsEntry("firstName", null).containsEntry("phone", null);
			}
		}
		assertThat(tenantIndex).isNotNegative();
		assertThat(accounts.redaction("landlordAccounts." + tenantIndex + ".person.phone"))
			.isEqualTo("CONTACT/NO_CONSENT");
		assertThat(accounts.redactions())
			.allSatisfy((redaction) -> assertThat(redaction.get("path").toString()).doesNotContain("_entities"));

		// the same for an id nobody knows: the landlord records an account on it, then
		// reads
		UUID nobody = UUID.randomUUID();
		ask("gestion.bailleur", "HOUSING_ALLOCATION", RECORD,
				Map.of("person", nobody.toString(), "reference", "HD-F-3"));
		Answer again = ask("gestion.bailleur", "HOUSING_ALLOCATION", ACCOUNTS, Map.of());
		assertThat(again.errors()).isEmpty();
		assertThat(again.map().toString()).contains("{id=" + nobody + ", firstName=null, phone=null}")
			.contains("{id=" + this.stranger + ", firstName=null, phone=null}");
		// asking a non-null field of the hub's (reach): the person is null as a whole,
		// with
		// the same error, for the hidden person as for the unknown id
		Answer reach = ask("gestion.bailleur", "HOUSING_ALLOCATION",
				"{ landlordAccounts { reference person { id reach } } }", Map.of());
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> reached = (List<Map<String, Object>>) reach.at("landlordAccounts");
		List<String> nulled = new ArrayList<>();
		reached.stream()
			.filter((account) -> account.get("person") == null)
			.forEach((account) -> nulled.add((String) account.get("reference")));
		assertThat(nulled).contains("HD-F-2", "HD-F-3").doesNotContain("HD-F-1");
		assertThat(reach.errors()).hasSize(nulled.size())
			.extracting((error) -> error.getMessage() + " " + error.getExtensions())
			.containsOnly(reach.errors().get(0).getMessage() + " " + reach.errors().get(0).getExtensions());
	}

	@Test
	void thePurposeHeaderIsForwardedAndErrorsKeepTheirCodes() throws Exception {
		Answer allocation = ask("gestion.bailleur", "HOUSING_ALLOCATION", MIXED, Map.of("id", this.tenant.toString()));
		assertThat(allocation.at("person.firstName")).isEqualTo("Fédérée");
		// under another purpose the consent does not cover, identity is hidden: the
		// header reached the hub
		Answer prevention = ask("gestion.bailleur", "EVICTION_PREVENTION", MIXED, Map.of("id", this.tenant.toString()));
		assertThat(prevention.at("person.firstName")).isNull();
		assertThat(prevention.redaction("person.firstName")).isEqualTo("IDENTITY/NO_CONSENT");
		assertThat(ask("gestion.bailleur", "NOT_A_PURPOSE", MIXED, Map.of("id", this.tenant.toString())).codes())
			.contains("INVALID_PURPOSE");
		// a purpose the association's role may not act for: the hub's refusal, as asked
		// directly
		List<Object> refused = ask("referent.asso", "STATISTICS", MIXED, Map.of("id", this.tenant.toString())).codes();
		assertThat(refused).isNotEmpty()
			.isEqualTo(Answer.ask(this.hub.as("referent.asso", "STATISTICS"), MIXED.replace(
					" landlordAccount { reference rentStatus monthsUnpaid maintenanceRequests { subject status } }",
					""), Map.of("id", this.tenant.toString()))
				.codes());
		// a hub mutation's refusal and the partner's own, through the gateway
		assertThat(ask("referent.asso", null, "{ caseload(first: 0) { edges { node { id } } } }", Map.of()).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(
				ask("referent.asso", null, RECORD, Map.of("person", this.tenant.toString(), "reference", "X")).codes())
			.containsExactly("FORBIDDEN");
	}

	@Test
	void theGatewayRefusesEarlyWhatTheRolesMayNotAskAndTheHubStillDecides() throws Exception {
		String integrity = "{ accessLogIntegrity { intact } }";
		assertThat(ask("agent.caf", null, integrity, Map.of()).codes()).containsExactly("UNAUTHORIZED_FIELD_OR_TYPE");
		assertThat(ask("dpo", null, integrity, Map.of()).at("accessLogIntegrity.intact")).isEqualTo(true);
		assertThat(ask("referent.asso", null, "{ indicatorDefinitions { id } }", Map.of()).codes())
			.containsExactly("UNAUTHORIZED_FIELD_OR_TYPE");
		// no token: the gateway refuses the authenticated types
		HttpResponse<String> anonymous = post(this.gatewayUrl, "{ me { username } }");
		assertThat(anonymous.body()).contains("UNAUTHORIZED_FIELD_OR_TYPE").doesNotContain("\"username\"");
		// the hub trusts no gateway: asked directly, it refuses the same on its own
		assertThat(Answer.ask(this.hub.as("agent.caf"), integrity, Map.of()).codes()).containsExactly("FORBIDDEN");
		// and shows its schema only to the gateway's service account
		assertThat(Answer.ask(this.hub.as("agent.caf"), "{ _service { sdl } }", Map.of()).codes()).isNotEmpty();
		assertThat(Answer
			.ask(this.hub.withToken(Tokens.clientCredentials("passerelle-gateway", "passerelle-gateway-dev-secret")),
					"{ _service { sdl } }", Map.of())
			.at("_service.sdl")).asString().contains("type Person @authenticated @key(fields : \"id\"");
	}

	private HttpResponse<String> post(String url, String document) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", document))))
			.build();
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

	private Process start(List<String> command, Map<String, String> env) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(GATEWAY.toFile())
			.redirectErrorStream(true)
			.redirectOutput(
					OUT.resolve(Path.of(command.get(command.size() > 1 ? 1 : 0)).getFileName() + ".log").toFile());
		Files.createDirectories(OUT);
		builder.environment().put("KEYCLOAK_ISSUER", this.issuer);
		builder.environment().putAll(env);
		Process process = builder.start();
		this.processes.add(process);
		return process;
	}

	private int run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
		Files.createDirectories(OUT);
		ProcessBuilder builder = new ProcessBuilder(command).directory(GATEWAY.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("KEYCLOAK_ISSUER", this.issuer);
		builder.environment().putAll(env);
		Process process = builder.start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
		return process.exitValue();
	}

	private static void awaitHttp(String url) throws InterruptedException {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
			for (int i = 0; i < 120; i++) {
				try {
					HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
							HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
					if (response.statusCode() < 500) {
						return;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				Thread.sleep(500);
			}
		}
		throw new AssertionError(url + " did not answer within a minute");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

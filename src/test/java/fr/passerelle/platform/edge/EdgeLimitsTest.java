package fr.passerelle.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestKeycloak;
import fr.passerelle.support.Tokens;

/**
 * The limits at the edge, each refusal a GraphQL error with its code, answered before any
 * SQL and changing nothing. The limits are set low here (a context of its own) so that
 * small documents cross them.
 */
@IntegrationTest
@TestPropertySource(properties = { "passerelle.edge.max-request-body=16KB", "passerelle.edge.max-aliases=5",
		"passerelle.edge.max-depth=8", "passerelle.edge.cost.limit=3000",
		"passerelle.edge.cost.roles.PRIVACY_OFFICER=6000", "passerelle.edge.max-result-nodes=400",
		"passerelle.edge.rate-limit.clients.passerelle-test-limited.per-second=1",
		"passerelle.edge.rate-limit.clients.passerelle-test-limited.burst=3",
		"passerelle.edge.trusted-documents.manifests=classpath:trusted-documents-test/*.json",
		"passerelle.edge.trusted-documents.clients=passerelle-test-front" })
class EdgeLimitsTest {

	private static final String ME = "query Me { me { username organization { name } } }";

	private static final String ME_HASH = "562202f7355200be67d468508cfedf767e4193f47e5c80a66c9e5ebf2d2498d4";

	/** Cost 1,110 for a page of 100: three of them cross 3,000. */
	private static final String PAGE = "caseload(first: 100) { edges { node { id firstName lastName birthDate phone "
			+ "email careTeam { id kind } } } }";

	@Autowired
	Partners partners;

	@Autowired
	StatementCounter statements;

	@LocalServerPort
	int port;

	@BeforeAll
	static void clients() {
		TestKeycloak.ensurePublicClient("passerelle-test-limited", null);
		TestKeycloak.ensurePublicClient("passerelle-test-front", null);
	}

	@Test
	void manyAliasesAreRefusedBeforeAnySql() {
		// (a thousand would not pass this test's 16 KB body limit)
		String document = IntStream.range(0, 200)
			.mapToObj((i) -> "c" + i + ": caseload(first: 100) { edges { node { id } } }")
			.collect(Collectors.joining(" ", "{ ", " }"));
		assertRefusedWithoutSql(this.partners.as("referent.asso"), document, "TOO_MANY_ALIASES");
	}

	@Test
	void aQueryCostlierThanTheRolesLimitIsRefusedBeforeAnySql() {
		String three = "{ a: " + PAGE + " b: " + PAGE + " c: " + PAGE + " }";
		assertRefusedWithoutSql(this.partners.as("referent.asso"), three, "QUERY_TOO_COSTLY");
		// the privacy officer's limit is higher: the same document runs (and reaches no
		// one)
		Answer office = Answer.ask(this.partners.as("dpo"), three, Map.of());
		assertThat(office.codes()).doesNotContain("QUERY_TOO_COSTLY");
		// one page is within the limit
		assertThat(Answer.ask(this.partners.as("referent.asso"), "{ " + PAGE.replace("100", "5") + " }", Map.of())
			.errors()).isEmpty();
	}

	@Test
	void aQueryDeeperThanTheLimitIsRefusedAndChangesNothing() {
		UUID person = Fixtures.adult("Profondeur");
		UUID consent = Fixtures.consent(person);
		String nested = "provisions { id ".repeat(8) + "}".repeat(8);
		String document = "mutation { revokeConsent(consentId: \"" + consent + "\", reason: \"deep\") { id " + nested
				+ " } }";
		assertRefusedWithoutSql(this.partners.as("referent.asso"), document, "QUERY_TOO_DEEP");
		assertThat(
				Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE id = ? AND status = 'ACTIVE'", consent))
			.isEqualTo(1);
	}

	@Test
	void aNulCharacterInAnArgumentIsInvalidInputNotAnInternalError() {
		Answer literal = Answer.ask(this.partners.as("referent.asso"),
				"{ searchPersons(name: \"Ka\\u0000rim\") { id } }", Map.of());
		assertThat(literal.codes()).containsExactly("INVALID_INPUT");
		assertThat(literal.errors().get(0).getExtensions()).containsEntry("field", "name");
		long before = this.statements.count();
		Answer variable = Answer.ask(this.partners.as("referent.asso"),
				"query ($name: String!) { searchPersons(name: $name) { id } }", Map.of("name", "Ka\u0000rim"));
		assertThat(variable.codes()).containsExactly("INVALID_INPUT");
		assertThat(this.statements.count()).isEqualTo(before);
		// in a mutation's input too: nothing is written
		Answer input = Answer.ask(this.partners.as("referent.asso"), """
				mutation ($id: ID!) { writeSupportNote(input: {personId: $id, writtenOn: "2026-01-05",
				  body: "note\\u0000"}) { id } }""", Map.of("id", DemoTerritory.KARIM.toString()));
		assertThat(input.codes()).containsExactly("INVALID_INPUT");
		assertThat(input.errors().get(0).getExtensions()).containsEntry("field", "input");
	}

	@Test
	void anAnswerLargerThanTheCapIsNotSent() {
		Answer large = Answer.ask(this.partners.as("referent.asso"),
				"{ caseload(first: 100) { edges { node { id firstName lastName } } } }", Map.of());
		assertThat(large.codes()).containsExactly("RESPONSE_TOO_LARGE");
		assertThat(large.map().get("data")).isNull();
	}

	@Test
	void aBodyLargerThanTheLimitIs413WhetherAnnouncedOrChunked() {
		String padding = "#" + "x".repeat(20_000) + "\n";
		String body = "{\"query\":\"" + padding.replace("\n", "\\n") + "{ me { username } }\"}";
		web().post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("referent.asso"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("REQUEST_TOO_LARGE");
		Flux<DataBuffer> chunks = Flux.range(0, 20)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap(((i == 0) ? "{\"query\":\"#" : "").concat("y".repeat(1000)).getBytes(StandardCharsets.UTF_8)));
		web().post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("referent.asso"))
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
	}

	@Test
	void aClientBeyondItsRateWaitsAsRetryAfterSaysAndOthersGoOn() {
		String token = Tokens.password("passerelle-test-limited", "referent.asso", "demo");
		for (int i = 0; i < 3; i++) {
			post(token, ME).expectStatus().isOk();
		}
		post(token, ME).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds)).isPositive())
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("RATE_LIMITED");
		// another client of the same user is not held back
		post(Tokens.of("referent.asso"), ME).expectStatus().isOk();
	}

	@Test
	void aRestrictedFrontEndRunsOnlyItsTrustedDocuments() {
		HttpGraphQlTester front = this.partners
			.withToken(Tokens.password("passerelle-test-front", "referent.asso", "demo"));
		Answer trusted = Answer.ask(front, ME, Map.of());
		assertThat(trusted.errors()).isEmpty();
		assertThat(trusted.at("me.username")).isEqualTo("referent.asso");
		assertRefusedWithoutSql(front, "{ me { username } }", "DOCUMENT_NOT_TRUSTED");
		// by hash, as Apollo's persisted queries send it
		String byHash = "{\"extensions\":{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + ME_HASH + "\"}}}";
		post(Tokens.password("passerelle-test-front", "referent.asso", "demo"), byHash, true).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data.me.username")
			.isEqualTo("referent.asso");
		String unknown = byHash.replace(ME_HASH, "0".repeat(64));
		post(Tokens.of("referent.asso"), unknown, true).expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("PERSISTED_QUERY_NOT_FOUND");
		// an unrestricted client runs any document
		assertThat(Answer.ask(this.partners.as("referent.asso"), "{ me { username } }", Map.of()).errors()).isEmpty();
	}

	@Test
	void queriesMayBeSentByGetButMutationsNot() {
		web().get()
			.uri((uri) -> uri.path("/graphql").queryParam("query", "{q}").build("{ me { username } }"))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("referent.asso"))
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data.me.username")
			.isEqualTo("referent.asso");
		web().get()
			.uri((uri) -> uri.path("/graphql")
				.queryParam("query", "{q}")
				.build("mutation { revokeDelegation(delegationId: \"x\") { id } }"))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("referent.asso"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "POST");
		// the limits hold on GET too
		web().get()
			.uri((uri) -> uri.path("/graphql").queryParam("query", "{q}").build("{ __schema { queryType { name } } }"))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("referent.asso"))
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("INTROSPECTION_DISABLED");
	}

	@Test
	void refusalsAreCountedByCodeInTheMetrics() {
		Answer.ask(this.partners.as("referent.asso"), "{ a: " + PAGE + " b: " + PAGE + " c: " + PAGE + " }", Map.of());
		web().get()
			.uri("/actuator/metrics/passerelle.graphql.errors?tag=code:QUERY_TOO_COSTLY")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("referent.asso"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.measurements[0].value")
			.value(Double.class, (count) -> assertThat(count).isPositive());
		// and nobody without a token reads them
		web().get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
	}

	private void assertRefusedWithoutSql(HttpGraphQlTester tester, String document, String code) {
		long before = this.statements.count();
		Answer answer = Answer.ask(tester, document, Map.of());
		assertThat(answer.codes()).containsExactly(code);
		assertThat(answer.map().get("data")).isNull();
		assertThat(this.statements.count()).as("statements run for a refused request").isEqualTo(before);
	}

	private WebTestClient.ResponseSpec post(String token, String document) {
		return post(token, "{\"query\":" + quote(document) + "}", true);
	}

	private WebTestClient.ResponseSpec post(String token, String body, boolean raw) {
		return web().post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private WebTestClient web() {
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

}

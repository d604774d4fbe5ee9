package fr.passerelle.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestKeycloak;
import fr.passerelle.support.Tokens;

/**
 * The skeleton's promise, end to end: tokens from the real Keycloak, validated by the hub
 * (signature, issuer, expiry, audience), mapped to a viewer with their organization.
 */
@IntegrationTest
class AuthenticationEndToEndTest {

	private static final String ME = "{\"query\":\"{ me { username } }\"}";

	@LocalServerPort
	int port;

	Partners partners;

	WebTestClient http;

	@BeforeEach
	void clients() {
		this.partners = new Partners(this.port);
		this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void aCaseWorkerOfTheAssociationSeesTheirOrganization() {
		this.partners.as("referent.asso")
			.documentName("me")
			.execute()
			.path("me.username")
			.entity(String.class)
			.isEqualTo("referent.asso")
			.path("me.roles")
			.entityList(String.class)
			.containsExactly("CASE_WORKER")
			.path("me.organization.id")
			.entity(String.class)
			.isEqualTo(DemoOrganizations.ASSOCIATION.id().toString())
			.path("me.organization.name")
			.entity(String.class)
			.isEqualTo("Association Le Relais")
			.path("me.organization.type")
			.entity(String.class)
			.isEqualTo("ASSOCIATION")
			.path("me.organization.territory")
			.entity(String.class)
			.isEqualTo("38");
	}

	@Test
	void aCafAgentSeesTheCaf() {
		this.partners.as("agent.caf")
			.documentName("me")
			.execute()
			.path("me.username")
			.entity(String.class)
			.isEqualTo("agent.caf")
			.path("me.roles")
			.entityList(String.class)
			.containsExactly("AGENT")
			.path("me.organization.id")
			.entity(String.class)
			.isEqualTo(DemoOrganizations.CAF.id().toString())
			.path("me.organization.type")
			.entity(String.class)
			.isEqualTo("CAF");
	}

	@Test
	void theDashboardServiceAccountIsTheMetropolesAnalyst() {
		String token = Tokens.clientCredentials("passerelle-dashboard", "passerelle-dashboard-dev-secret");
		this.partners.withToken(token)
			.documentName("me")
			.execute()
			.path("me.username")
			.entity(String.class)
			.isEqualTo("service-account-passerelle-dashboard")
			.path("me.roles")
			.entityList(String.class)
			.containsExactly("ANALYST")
			.path("me.organization.type")
			.entity(String.class)
			.isEqualTo("METROPOLE");
	}

	@Test
	void noTokenIs401WithAReadableBody() {
		this.http.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ME)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNAUTHORIZED)
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("UNAUTHENTICATED")
			.jsonPath("$.errors[0].extensions.reason")
			.isEqualTo("missing_token")
			.jsonPath("$.data")
			.doesNotExist();
	}

	@Test
	void aTokenWithABrokenSignatureIs401() {
		String token = Tokens.of("referent.asso");
		int signature = token.lastIndexOf('.') + 1;
		char flipped = (token.charAt(signature + 10) == 'A') ? 'B' : 'A';
		String forged = token.substring(0, signature + 10) + flipped + token.substring(signature + 11);
		assertRejected(forged, "invalid_token");
	}

	@Test
	void aTokenWhosePayloadWasEditedIs401() {
		// same signature, another organization in the payload
		String token = Tokens.of("referent.asso");
		String[] parts = token.split("\\.");
		String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace(DemoOrganizations.ASSOCIATION.id().toString(), DemoOrganizations.CAF.id().toString());
		String edited = parts[0] + "."
				+ java.util.Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];
		assertRejected(edited, "invalid_token");
	}

	@Test
	void anExpiredTokenIs401() throws Exception {
		createShortLivedClient();
		String token = Tokens.password("passerelle-short-lived", "referent.asso", "demo");
		long expiry = Tokens.payload(token).get("exp").asLong();
		assertThat(expiry - Tokens.payload(token).get("iat").asLong()).isEqualTo(1);
		while (Instant.now().getEpochSecond() <= expiry + 1) {
			Thread.sleep(250);
		}
		this.http.post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ME)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNAUTHORIZED)
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("UNAUTHENTICATED")
			.jsonPath("$.errors[0].message")
			.value(String.class, (message) -> assertThat(message).containsIgnoringCase("expired"));
	}

	@Test
	void aTokenForAnotherAudienceIs401() {
		String token = Tokens.password("passerelle-other", "referent.asso", "demo");
		assertThat(Tokens.payload(token).path("aud").toString()).doesNotContain("passerelle-hub");
		this.http.post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ME)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNAUTHORIZED)
			.expectBody()
			.jsonPath("$.errors[0].message")
			.value(String.class, (message) -> assertThat(message).contains("aud"));
	}

	@Test
	void healthProbesNeedNoToken() {
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	@Test
	void theSchemaIsAFederationV2Subgraph() {
		this.partners.as("referent.asso")
			.document("{ _service { sdl } }")
			.execute()
			.path("_service.sdl")
			.entity(String.class)
			.satisfies((sdl) -> assertThat(sdl)
				.containsPattern("schema @link\\([^)]*\"https://specs.apollo.dev/federation/v2\\.\\d+\"")
				.containsPattern("type Organization @key\\(fields ?: ?\"id\""));
	}

	@Test
	void organizationsResolveAsFederationEntities() {
		this.partners.as("coord.siao")
			.document("""
					query ($representations: [_Any!]!) {
					  _entities(representations: $representations) { ... on Organization { id name type } }
					}""")
			.variable("representations",
					java.util.List.of(java.util.Map.of("__typename", "Organization", "id",
							DemoOrganizations.SIAO.id().toString())))
			.execute()
			.path("_entities[0].name")
			.entity(String.class)
			.isEqualTo("SIAO de l'Isère");
	}

	private void assertRejected(String token, String reason) {
		this.http.post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ME)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNAUTHORIZED)
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("UNAUTHENTICATED")
			.jsonPath("$.errors[0].extensions.reason")
			.isEqualTo(reason)
			.jsonPath("$.data")
			.doesNotExist();
	}

	/** Through Keycloak's admin API: a client whose access tokens live one second. */
	private static void createShortLivedClient() throws IOException, InterruptedException {
		String definition;
		try (InputStream in = AuthenticationEndToEndTest.class
			.getResourceAsStream("/keycloak-short-lived-client.json")) {
			definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		URI clients = TestKeycloak.get().url().resolve("/admin/realms/" + TestKeycloak.REALM + "/clients");
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(clients)
				.header("Authorization", "Bearer " + Tokens.masterAdmin())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(definition))
				.build(), HttpResponse.BodyHandlers.ofString());
			// 409: created by an earlier run against the same Keycloak
			assertThat(response.statusCode()).as(response.body()).isIn(201, 409);
		}
	}

}

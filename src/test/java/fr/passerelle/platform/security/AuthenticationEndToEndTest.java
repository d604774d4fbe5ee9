package fr.passerelle.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

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
		TestKeycloak.ensurePublicClient("passerelle-short-lived", 1);
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
	void theSchemaIsAFederationV2SubgraphServedToTheGateway() {
		this.partners.withToken(Tokens.clientCredentials("passerelle-gateway", "passerelle-gateway-dev-secret"))
			.document("{ _service { sdl } }")
			.execute()
			.path("_service.sdl")
			.entity(String.class)
			.satisfies((sdl) -> assertThat(sdl)
				.containsPattern("schema @link\\([^)]*\"https://specs.apollo.dev/federation/v2\\.\\d+\"")
				.containsPattern("type Organization @key\\(fields ?: ?\"id\""));
		// a partner's front-end reads neither the SDL nor introspection
		for (String document : List.of("{ _service { sdl } }", "{ __schema { queryType { name } } }",
				"{ __type(name: \"Person\") { name } }")) {
			this.partners.as("referent.asso")
				.document(document)
				.execute()
				.errors()
				.satisfy((errors) -> assertThat(errors).singleElement()
					.satisfies((error) -> assertThat(error.getExtensions()).containsEntry("code",
							"INTROSPECTION_DISABLED")));
		}
		// __typename is no introspection
		this.partners.as("referent.asso")
			.document("{ __typename }")
			.execute()
			.path("__typename")
			.entity(String.class)
			.isEqualTo("Query");
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

}

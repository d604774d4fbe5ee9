package fr.passerelle.platform.security;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the hub's tokens come from.
 *
 * @param url base URL of an external Keycloak ({@code PASSERELLE_KEYCLOAK_URL}); when
 * empty the dev run starts its own on {@code embedded.port}
 * @param realm the realm
 * @param audience the audience every accepted token must carry
 * @param issuer the expected {@code iss}, when it differs from {@code url/realms/realm}
 * (an external hostname in front of Keycloak)
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param keys how the realm's signing keys are fetched and kept
 * @param directory the hub's service account for reading users (delegations)
 * @param embedded the dev run's Keycloak
 */
@ConfigurationProperties("passerelle.keycloak")
public record KeycloakProperties(@Nullable URI url, @DefaultValue("passerelle") String realm,
		@DefaultValue("passerelle-hub") String audience, @Nullable String issuer,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue Keys keys, @DefaultValue Directory directory,
		@DefaultValue Embedded embedded) {

	/**
	 * The Keycloak base URL the hub talks to: the external one, or the embedded one's.
	 */
	public URI baseUrl() {
		return (this.url != null) ? this.url : URI.create("http://localhost:" + this.embedded.port());
	}

	public String realmUrl() {
		return this.baseUrl().toString().replaceAll("/+$", "") + "/realms/" + this.realm;
	}

	public String expectedIssuer() {
		return (this.issuer != null) ? this.issuer : realmUrl();
	}

	public String jwkSetUri() {
		return (this.keys.url() != null) ? this.keys.url().toString() : realmUrl() + "/protocol/openid-connect/certs";
	}

	public String tokenEndpoint() {
		return realmUrl() + "/protocol/openid-connect/token";
	}

	/**
	 * The realm's signing keys (JWKS): kept {@code ttl}, fetched again at most once per
	 * {@code minRefetchInterval} (a token with an unknown key id triggers a fetch), and
	 * while Keycloak does not answer, the last keys fetched serve for
	 * {@code outageTolerance}.
	 *
	 * @param url where to fetch them, when not Keycloak's own URL (a proxy)
	 * @param refreshAhead how long before the end of their time to live the keys are
	 * fetched again in the background (zero: not ahead)
	 */
	public record Keys(@Nullable URI url, @DefaultValue("5m") Duration ttl,
			@DefaultValue("30s") Duration minRefetchInterval, @DefaultValue("24h") Duration outageTolerance,
			@DefaultValue("30s") Duration refreshAhead, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("3s") Duration readTimeout) {
	}

	/**
	 * The confidential client whose service account reads the realm's users
	 * ({@code realm-management/view-users} only).
	 *
	 * @param clientSecret the dev realm's secret by default;
	 * {@code PASSERELLE_KEYCLOAK_DIRECTORY_CLIENT_SECRET} in production
	 */
	public record Directory(@DefaultValue("passerelle-directory") String clientId,
			@DefaultValue("passerelle-directory-dev-secret") String clientSecret) {
	}

	/**
	 * @param home the unpacked {@code keycloak-quarkus-dist} (the build puts it in
	 * .local/)
	 * @param port HTTP port on localhost
	 * @param startupTimeout how long the dev run waits for it before saying so
	 */
	public record Embedded(@DefaultValue(".local/keycloak-26.5.0") Path home, @DefaultValue("8180") int port,
			@DefaultValue("180s") Duration startupTimeout) {
	}

}

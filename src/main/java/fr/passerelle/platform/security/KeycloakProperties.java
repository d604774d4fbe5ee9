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
 * @param embedded the dev run's Keycloak
 */
@ConfigurationProperties("passerelle.keycloak")
public record KeycloakProperties(@Nullable URI url, @DefaultValue("passerelle") String realm,
		@DefaultValue("passerelle-hub") String audience, @Nullable String issuer,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue Embedded embedded) {

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
		return realmUrl() + "/protocol/openid-connect/certs";
	}

	public String tokenEndpoint() {
		return realmUrl() + "/protocol/openid-connect/token";
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

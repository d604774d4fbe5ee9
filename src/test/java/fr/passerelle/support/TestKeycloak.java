package fr.passerelle.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import fr.passerelle.platform.dev.KeycloakLauncher;

/**
 * One real Keycloak for the whole test run, from the Maven Central distribution the build
 * unpacked, with the realm file imported as is. Port 8181 so it does not meet a dev run's
 * Keycloak on 8180.
 */
public final class TestKeycloak {

	private static final JsonMapper json = JsonMapper.builder().build();

	public static final String REALM = "passerelle";

	private static KeycloakLauncher instance;

	private TestKeycloak() {
	}

	/**
	 * Through Keycloak's admin API, a public client of the realm with the demo clients'
	 * mappers (audience, organization), created once per Keycloak: the tests' own clients
	 * (tokens of one second, a front-end restricted to trusted documents, a client with a
	 * low rate limit).
	 * @param tokenLifespan the access tokens' lifespan in seconds, or null for the
	 * realm's
	 */
	public static synchronized void ensurePublicClient(String clientId, @Nullable Integer tokenLifespan) {
		try {
			ObjectNode definition;
			try (InputStream in = TestKeycloak.class.getResourceAsStream("/keycloak-test-client.json")) {
				definition = (ObjectNode) json.readTree(in);
			}
			definition.put("clientId", clientId);
			if (tokenLifespan != null) {
				definition.putObject("attributes").put("access.token.lifespan", tokenLifespan.toString());
			}
			URI clients = get().url().resolve("/admin/realms/" + REALM + "/clients");
			try (HttpClient client = HttpClient.newHttpClient()) {
				HttpResponse<String> response = client.send(HttpRequest.newBuilder(clients)
					.header("Authorization", "Bearer " + Tokens.masterAdmin())
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(definition)))
					.build(), HttpResponse.BodyHandlers.ofString());
				// 409: created by an earlier test against the same Keycloak
				if (response.statusCode() != 201 && response.statusCode() != 409) {
					throw new IllegalStateException("Could not create client " + clientId + ": " + response.body());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Through Keycloak's admin API, a user of the realm (password {@code demo}) whose
	 * {@code org} attributes name this organization, with this realm role: as an
	 * administrator adds a partner's user. Created once per Keycloak.
	 */
	public static synchronized void ensureUser(String username, UUID organization, String type, String territory,
			String role) {
		try (HttpClient client = HttpClient.newHttpClient()) {
			String admin = "Bearer " + Tokens.masterAdmin();
			URI users = get().url().resolve("/admin/realms/" + REALM + "/users");
			ObjectNode user = json.createObjectNode()
				.put("username", username)
				.put("enabled", true)
				.put("emailVerified", true)
				.put("firstName", "Test")
				.put("lastName", "Directory")
				.put("email", username + "@test.passerelle.test");
			ObjectNode attributes = user.putObject("attributes");
			attributes.putArray("org_id").add(organization.toString());
			attributes.putArray("org_type").add(type);
			attributes.putArray("org_territory").add(territory);
			user.putArray("credentials")
				.addObject()
				.put("type", "password")
				.put("value", "demo")
				.put("temporary", false);
			HttpResponse<String> created = client.send(HttpRequest.newBuilder(users)
				.header("Authorization", admin)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(user)))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (created.statusCode() == 409) {
				return;
			}
			if (created.statusCode() != 201) {
				throw new IllegalStateException("Could not create user " + username + ": " + created.body());
			}
			URI location = URI.create(created.headers().firstValue("Location").orElseThrow());
			String representation = client
				.send(HttpRequest.newBuilder(get().url().resolve("/admin/realms/" + REALM + "/roles/" + role))
					.header("Authorization", admin)
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			HttpResponse<String> mapped = client
				.send(HttpRequest.newBuilder(URI.create(location + "/role-mappings/realm"))
					.header("Authorization", admin)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("[" + representation + "]"))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (mapped.statusCode() != 204) {
				throw new IllegalStateException("Could not give " + role + " to " + username + ": " + mapped.body());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static synchronized KeycloakLauncher get() {
		if (instance == null) {
			Path home = Path.of(System.getProperty("passerelle.keycloak.embedded.home", ".local/keycloak-26.5.0"));
			int port = Integer.getInteger("passerelle.test.keycloak-port", 8181);
			KeycloakLauncher launcher = KeycloakLauncher.start(home, port, REALM,
					Path.of("target", "keycloak-test.log"));
			Runtime.getRuntime().addShutdownHook(new Thread(launcher::close));
			launcher.awaitReady(Duration.ofMinutes(4));
			instance = launcher;
		}
		return instance;
	}

}

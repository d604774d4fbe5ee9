package fr.passerelle.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real access tokens from the test Keycloak, by password grant for the demo users
 * (password {@code demo}) and by client credentials for the dashboard client. Cached per
 * user, renewed before Keycloak's 5 minutes run out.
 */
public final class Tokens {

	public static final String DEMO_CLIENT = "passerelle-demo";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<String, String> cache = new ConcurrentHashMap<>();

	private Tokens() {
	}

	/**
	 * An access token for a demo user through the {@code passerelle-demo} client: the one
	 * cached, or a new one when it expires within a minute (the suite runs longer than a
	 * token's 5 minutes).
	 */
	public static String of(String username) {
		return cache.compute(username,
				(user, cached) -> (cached != null
						&& payload(cached).path("exp").asLong() > Instant.now().plusSeconds(60).getEpochSecond())
								? cached : password(DEMO_CLIENT, user, "demo"));
	}

	public static String password(String clientId, String username, String password) {
		return request("passerelle",
				Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password));
	}

	public static String clientCredentials(String clientId, String secret) {
		return request("passerelle",
				Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
	}

	/** A token of the master realm's administrator, for the Keycloak admin API. */
	public static String masterAdmin() {
		return request("master",
				Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
	}

	/** The decoded payload of a JWT, for assertions on claims. */
	public static JsonNode payload(String token) {
		String payload = token.split("\\.")[1];
		return json.readTree(java.util.Base64.getUrlDecoder().decode(payload));
	}

	private static String request(String realm, Map<String, String> form) {
		URI endpoint = TestKeycloak.get().url().resolve("/realms/" + realm + "/protocol/openid-connect/token");
		String body = new LinkedHashMap<>(form).entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"Token request failed (" + response.statusCode() + "): " + response.body());
			}
			return json.readTree(response.body()).get("access_token").asString();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Keycloak did not answer at " + endpoint, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

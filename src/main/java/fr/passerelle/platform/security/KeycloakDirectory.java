package fr.passerelle.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.UserDirectory;

/**
 * Keycloak as the directory of users, read through its admin API with the hub's own
 * service account ({@code passerelle.keycloak.directory}: a confidential client whose
 * service account holds {@code realm-management/view-users} only). A user's organization
 * is the {@code org_id} attribute the tokens carry as {@code org.id}.
 */
@Component
class KeycloakDirectory implements UserDirectory {

	private static final Logger logger = LoggerFactory.getLogger(KeycloakDirectory.class);

	private final KeycloakProperties keycloak;

	private final RestClient http;

	private @Nullable String token;

	private Instant tokenExpiry = Instant.EPOCH;

	KeycloakDirectory(KeycloakProperties keycloak) {
		this.keycloak = keycloak;
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(keycloak.keys().connectTimeout());
		requests.setReadTimeout(keycloak.keys().readTimeout());
		this.http = RestClient.builder().requestFactory(requests).build();
	}

	@Override
	public Optional<UUID> organizationOf(String username) {
		try {
			List<?> users = this.http.get()
				.uri(this.keycloak.baseUrl().toString().replaceAll("/+$", "")
						+ "/admin/realms/{realm}/users?username={username}&exact=true&briefRepresentation=false",
						this.keycloak.realm(), username)
				.header("Authorization", "Bearer " + token())
				.accept(MediaType.APPLICATION_JSON)
				.retrieve()
				.body(List.class);
			if (users == null || users.size() != 1 || !(users.get(0) instanceof Map<?, ?> user)
					|| !(user.get("attributes") instanceof Map<?, ?> attributes)
					|| !(attributes.get("org_id") instanceof List<?> ids) || ids.size() != 1) {
				return Optional.empty();
			}
			return Optional.ofNullable(PersonIds.parseOrNull(String.valueOf(ids.get(0))));
		}
		catch (RestClientException ex) {
			logger.warn("The user directory (Keycloak's admin API) did not answer ({})", ex.getClass().getSimpleName());
			throw new AccessException(ErrorCode.UNAVAILABLE,
					"The user directory does not answer now: nothing was changed; try again later");
		}
	}

	/** The service account's access token, asked again shortly before it expires. */
	private synchronized String token() {
		if (this.token == null || Instant.now().isAfter(this.tokenExpiry)) {
			KeycloakProperties.Directory directory = this.keycloak.directory();
			LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("grant_type", "client_credentials");
			form.add("client_id", directory.clientId());
			form.add("client_secret", directory.clientSecret());
			Map<?, ?> answer = this.http.post()
				.uri(this.keycloak.tokenEndpoint())
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.body(Map.class);
			if (answer == null || !(answer.get("access_token") instanceof String issued)) {
				throw new RestClientException("no access token for the directory's service account");
			}
			long lifetime = (answer.get("expires_in") instanceof Number seconds) ? seconds.longValue() : 60;
			this.token = issued;
			this.tokenExpiry = Instant.now().plus(Duration.ofSeconds(Math.max(lifetime - 30, 5)));
		}
		return this.token;
	}

}

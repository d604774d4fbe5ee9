package fr.passerelle.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;

import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;

class ViewerAuthenticationConverterTest {

	private final ViewerAuthenticationConverter converter = new ViewerAuthenticationConverter();

	@Test
	void mapsUserOrganizationAndKnownRealmRoles() {
		UUID organization = UUID.randomUUID();
		Viewer viewer = this.converter
			.convert(token(Map.of("id", organization.toString(), "type", "LANDLORD", "territory", "38"),
					List.of("agent", "default-roles-passerelle", "offline_access")))
			.getPrincipal();
		assertThat(viewer.username()).isEqualTo("gestion.bailleur");
		assertThat(viewer.organization())
			.isEqualTo(new Viewer.ViewerOrganization(organization, OrganizationType.LANDLORD, "38"));
		assertThat(viewer.roles()).containsExactly(Role.AGENT);
	}

	@Test
	void aTokenWithoutOrganizationGivesAViewerWithoutOne() {
		Viewer viewer = this.converter.convert(token(null, List.of("case-worker"))).getPrincipal();
		assertThat(viewer.organization()).isNull();
	}

	@Test
	void aMalformedOrganizationClaimIsRejectedNotGuessed() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.converter
			.convert(token(Map.of("id", "not-a-uuid", "type", "CAF", "territory", "38"), List.of("agent"))));
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.converter.convert(token(
				Map.of("id", UUID.randomUUID().toString(), "type", "BANK", "territory", "38"), List.of("agent"))));
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.converter.convert(token(
				Map.of("id", UUID.randomUUID().toString(), "type", "CAF", "territory", "Isère"), List.of("agent"))));
	}

	private static Jwt token(Map<String, Object> organization, List<String> roles) {
		Jwt.Builder builder = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject(UUID.randomUUID().toString())
			.claim("preferred_username", "gestion.bailleur")
			.claim("realm_access", Map.of("roles", roles))
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300));
		if (organization != null) {
			builder.claim("org", organization);
		}
		return builder.build();
	}

}

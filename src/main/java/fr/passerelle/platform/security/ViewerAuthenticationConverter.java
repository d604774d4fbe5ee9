package fr.passerelle.platform.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;

import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;

/**
 * Maps a validated Keycloak access token to the {@link Viewer}:
 * {@code preferred_username}, the {@code org} claim ({@code id}, {@code type},
 * {@code territory}, from user attributes) and the realm roles. A token whose {@code org}
 * claim is present but malformed is rejected: the hub does not guess who is asking.
 */
final class ViewerAuthenticationConverter implements Converter<Jwt, ViewerAuthentication> {

	static final String ORGANIZATION_CLAIM = "org";

	@Override
	public ViewerAuthentication convert(Jwt jwt) {
		String username = jwt.getClaimAsString("preferred_username");
		if (username == null || username.isBlank()) {
			throw invalid("the token has no preferred_username");
		}
		Set<Role> roles = new LinkedHashSet<>();
		Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
		if (realmAccess != null && realmAccess.get("roles") instanceof Collection<?> realmRoles) {
			realmRoles.forEach((role) -> Role.fromRealmRole(String.valueOf(role)).ifPresent(roles::add));
		}
		Viewer viewer = new Viewer(jwt.getSubject(), username, organization(jwt), roles);
		List<GrantedAuthority> authorities = roles.stream()
			.<GrantedAuthority>map((role) -> new SimpleGrantedAuthority("ROLE_" + role.name()))
			.toList();
		return new ViewerAuthentication(viewer, jwt, authorities);
	}

	private static Viewer.@Nullable ViewerOrganization organization(Jwt jwt) {
		Map<String, Object> claim = jwt.getClaimAsMap(ORGANIZATION_CLAIM);
		if (claim == null) {
			return null;
		}
		try {
			UUID id = UUID.fromString(String.valueOf(claim.get("id")));
			OrganizationType type = OrganizationType.valueOf(String.valueOf(claim.get("type")));
			String territory = String.valueOf(claim.get("territory"));
			if (!territory.matches("2A|2B|[0-9]{2}|97[1-6]")) {
				throw invalid("the token's organization territory is not a département code");
			}
			return new Viewer.ViewerOrganization(id, type, territory);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("the token's organization claim is malformed");
		}
	}

	private static OAuth2AuthenticationException invalid(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}

package fr.passerelle.platform.security;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import fr.passerelle.access.Viewer;

/**
 * An authenticated request: the {@link Viewer} is the principal, the token the
 * credentials.
 */
final class ViewerAuthentication extends AbstractAuthenticationToken {

	private final Viewer viewer;

	private final Jwt token;

	ViewerAuthentication(Viewer viewer, Jwt token, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.viewer = viewer;
		this.token = token;
		setAuthenticated(true);
	}

	@Override
	public Viewer getPrincipal() {
		return this.viewer;
	}

	@Override
	public Jwt getCredentials() {
		return this.token;
	}

	@Override
	public String getName() {
		return this.viewer.username();
	}

}

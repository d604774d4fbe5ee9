package fr.passerelle.access;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who is asking, as the Keycloak token says: the user, their organization and their
 * roles. Built once per request from a validated token; the access decision trusts
 * nothing else.
 *
 * @param userId the token's subject
 * @param username the user's login ({@code preferred_username})
 * @param organization the user's organization, or {@code null} for a token that names
 * none (such a viewer reaches no personal data)
 * @param roles the realm roles the hub knows
 */
public record Viewer(String userId, String username, @Nullable ViewerOrganization organization, Set<Role> roles) {

	public Viewer {
		roles = Set.copyOf(roles);
	}

	public boolean hasRole(Role role) {
		return this.roles.contains(role);
	}

	/**
	 * Whether the viewer sees aggregates only: an analyst (a person or a dashboard's
	 * service account) with no role that works on persons' files. For every personal path
	 * such a viewer is one without organization: it reaches no one, writes nothing and
	 * receives no delegation.
	 */
	public boolean aggregatesOnly() {
		return this.roles.contains(Role.ANALYST) && this.roles.stream().allMatch(Role.ANALYST::equals);
	}

	/** The same viewer, as one whose token names no organization. */
	public Viewer withoutOrganization() {
		return new Viewer(this.userId, this.username, null, this.roles);
	}

	/**
	 * The organization claims of the token: id, type and territory (INSEE département
	 * code).
	 */
	public record ViewerOrganization(UUID id, OrganizationType type, String territory) {
	}

}

package fr.passerelle.access;

import java.util.Optional;

/**
 * A viewer's role on the platform, carried as a Keycloak realm role ({@code case-worker},
 * {@code privacy-officer}, ...). Realm roles the hub does not know are ignored.
 */
public enum Role {

	CASE_WORKER, COORDINATOR, AGENT, ANALYST, PRIVACY_OFFICER, ADMIN, EMERGENCY_ACCESS;

	/** The Keycloak realm role name, e.g. {@code case-worker}. */
	public String realmRole() {
		return name().toLowerCase().replace('_', '-');
	}

	public static Optional<Role> fromRealmRole(String realmRole) {
		for (Role role : values()) {
			if (role.realmRole().equals(realmRole)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}

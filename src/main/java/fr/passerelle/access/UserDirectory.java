package fr.passerelle.access;

import java.util.Optional;
import java.util.UUID;

/**
 * The platform's users, as the identity provider knows them: the hub knows a user only
 * from their token, so to name another user (a delegation's colleague) it asks here.
 */
public interface UserDirectory {

	/**
	 * The organization of the user with this username, if there is one.
	 * @throws AccessException {@code UNAVAILABLE} when the directory does not answer
	 */
	Optional<UUID> organizationOf(String username);

}

package fr.passerelle.access;

import java.util.Optional;
import java.util.UUID;

/**
 * The partner directory as the access decision reads it (an organization module's
 * repository answers): the decision names organizations, the directory describes them.
 */
public interface OrganizationDirectory {

	Optional<Organization> byId(UUID id);

}

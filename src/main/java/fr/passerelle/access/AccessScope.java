package fr.passerelle.access;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What row-level security needs to know of the viewer, set transaction-locally in every
 * transaction that touches person-linked tables.
 *
 * @param privacyOffice only for the privacy officer's review operations: every row is
 * visible
 */
public record AccessScope(@Nullable UUID organizationId, String userId, Set<UUID> emergencyPersons,
		boolean privacyOffice) {

	public AccessScope {
		emergencyPersons = Set.copyOf(emergencyPersons);
	}

}

package fr.passerelle.organization;

import java.util.UUID;

/**
 * A partner of the platform.
 *
 * @param territory INSEE département code, e.g. {@code 38}
 * @param sensitive whether the mere fact that a person is followed there is sensitive
 * data (a domestic-violence shelter, an addiction or psychiatric service)
 */
public record Organization(UUID id, String name, OrganizationType type, String territory, boolean sensitive) {
}

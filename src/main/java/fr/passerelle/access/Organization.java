package fr.passerelle.access;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;

/**
 * A partner of the platform.
 *
 * @param territory INSEE département code, e.g. {@code 38}
 * @param sensitiveCategory for a sensitive organization (a domestic-violence shelter, an
 * addiction or psychiatric service), the category that the mere fact of being followed
 * there belongs to ({@code HEALTH}, {@code VIOLENCE}); {@code null} otherwise
 */
public record Organization(UUID id, String name, OrganizationType type, String territory,
		@Nullable DataCategory sensitiveCategory) {

	public boolean sensitive() {
		return this.sensitiveCategory != null;
	}

}

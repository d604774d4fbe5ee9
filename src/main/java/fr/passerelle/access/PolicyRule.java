package fr.passerelle.access;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One cell of the policy matrix.
 *
 * @param delegationId when the role was lent to the viewer by a delegation, that
 * delegation
 */
public record PolicyRule(OrganizationType organizationType, Role role, DataCategory category, Purpose purpose,
		Effect effect, @Nullable UUID delegationId) {
}

package fr.passerelle.access;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The decision for one category of one person's file: permitted or not, why, and what
 * decided it (the policy rule, or the consent provision).
 *
 * @param cap what the policy matrix allows the viewer's role for this purpose
 * @param rule the policy rule that set the cap ({@code null} when no rule exists: DENY)
 * @param consentId the consent whose provision decided, if one did
 * @param provisionId that provision
 */
public record Decision(DataCategory category, Reason reason, Effect cap, @Nullable PolicyRule rule,
		@Nullable UUID consentId, @Nullable UUID provisionId) {

	public boolean permitted() {
		return this.reason.permits();
	}

	/** The delegation that lent the role of the deciding rule, if one did. */
	public @Nullable UUID delegationId() {
		return (this.rule != null) ? this.rule.delegationId() : null;
	}

}

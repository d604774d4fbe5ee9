package fr.passerelle.access;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The policy matrix as it stands for one request: the rules of the viewer's organization
 * type for the viewer's roles (own and delegated), read once per request so a change
 * applies from the next request on.
 */
public final class PolicySnapshot {

	private final OrganizationType type;

	private final Map<Purpose, Map<DataCategory, Cap>> caps = new EnumMap<>(Purpose.class);

	private final Set<Purpose> defaults = EnumSet.noneOf(Purpose.class);

	PolicySnapshot(OrganizationType type, List<PolicyRule> rules, Set<Purpose> defaultPurposes) {
		this.type = type;
		this.defaults.addAll(defaultPurposes);
		for (PolicyRule rule : rules) {
			Map<DataCategory, Cap> forPurpose = this.caps.computeIfAbsent(rule.purpose(),
					(purpose) -> new EnumMap<>(DataCategory.class));
			Cap current = forPurpose.get(rule.category());
			if (current == null || rule.effect().compareTo(current.effect()) > 0
					|| (rule.effect() == current.effect() && current.rule() != null
							&& current.rule().delegationId() != null && rule.delegationId() == null)) {
				forPurpose.put(rule.category(), new Cap(rule.effect(), rule));
			}
		}
	}

	/**
	 * The most the viewer's roles allow for this category and purpose (DENY when no
	 * rule).
	 */
	public Cap cap(DataCategory category, Purpose purpose) {
		Cap cap = this.caps.getOrDefault(purpose, Map.of()).get(category);
		return (cap != null) ? cap : new Cap(Effect.DENY, null);
	}

	/**
	 * A purpose is usable if it is a default purpose of a role, or some rule allows
	 * something for it.
	 */
	public boolean allows(Purpose purpose) {
		return this.defaults.contains(purpose) || this.caps.getOrDefault(purpose, Map.of())
			.values()
			.stream()
			.anyMatch((cap) -> cap.effect() != Effect.DENY);
	}

	OrganizationType type() {
		return this.type;
	}

	/**
	 * @param rule the rule that set it; {@code null} for the implicit DENY of a missing
	 * rule
	 */
	public record Cap(Effect effect, @Nullable PolicyRule rule) {

		@Nullable UUID delegationId() {
			return (this.rule != null) ? this.rule.delegationId() : null;
		}

	}

}

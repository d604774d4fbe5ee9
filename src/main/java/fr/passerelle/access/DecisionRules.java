package fr.passerelle.access;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Viewer.ViewerOrganization;

/**
 * Steps 2 to 4 of the access decision for one category of one person (step 1, reach, is
 * made before): the policy cap, then consent.
 *
 * <ol>
 * <li>cap {@code DENY}: refused;</li>
 * <li>cap {@code MISSION} on a non-sensitive category: permitted, consent or not;</li>
 * <li>otherwise the person's active provisions for this category, purpose and recipient
 * decide. The most specific provision wins: recipient named > recipient's type >
 * everyone; then the deeper (a nested provision refines its parent); at equal rank a deny
 * beats a permit. For a sensitive category only a permit naming the organization itself
 * counts, whatever the cap.</li>
 * </ol>
 * Pure: no I/O, so one batch's decisions cost no SQL beyond the statement that read the
 * facts.
 */
final class DecisionRules {

	private DecisionRules() {
	}

	static Decision decide(DataCategory category, Purpose purpose, PolicySnapshot.Cap cap,
			ViewerOrganization organization, List<Provision> provisions, LocalDate today) {
		if (cap.effect() == Effect.DENY) {
			return new Decision(category, Reason.POLICY, Effect.DENY, cap.rule(), null, null);
		}
		if (cap.effect() == Effect.MISSION && !category.isSensitive()) {
			return new Decision(category, Reason.MISSION, Effect.MISSION, cap.rule(), null, null);
		}
		Map<UUID, Provision> byId = new HashMap<>();
		provisions.forEach((provision) -> byId.put(provision.id(), provision));
		Optional<Ranked> winner = provisions.stream()
			.filter((p) -> p.categories().contains(category) && p.purposes().contains(purpose))
			.filter((p) -> activeWithAncestors(p, byId, today))
			.map((p) -> new Ranked(p, level(p, organization), depth(p, byId)))
			.filter((ranked) -> ranked.level() != Level.NOT_FOR_VIEWER)
			.filter((ranked) -> !ranked.provision().permit() || !category.isSensitive()
					|| ranked.level() == Level.ORGANIZATION)
			.min(Comparator.comparing(Ranked::level)
				.thenComparing(Comparator.comparingInt(Ranked::depth).reversed())
				.thenComparing((ranked) -> ranked.provision().permit()));
		if (winner.isEmpty()) {
			Reason reason = category.isSensitive() ? Reason.SENSITIVE_NEEDS_NAMED_CONSENT : Reason.NO_CONSENT;
			return new Decision(category, reason, cap.effect(), cap.rule(), null, null);
		}
		Provision decisive = winner.get().provision();
		return new Decision(category, decisive.permit() ? Reason.CONSENT : Reason.CONSENT_REFUSED, cap.effect(),
				cap.rule(), decisive.consentId(), decisive.id());
	}

	private enum Level {

		ORGANIZATION, TYPE, EVERYONE, NOT_FOR_VIEWER

	}

	private record Ranked(Provision provision, Level level, int depth) {
	}

	private static Level level(Provision provision, ViewerOrganization organization) {
		if (provision.recipientOrganization() != null) {
			return provision.recipientOrganization().equals(organization.id()) ? Level.ORGANIZATION
					: Level.NOT_FOR_VIEWER;
		}
		if (provision.recipientType() != null) {
			return (provision.recipientType() == organization.type()) ? Level.TYPE : Level.NOT_FOR_VIEWER;
		}
		return Level.EVERYONE;
	}

	private static boolean activeWithAncestors(Provision provision, Map<UUID, Provision> byId, LocalDate today) {
		for (Provision p = provision; p != null; p = parent(p, byId)) {
			if (!p.activeOn(today)) {
				return false;
			}
		}
		return true;
	}

	private static int depth(Provision provision, Map<UUID, Provision> byId) {
		int depth = 0;
		for (Provision p = parent(provision, byId); p != null && depth < 32; p = parent(p, byId)) {
			depth++;
		}
		return depth;
	}

	private static @Nullable Provision parent(Provision provision, Map<UUID, Provision> byId) {
		return (provision.parentId() != null) ? byId.get(provision.parentId()) : null;
	}

}

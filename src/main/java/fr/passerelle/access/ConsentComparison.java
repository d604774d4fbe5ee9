package fr.passerelle.access;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Whether a change to a person's consents would let anyone read more than before: the
 * consent step of the decision ({@link DecisionRules}) asked for every category, purpose
 * and recipient, on every day from today where a period starts or ends, with the person's
 * provisions before and after the change. The recipients are every organization a
 * provision names, and for each organization type one that none names. A narrowing is
 * such a change that answers no.
 */
public final class ConsentComparison {

	private ConsentComparison() {
	}

	/**
	 * @param before the provisions of the person's consents not ended before today, as
	 * they are (a root's period within its consent's)
	 * @param after the same with the change made
	 * @param named the type of each organization a provision names
	 * @return whether some recipient would be permitted, on some day from today, a
	 * category for a purpose that it was not before
	 */
	public static boolean sharesMore(List<Provision> before, List<Provision> after, Map<UUID, OrganizationType> named,
			LocalDate today) {
		List<Viewer.ViewerOrganization> recipients = new ArrayList<>();
		named.forEach((id, type) -> recipients.add(new Viewer.ViewerOrganization(id, type, "")));
		for (OrganizationType type : OrganizationType.values()) {
			recipients.add(new Viewer.ViewerOrganization(UUID.randomUUID(), type, ""));
		}
		TreeSet<LocalDate> days = new TreeSet<>();
		days.add(today);
		for (List<Provision> provisions : List.of(before, after)) {
			for (Provision provision : provisions) {
				if (provision.start() != null && provision.start().isAfter(today)) {
					days.add(provision.start());
				}
				if (provision.end() != null && !provision.end().isBefore(today)) {
					days.add(provision.end().plusDays(1));
				}
			}
		}
		PolicySnapshot.Cap cap = new PolicySnapshot.Cap(Effect.CONSENT_REQUIRED, null);
		for (LocalDate day : days) {
			for (Viewer.ViewerOrganization recipient : recipients) {
				for (DataCategory category : DataCategory.values()) {
					for (Purpose purpose : Purpose.values()) {
						if (permits(DecisionRules.decide(category, purpose, cap, recipient, after, day))
								&& !permits(DecisionRules.decide(category, purpose, cap, recipient, before, day))) {
							return true;
						}
					}
				}
			}
		}
		return false;
	}

	private static boolean permits(Decision decision) {
		return decision.reason() == Reason.CONSENT;
	}

}

package fr.passerelle.consent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.ConsentComparison;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.Provision;
import fr.passerelle.access.Purpose;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.ProvisionType;

/**
 * A consent's new version, from the old one and what changes with the person: narrowed
 * (permits removed or narrowed, periods shortened) or copied as it was (renewed). Only
 * what the reader may see is changed; every check is made before anything is written.
 */
final class ConsentChanges {

	private ConsentChanges() {
	}

	/**
	 * The narrowed version's provisions (new ids, children after their parent).
	 * @param whole the consent as recorded
	 * @param visible the provisions the reader sees in it
	 */
	static List<Consents.NewProvision> narrow(ConsentView whole, Set<UUID> visible, NarrowConsentInput input,
			LocalDate today) {
		Map<UUID, ConsentView.ProvisionView> byId = new HashMap<>();
		index(whole.provisions(), byId);
		Set<UUID> named = new HashSet<>();
		Set<UUID> removed = new HashSet<>();
		List<String> removeIds = (input.removeProvisions() != null) ? input.removeProvisions() : List.of();
		for (int i = 0; i < removeIds.size(); i++) {
			String path = "input.removeProvisions[" + i + "]";
			ConsentView.ProvisionView provision = permit(removeIds.get(i), path, byId, visible, named);
			removable(provision, visible, path);
			removed.add(provision.id());
		}
		Map<UUID, ConsentView.ProvisionView> narrowed = new HashMap<>();
		List<ProvisionNarrowingInput> changes = (input.provisions() != null) ? input.provisions() : List.of();
		for (int i = 0; i < changes.size(); i++) {
			String path = "input.provisions[" + i + "]";
			ProvisionNarrowingInput change = changes.get(i);
			ConsentView.ProvisionView provision = permit(change.provisionId(), path + ".provisionId", byId, visible,
					named);
			ConsentView.ProvisionView result = narrowed(provision, change, path, today);
			if (result == null) {
				removable(provision, visible, path + ".provisionId");
				removed.add(provision.id());
			}
			else {
				narrowed.put(provision.id(), result);
			}
		}
		if (input.periodEnd() != null) {
			shortened(whole.periodStart(), whole.periodEnd(), input.periodEnd(), today, "input.periodEnd");
		}
		if (removed.isEmpty() && narrowed.isEmpty() && input.periodEnd() == null) {
			throw AccessException.invalid("input",
					"Nothing to narrow: name provisions to remove or narrow, or an earlier periodEnd");
		}
		List<Consents.NewProvision> out = new ArrayList<>();
		copy(whole.provisions(), null, removed, narrowed, out);
		return out;
	}

	/** The provisions as they are, under new ids (a renewal without new provisions). */
	static List<Consents.NewProvision> copy(List<ConsentView.ProvisionView> provisions) {
		List<Consents.NewProvision> out = new ArrayList<>();
		copy(provisions, null, Set.of(), Map.of(), out);
		return out;
	}

	/**
	 * Whether the new version would let anyone read more than the person's consents let
	 * them before, given the person's other consents (a refusal elsewhere may be what
	 * decides): see {@link ConsentComparison}.
	 * @param consents all the person's consents, as recorded
	 */
	static boolean sharesMore(List<ConsentView> consents, UUID replaced, UUID replacement, LocalDate periodStart,
			@Nullable LocalDate periodEnd, List<Consents.NewProvision> provisions, LocalDate today) {
		List<Provision> before = new ArrayList<>();
		List<Provision> after = new ArrayList<>();
		Map<UUID, OrganizationType> named = new HashMap<>();
		for (ConsentView consent : consents) {
			if (consent.status() != ConsentStatus.ACTIVE
					|| (consent.periodEnd() != null && consent.periodEnd().isBefore(today))) {
				continue;
			}
			List<Provision> pool = pool(consent, named);
			before.addAll(pool);
			if (!consent.id().equals(replaced)) {
				after.addAll(pool);
			}
		}
		for (Consents.NewProvision p : provisions) {
			LocalDate start = p.start();
			LocalDate end = p.end();
			if (p.parentId() == null) {
				start = later(start, periodStart);
				end = earlier(end, periodEnd);
			}
			after.add(new Provision(replacement, p.id(), p.parentId(), p.type() == ProvisionType.PERMIT,
					Set.copyOf(p.categories()), p.recipientOrganization(), p.recipientType(), Set.copyOf(p.purposes()),
					start, end));
		}
		return ConsentComparison.sharesMore(before, after, named, today);
	}

	/** A consent's provisions as the decision reads them, roots within its period. */
	private static List<Provision> pool(ConsentView consent, Map<UUID, OrganizationType> named) {
		List<Provision> out = new ArrayList<>();
		pool(consent, consent.provisions(), null, out, named);
		return out;
	}

	private static void pool(ConsentView consent, List<ConsentView.ProvisionView> level, @Nullable UUID parent,
			List<Provision> out, Map<UUID, OrganizationType> named) {
		for (ConsentView.ProvisionView p : level) {
			LocalDate start = p.periodStart();
			LocalDate end = p.periodEnd();
			if (parent == null) {
				start = later(start, consent.periodStart());
				end = earlier(end, consent.periodEnd());
			}
			if (p.recipientOrganization() != null) {
				named.put(p.recipientOrganization().id(), p.recipientOrganization().type());
			}
			out.add(new Provision(consent.id(), p.id(), parent, p.type() == ProvisionType.PERMIT,
					Set.copyOf(p.categories()),
					(p.recipientOrganization() != null) ? p.recipientOrganization().id() : null,
					p.recipientOrganizationType(), Set.copyOf(p.purposes()), start, end));
			pool(consent, p.provisions(), p.id(), out, named);
		}
	}

	private static @Nullable LocalDate later(@Nullable LocalDate a, @Nullable LocalDate b) {
		return (a == null) ? b : (b == null || a.isAfter(b)) ? a : b;
	}

	private static @Nullable LocalDate earlier(@Nullable LocalDate a, @Nullable LocalDate b) {
		return (a == null) ? b : (b == null || a.isBefore(b)) ? a : b;
	}

	private static void index(List<ConsentView.ProvisionView> provisions, Map<UUID, ConsentView.ProvisionView> byId) {
		for (ConsentView.ProvisionView provision : provisions) {
			byId.put(provision.id(), provision);
			index(provision.provisions(), byId);
		}
	}

	/**
	 * The permit named, if the reader sees it, named once; a provision they may not see
	 * and an unknown id get the same answer.
	 */
	private static ConsentView.ProvisionView permit(String id, String path, Map<UUID, ConsentView.ProvisionView> byId,
			Set<UUID> visible, Set<UUID> named) {
		UUID parsed = PersonIds.parseOrNull(id);
		ConsentView.ProvisionView provision = (parsed != null && visible.contains(parsed)) ? byId.get(parsed) : null;
		if (provision == null) {
			throw AccessException.invalid(path, "No provision with this id in this consent");
		}
		if (!named.add(provision.id())) {
			throw AccessException.invalid(path, "This provision is named twice");
		}
		if (provision.type() == ProvisionType.DENY) {
			throw AccessException.invalid(path, "A refusal (DENY) is kept when narrowing: lifting it shares more,"
					+ " which needs the person's consent again (extendConsent)");
		}
		return provision;
	}

	/**
	 * A permit is removed with its refinements: all of them must be the reader's to see.
	 */
	private static void removable(ConsentView.ProvisionView provision, Set<UUID> visible, String path) {
		for (ConsentView.ProvisionView child : provision.provisions()) {
			if (!visible.contains(child.id())) {
				throw AccessException.invalid(path,
						"A provision you may not see refines this one: it can only be narrowed, not removed");
			}
			removable(child, visible, path);
		}
	}

	/** The permit narrowed as asked; null when nothing would be left of it. */
	private static ConsentView.@Nullable ProvisionView narrowed(ConsentView.ProvisionView provision,
			ProvisionNarrowingInput change, String path, LocalDate today) {
		Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
		categories.addAll(provision.categories());
		for (DataCategory category : (change.removeCategories() != null) ? change.removeCategories()
				: List.<DataCategory>of()) {
			if (!categories.remove(category)) {
				throw AccessException.invalid(path + ".removeCategories",
						category + " is not among this provision's categories");
			}
		}
		Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
		purposes.addAll(provision.purposes());
		for (Purpose purpose : (change.removePurposes() != null) ? change.removePurposes() : List.<Purpose>of()) {
			if (!purposes.remove(purpose)) {
				throw AccessException.invalid(path + ".removePurposes",
						purpose + " is not among this provision's purposes");
			}
		}
		if (change.periodEnd() != null) {
			shortened(provision.periodStart(), provision.periodEnd(), change.periodEnd(), today, path + ".periodEnd");
		}
		boolean narrows = categories.size() < provision.categories().size()
				|| purposes.size() < provision.purposes().size() || change.periodEnd() != null;
		if (!narrows) {
			throw AccessException.invalid(path, "Nothing to narrow in this provision");
		}
		if (categories.isEmpty() || purposes.isEmpty()) {
			return null;
		}
		return new ConsentView.ProvisionView(provision.id(), provision.type(),
				provision.categories().stream().filter(categories::contains).toList(),
				provision.purposes().stream().filter(purposes::contains).toList(), provision.recipientOrganization(),
				provision.recipientOrganizationType(), provision.periodStart(),
				(change.periodEnd() != null) ? change.periodEnd() : provision.periodEnd(), provision.provisions());
	}

	/** A period's end brought forward: not before today nor its start, before its end. */
	private static void shortened(@Nullable LocalDate start, @Nullable LocalDate end, LocalDate newEnd, LocalDate today,
			String path) {
		if (newEnd.isBefore(today)) {
			throw AccessException.invalid(path,
					"periodEnd is before today: a consent is never narrowed retroactively (to stop sharing at once,"
							+ " remove the provision or revoke the consent)");
		}
		if (start != null && newEnd.isBefore(start)) {
			throw AccessException.invalid(path, "periodEnd is before periodStart");
		}
		if (end != null && !newEnd.isBefore(end)) {
			throw AccessException.invalid(path,
					"periodEnd must come before the current end (" + end + "): a later end is an extension");
		}
	}

	private static void copy(List<ConsentView.ProvisionView> level, @Nullable UUID parent, Set<UUID> removed,
			Map<UUID, ConsentView.ProvisionView> narrowed, List<Consents.NewProvision> out) {
		for (ConsentView.ProvisionView original : level) {
			if (removed.contains(original.id())) {
				continue;
			}
			ConsentView.ProvisionView p = narrowed.getOrDefault(original.id(), original);
			UUID id = UUID.randomUUID();
			out.add(new Consents.NewProvision(id, parent, p.type(), p.categories(),
					(p.recipientOrganization() != null) ? p.recipientOrganization().id() : null,
					p.recipientOrganizationType(), p.purposes(), p.periodStart(), p.periodEnd()));
			copy(original.provisions(), id, removed, narrowed, out);
		}
	}

	record NarrowConsentInput(String consentId, @Nullable LocalDate periodEnd, @Nullable List<String> removeProvisions,
			@Nullable List<ProvisionNarrowingInput> provisions, @Nullable String reason) {
	}

	record ProvisionNarrowingInput(String provisionId, @Nullable List<DataCategory> removeCategories,
			@Nullable List<Purpose> removePurposes, @Nullable LocalDate periodEnd) {
	}

}

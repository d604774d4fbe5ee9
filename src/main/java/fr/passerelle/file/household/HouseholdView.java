package fr.passerelle.file.household;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.PersonAccess;

/**
 * A person's current household as the schema shows it: the members, including those who
 * left (the history is the person's file), and the version to send back to change it. Its
 * composition is the person's HOUSEHOLD data; each adult's identity in it is that adult's
 * own, disclosed under the viewer's decision on them.
 */
public record HouseholdView(UUID id, int version, List<HouseholdMemberView> members) {

	/**
	 * The household as this viewer may see it: who recorded a member is hidden where it
	 * names a sensitive organization the viewer may not know of; the person's own name
	 * where the viewer may not see their identity, and each other adult's where the
	 * viewer's decision on that adult does not disclose it.
	 * @param access the viewer's decision for the person the household is read through
	 * @param adults the viewer's decisions on the other adults ({@link #adultsBeside}),
	 * those it reaches
	 */
	HouseholdView shownTo(AccessContext context, PersonAccess access, Map<UUID, PersonAccess> adults) {
		return new HouseholdView(this.id, this.version,
				this.members.stream()
					.map((member) -> member.shownTo(context, access, adults.get(member.personId())))
					.toList());
	}

	/**
	 * The members whose identity is theirs to decide, for a household read through this
	 * person: the adults (not minors) other than the person.
	 */
	List<UUID> adultsBeside(UUID person) {
		return this.members.stream()
			.filter((member) -> !member.minor() && !member.personId().equals(person))
			.map(HouseholdMemberView::personId)
			.toList();
	}

}

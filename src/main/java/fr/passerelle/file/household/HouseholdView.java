package fr.passerelle.file.household;

import java.util.List;
import java.util.UUID;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.PersonAccess;

/**
 * A person's current household as the schema shows it: the members, including those who
 * left (the history is the person's file), and the version to send back to change it.
 */
public record HouseholdView(UUID id, int version, List<HouseholdMemberView> members) {

	/**
	 * The household as this viewer may see it: who recorded a member is hidden where it
	 * names a sensitive organization the viewer may not know of, the person's own name
	 * where the viewer may not see their identity.
	 * @param access the viewer's decision for the person the household is read through
	 */
	HouseholdView shownTo(AccessContext context, PersonAccess access) {
		return new HouseholdView(this.id, this.version,
				this.members.stream().map((member) -> member.shownTo(context, access)).toList());
	}

}

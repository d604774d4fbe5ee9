package fr.passerelle.file.household;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;
import fr.passerelle.person.PersonView;

/**
 * Finding a person: by name within the viewer's visibility, and the SIAO's duplicate
 * check across the territory, which answers a minimal identity match and never a name.
 */
@Controller
class SearchController {

	private static final int MAX_PAGE = 100;

	/**
	 * The most candidates a search decides on: the persons whose identity the viewer may
	 * not see are dropped after the decision, so a page may come out shorter.
	 */
	static final int CANDIDATES = 500;

	private final AccessDecisions decisions;

	private final Identities identities;

	private final Clock clock;

	SearchController(AccessDecisions decisions, Identities identities, Clock clock) {
		this.decisions = decisions;
		this.identities = identities;
		this.clock = clock;
	}

	/**
	 * Persons the viewer reaches whose last or first name starts with {@code name}
	 * (ignoring case), born on {@code birthDate} if given, by name: only those whose
	 * identity the viewer's decision permits, or the search would tell names the decision
	 * hides. One statement for the candidates, one for their decisions, one for the
	 * persons.
	 */
	@QueryMapping
	CompletableFuture<List<PersonView>> searchPersons(@Argument String name, @Argument @Nullable LocalDate birthDate,
			@Argument @Nullable Integer first, DataLoader<UUID, PersonView> persons, AccessContext context) {
		String prefix = (name != null) ? name.trim() : "";
		if (prefix.length() < 2 || prefix.length() > IdentityInputs.NAME_MAX) {
			throw AccessException.invalid("name",
					"name is the beginning of a first or last name, 2 to " + IdentityInputs.NAME_MAX + " characters");
		}
		int size = (first != null) ? first : 20;
		if (size < 1 || size > MAX_PAGE) {
			throw AccessException.invalid("first", "first must be between 1 and " + MAX_PAGE);
		}
		List<UUID> candidates = this.identities.search(context, prefix, birthDate, CANDIDATES);
		Map<UUID, PersonAccess> decided = this.decisions.decide(context, candidates);
		List<UUID> shown = candidates.stream()
			.filter((id) -> decided.containsKey(id) && decided.get(id).discloses(DataCategory.IDENTITY))
			.limit(size)
			.toList();
		return persons.loadMany(shown).thenApply((found) -> found.stream().filter(Objects::nonNull).toList());
	}

	/**
	 * For SIAO coordinators: the registered persons with this last name and birth date,
	 * whoever follows them, as id, whether the first name matches too, territory and
	 * whether the viewer already follows them.
	 */
	@QueryMapping
	List<DuplicateMatch> duplicateCheck(@Argument String firstName, @Argument String lastName,
			@Argument LocalDate birthDate, AccessContext context) {
		Viewer viewer = context.viewer();
		if (viewer.organization() == null || viewer.organization().type() != OrganizationType.SIAO
				|| !viewer.hasRole(Role.COORDINATOR)) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only the SIAO's coordinators check for duplicates");
		}
		String first = IdentityInputs.name(firstName, "firstName");
		String last = IdentityInputs.name(lastName, "lastName");
		LocalDate born = IdentityInputs.requiredBirthDate(birthDate, "birthDate", this.clock);
		List<Identities.Match> matches = this.identities.matches(context, first, last, born);
		Set<UUID> followed = this.decisions.decide(context, matches.stream().map(Identities.Match::personId).toList())
			.keySet();
		return matches.stream()
			.map((match) -> new DuplicateMatch(match.personId(), match.exact(), match.territory(),
					followed.contains(match.personId())))
			.toList();
	}

}

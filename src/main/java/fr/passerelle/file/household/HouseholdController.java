package fr.passerelle.file.household;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.graphql.data.federation.EntityMapping;
import org.springframework.graphql.data.ArgumentValue;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;
import fr.passerelle.access.WriteGrant;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.file.household.Identities.Identity;
import fr.passerelle.file.household.PersonWrites.NewMember;
import fr.passerelle.file.household.PersonWrites.Registration;
import fr.passerelle.jooq.enums.HouseholdRole;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.person.PersonView;

/**
 * Person.household, a person's registration and the changes of a household. The mutations
 * answer the person as the viewer then sees them, read after the transaction committed
 * through the persons' batch loader, like any other path to a person.
 */
@Controller
class HouseholdController {

	static final String HOUSEHOLDS = "file.household";

	/** The most members a registration records at once. */
	static final int MAX_MEMBERS = 20;

	private final AccessContexts contexts;

	private final AccessDecisions decisions;

	private final PersonWrites writes;

	private final Clock clock;

	private final Households households;

	HouseholdController(AccessContexts contexts, AccessDecisions decisions, PersonWrites writes, Households households,
			Clock clock, BatchLoaderRegistry registry) {
		this.contexts = contexts;
		this.decisions = decisions;
		this.writes = writes;
		this.clock = clock;
		this.households = households;
		registry.<UUID, HouseholdView>forName(HOUSEHOLDS)
			.registerMappedBatchLoader((ids, environment) -> Mono.fromCallable(() -> {
				AccessContext context = contexts.of((GraphQLContext) environment.getContext());
				Map<UUID, HouseholdView> found = households.current(context, ids);
				// the other adults' decisions, for the page in one statement (kept in the
				// request's decisions)
				decisions.decideAlongside(context,
						found.entrySet()
							.stream()
							.flatMap((entry) -> entry.getValue().adultsBeside(entry.getKey()).stream())
							.toList());
				return found;
			}));
	}

	@SchemaMapping(typeName = "Person", field = "household")
	CompletableFuture<@Nullable HouseholdView> household(Disclosed person, AccessContext context,
			DataFetchingEnvironment environment) {
		PersonAccess access = person.access();
		DataLoader<UUID, HouseholdView> loader = environment.getDataLoader(HOUSEHOLDS);
		return loader.load(access.personId())
			.thenApply((household) -> (household != null) ? shown(household, context, access) : null);
	}

	/**
	 * Household as a federation entity: resolved through a current member the viewer
	 * reaches and whose HOUSEHOLD category the decision discloses, shown as through that
	 * person; otherwise null, like an id that does not exist.
	 */
	@EntityMapping("Household")
	List<@Nullable HouseholdView> householdEntities(@Argument List<String> idList,
			DataFetchingEnvironment environment) {
		// federation's entity resolution takes the built-in arguments only
		AccessContext context = this.contexts.of(environment);
		List<@Nullable UUID> ids = idList.stream().map(PersonIds::parseOrNull).toList();
		Map<UUID, List<UUID>> members = this.households.reachedMembers(context,
				ids.stream().filter(Objects::nonNull).toList());
		Map<UUID, PersonAccess> access = this.decisions.decide(context,
				members.values().stream().flatMap(List::stream).toList());
		Map<UUID, PersonAccess> through = new HashMap<>();
		members.forEach((household, persons) -> persons.stream()
			.map(access::get)
			.filter((person) -> person != null && person.discloses(DataCategory.HOUSEHOLD))
			.findFirst()
			.ifPresent((person) -> through.put(household, person)));
		Map<UUID, HouseholdView> found = this.households.current(context,
				through.values().stream().map(PersonAccess::personId).toList());
		List<@Nullable HouseholdView> result = new ArrayList<>();
		for (UUID id : ids) {
			PersonAccess person = (id != null) ? through.get(id) : null;
			HouseholdView household = (person != null) ? found.get(person.personId()) : null;
			result.add((household != null && household.id().equals(id)) ? shown(household, context, person) : null);
		}
		return result;
	}

	/** The household as the viewer may see it through this person. */
	private HouseholdView shown(HouseholdView household, AccessContext context, PersonAccess access) {
		return household.shownTo(context, access,
				this.decisions.decideAlongside(context, household.adultsBeside(access.personId())));
	}

	/**
	 * Registers a person: for organizations the write policy lets write their identity
	 * (and contact, household, if given), case workers and coordinators.
	 */
	@MutationMapping
	CompletableFuture<PersonView> registerPerson(@Argument RegisterPersonInput input,
			DataLoader<UUID, PersonView> persons, AccessContext context, DataFetchingEnvironment environment) {
		Set<DataCategory> categories = EnumSet.of(DataCategory.IDENTITY);
		if (!blank(input.phone()) || !blank(input.email())) {
			categories.add(DataCategory.CONTACT);
		}
		if (input.household() != null) {
			categories.add(DataCategory.HOUSEHOLD);
		}
		requireRegistrar(context, categories);
		Identity identity = new Identity(IdentityInputs.name(input.firstName(), "input.firstName"),
				IdentityInputs.name(input.lastName(), "input.lastName"),
				IdentityInputs.birthDate(input.birthDate(), "input.birthDate", this.clock),
				IdentityInputs.phone(input.phone(), "input.phone"), IdentityInputs.email(input.email(), "input.email"));
		String territory = IdentityInputs.territory(input.territory(), "input.territory",
				Objects.requireNonNull(context.viewer().organization()).territory());
		InvolvementKind kind = (input.involvementKind() != null) ? input.involvementKind()
				: InvolvementKind.SUPPORT_MEASURE;
		String reason = Inputs.required(input.reason(), "input.reason", 500);
		HouseholdInput household = input.household();
		HouseholdRole role = (household != null && household.role() != null) ? household.role() : HouseholdRole.ADULT;
		List<NewMember> members = new ArrayList<>();
		List<MemberInput> given = (household != null && household.members() != null) ? household.members() : List.of();
		if (given.size() > MAX_MEMBERS) {
			throw AccessException.invalid("input.household.members",
					"A registration records at most " + MAX_MEMBERS + " members: add the others afterwards");
		}
		for (int i = 0; i < given.size(); i++) {
			members.add(member(given.get(i), "input.household.members[" + i + "]."));
		}
		UUID id = this.writes.register(context, input.idempotencyKey(), FileWrites.request(environment),
				new Registration(identity, territory, kind, reason, role, members));
		return found(persons.load(id));
	}

	/**
	 * Adds a new member (registered as a person) to the household of a person the viewer
	 * may write the household of.
	 */
	@MutationMapping
	CompletableFuture<PersonView> addHouseholdMember(@Argument AddHouseholdMemberInput input,
			DataLoader<UUID, PersonView> persons, AccessContext context, DataFetchingEnvironment environment) {
		requireRegistrar(context, EnumSet.of(DataCategory.IDENTITY, DataCategory.HOUSEHOLD));
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.HOUSEHOLD);
		int version = Inputs.version(input.householdVersion(), "input.householdVersion");
		if (input.member() == null) {
			throw AccessException.invalid("input.member", "input.member is required");
		}
		NewMember member = member(input.member(), "input.member.");
		UUID representative = (input.representativePersonId() != null)
				? Inputs.id(input.representativePersonId(), "input.representativePersonId") : null;
		this.writes.addMember(context, grant, input.idempotencyKey(), FileWrites.request(environment), version, member,
				representative);
		return found(persons.load(grant.personId()));
	}

	/**
	 * Changes a member of the household of a person the viewer may write the household
	 * of: role, departure, representative (only the fields given; leftOn and
	 * representativePersonId given as null are cleared).
	 */
	@MutationMapping
	CompletableFuture<PersonView> updateHouseholdMember(@Argument UpdateHouseholdMemberInput input,
			DataLoader<UUID, PersonView> persons, AccessContext context) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.HOUSEHOLD);
		int version = Inputs.version(input.householdVersion(), "input.householdVersion");
		UUID memberId = Inputs.id(input.memberId(), "input.memberId");
		Map<String, @Nullable Object> changes = new LinkedHashMap<>();
		if (!input.role().isOmitted()) {
			if (input.role().value() == null) {
				throw AccessException.invalid("input.role", "input.role cannot be cleared");
			}
			changes.put("role", input.role().value());
		}
		if (!input.leftOn().isOmitted()) {
			LocalDate leftOn = input.leftOn().value();
			changes.put("leftOn", (leftOn != null) ? Inputs.past(leftOn, "input.leftOn", this.clock) : null);
		}
		if (!input.representativePersonId().isOmitted()) {
			String representative = input.representativePersonId().value();
			changes.put("representativePersonId",
					(representative != null) ? Inputs.id(representative, "input.representativePersonId") : null);
		}
		this.writes.updateMember(context, grant, memberId, version, changes);
		return found(persons.load(grant.personId()));
	}

	private NewMember member(MemberInput input, String prefix) {
		LocalDate birthDate = IdentityInputs.requiredBirthDate(input.birthDate(), prefix + "birthDate", this.clock);
		LocalDate since = (input.since() != null) ? Inputs.past(input.since(), prefix + "since", this.clock) : null;
		if (since != null && since.isBefore(birthDate)) {
			throw AccessException.invalid(prefix + "since", prefix + "since is before the member's birth date");
		}
		if (input.role() == null) {
			throw AccessException.invalid(prefix + "role", prefix + "role is required");
		}
		return new NewMember(
				new Identity(IdentityInputs.name(input.firstName(), prefix + "firstName"),
						IdentityInputs.name(input.lastName(), prefix + "lastName"), birthDate, null, null),
				input.role(), since);
	}

	/**
	 * A registration's writer: the write policy lets the viewer's organization type write
	 * these categories, and the viewer is a case worker or a coordinator of it.
	 */
	static void requireRegistrar(AccessContext context, Set<DataCategory> categories) {
		Viewer viewer = context.viewer();
		for (DataCategory category : categories) {
			if (!context.writable().contains(category)) {
				throw new AccessException(ErrorCode.FORBIDDEN,
						"The write policy does not let "
								+ ((viewer.organization() != null) ? viewer.organization().type() : "you") + " write "
								+ category);
			}
		}
		if (viewer.organization() == null || !(viewer.hasRole(Role.CASE_WORKER) || viewer.hasRole(Role.COORDINATOR))) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only case workers and coordinators register persons");
		}
	}

	/**
	 * A person read back after a write: reached, since the viewer's organization is
	 * involved.
	 */
	private static CompletableFuture<PersonView> found(CompletableFuture<@Nullable PersonView> person) {
		return person.thenApply((found) -> {
			if (found == null) {
				throw AccessException.notFound();
			}
			return found;
		});
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	record RegisterPersonInput(String firstName, String lastName, @Nullable LocalDate birthDate, @Nullable String phone,
			@Nullable String email, @Nullable String territory, @Nullable InvolvementKind involvementKind,
			String reason, @Nullable HouseholdInput household, @Nullable String idempotencyKey) {
	}

	record HouseholdInput(@Nullable HouseholdRole role, @Nullable List<MemberInput> members) {
	}

	record MemberInput(String firstName, String lastName, LocalDate birthDate, HouseholdRole role,
			@Nullable LocalDate since) {
	}

	record AddHouseholdMemberInput(String personId, Integer householdVersion, MemberInput member,
			@Nullable String representativePersonId, @Nullable String idempotencyKey) {
	}

	/** The fields not given are left as they are ({@link ArgumentValue#isOmitted()}). */
	record UpdateHouseholdMemberInput(String personId, String memberId, Integer householdVersion,
			ArgumentValue<HouseholdRole> role, ArgumentValue<LocalDate> leftOn,
			ArgumentValue<String> representativePersonId) {
	}

}

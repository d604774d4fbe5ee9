package fr.passerelle.file.household;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.access.WriteGrant;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.file.household.Identities.Identity;
import fr.passerelle.jooq.enums.HouseholdRole;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.organization.Involvements;

/**
 * The writes of this package, each one transaction, validated before (nothing is written
 * on a validation error): a person's registration with the registering organization's
 * involvement and a household; a member added to a household or changed, from the
 * household's version; an identity change, from the person's version.
 *
 * Every member of a household is a person too, registered with an involvement of the
 * organization that records them, of the same kind as its link with the person: it
 * reaches them, and their file can grow on its own.
 */
@Component
class PersonWrites {

	/** The reason of the involvement with a member added to a followed household. */
	static final String MEMBER_REASON = "Member of the household of a person the organization follows";

	private final FileWrites writes;

	private final ViewerTransactions transactions;

	private final Identities identities;

	private final Households households;

	private final Involvements involvements;

	private final Clock clock;

	PersonWrites(FileWrites writes, ViewerTransactions transactions, Identities identities, Households households,
			Involvements involvements, Clock clock) {
		this.writes = writes;
		this.transactions = transactions;
		this.identities = identities;
		this.households = households;
		this.involvements = involvements;
		this.clock = clock;
	}

	/** A new member of a household, validated. */
	record NewMember(Identity identity, HouseholdRole role, @Nullable LocalDate since) {
	}

	/** A registration, validated. */
	record Registration(Identity identity, String territory, InvolvementKind kind, String reason, HouseholdRole role,
			List<NewMember> members) {
	}

	/**
	 * Registers a person: the person, the viewer's organization's involvement (from
	 * today), a new household with the person as first member (from today) and the other
	 * members.
	 * @return the person's id (the first registration's, for a retry with the same key)
	 */
	UUID register(AccessContext context, @Nullable String idempotencyKey, Map<String, ?> request,
			Registration registration) {
		return this.writes.create(context, "registerPerson", idempotencyKey, request, (dsl, id) -> {
			LocalDate today = LocalDate.now(this.clock);
			this.identities.insert(dsl, id, registration.territory(), registration.identity());
			involve(dsl, context, id, registration.kind(), registration.reason(), today);
			UUID household = UUID.randomUUID();
			this.households.insertHousehold(dsl, household);
			this.households.insertMember(dsl, context, household, id, registration.role(), null, today);
			for (NewMember member : registration.members()) {
				enrol(dsl, context, household, UUID.randomUUID(), member, registration.territory(), registration.kind(),
						registration.reason(), null, today);
			}
		});
	}

	/**
	 * Adds a new member to the household the person currently belongs to, from the
	 * version the client read; a person who belongs to none gets one (from version 0).
	 * @param representative a current member who consents on the new member's behalf
	 */
	void addMember(AccessContext context, WriteGrant grant, @Nullable String idempotencyKey, Map<String, ?> request,
			int version, NewMember member, @Nullable UUID representative) {
		UUID anchor = grant.personId();
		UUID organization = context.viewer().organization().id();
		this.writes.create(context, grant, "addHouseholdMember", idempotencyKey, request, (dsl, id, provenance) -> {
			LocalDate today = LocalDate.now(this.clock);
			// the person's row first: two first members added at once make one household
			Identities.Locked person = this.identities.lock(dsl, anchor).orElseThrow(AccessException::notFound);
			Households.Locked household = this.households.lockCurrent(dsl, anchor).orElse(null);
			if (household == null) {
				if (version != 0) {
					throw stale("This person no longer belongs to a household: send householdVersion 0 to start one");
				}
				household = new Households.Locked(UUID.randomUUID(), 0);
				this.households.insertHousehold(dsl, household.id());
				HouseholdRole role = HouseholdMemberView.minor(person.birthDate(), today) ? HouseholdRole.CHILD
						: HouseholdRole.ADULT;
				this.households.insertMember(dsl, context, household.id(), anchor, role, null, today);
			}
			else if (household.version() != version) {
				throw stale(household.version());
			}
			HouseholdView current = this.households.current(dsl, anchor).orElseThrow();
			if (representative != null && !currentMember(current, representative)) {
				throw AccessException.invalid("input.representativePersonId",
						"The representative must be a current member of the household");
			}
			boolean known = current.members()
				.stream()
				.anyMatch((existing) -> existing.leftOn() == null
						&& member.identity().lastName().equalsIgnoreCase(existing.lastName())
						&& member.identity().firstName().equalsIgnoreCase(existing.firstName())
						&& Objects.equals(member.identity().birthDate(), existing.birthDate()));
			if (known) {
				throw new AccessException(ErrorCode.CONFLICT, "This person is already a member of the household",
						"input.member");
			}
			InvolvementKind kind = this.identities.activeKind(dsl, anchor, organization)
				.orElseThrow(() -> new IllegalStateException("A write grant without an active involvement"));
			enrol(dsl, context, household.id(), id, member, person.territory(), kind, MEMBER_REASON, representative,
					today);
			this.households.bump(dsl, household);
		}, (dsl, id) -> Optional.of(id));
	}

	/**
	 * Changes a member of the household the person currently belongs to, from the version
	 * the client read: only the fields the input gives.
	 * @param changes by input field name: role, leftOn, representativePersonId
	 */
	void updateMember(AccessContext context, WriteGrant grant, UUID memberId, int version,
			Map<String, @Nullable Object> changes) {
		UUID anchor = grant.personId();
		this.transactions.run(context.scope(), (dsl) -> {
			Households.Locked household = this.households.lockCurrent(dsl, anchor)
				.orElseThrow(() -> new AccessException(ErrorCode.NOT_FOUND, "No such member in the household",
						"input.memberId"));
			if (household.version() != version) {
				throw stale(household.version());
			}
			HouseholdView current = this.households.current(dsl, anchor).orElseThrow();
			HouseholdMemberView member = current.members()
				.stream()
				.filter((candidate) -> candidate.personId().equals(memberId))
				.findFirst()
				.orElseThrow(() -> new AccessException(ErrorCode.NOT_FOUND, "No such member in the household",
						"input.memberId"));
			if (changes.containsKey("leftOn")) {
				Inputs.end(member.since(), (LocalDate) changes.get("leftOn"), "input.leftOn");
			}
			UUID representative = (UUID) changes.get("representativePersonId");
			if (representative != null
					&& (representative.equals(memberId) || !currentMember(current, representative))) {
				throw AccessException.invalid("input.representativePersonId",
						"The representative must be another current member of the household");
			}
			Map<Field<?>, @Nullable Object> set = new LinkedHashMap<>();
			changes.forEach((name, value) -> set.put(Households.columns().get(name), value));
			if (!this.households.updateMember(dsl, household.id(), memberId, set)) {
				throw new AccessException(ErrorCode.FORBIDDEN,
						"Your organization does not follow this member: the organization that recorded them may change it");
			}
			this.households.bump(dsl, household);
			this.identities.touch(dsl, anchor);
			return null;
		});
	}

	/**
	 * Changes a person's identity and contact, from the version the client read.
	 * @param changes by input field name: firstName, lastName, birthDate, phone, email
	 */
	void updateIdentity(AccessContext context, WriteGrant grant, int version, Map<String, @Nullable Object> changes) {
		this.transactions.run(context.scope(), (dsl) -> {
			Identities.Locked person = this.identities.lock(dsl, grant.personId())
				.orElseThrow(AccessException::notFound);
			if (person.version() != version) {
				throw new AccessException(
						ErrorCode.STALE_VERSION, "This identity was changed since you read it (version " + version
								+ ", now " + person.version() + "): read it again and reapply your change",
						"input.version");
			}
			Map<Field<?>, @Nullable Object> set = new LinkedHashMap<>();
			changes.forEach((name, value) -> set.put(Identities.columns().get(name), value));
			this.identities.update(dsl, grant.personId(), version, set);
			return null;
		});
	}

	private void involve(DSLContext dsl, AccessContext context, UUID personId, InvolvementKind kind, String reason,
			LocalDate today) {
		this.involvements.insert(dsl, personId, context.viewer().organization().id(), kind, today, reason, null,
				context.viewer().username());
	}

	/** A member registered as a person, followed by the viewer's organization. */
	private void enrol(DSLContext dsl, AccessContext context, UUID householdId, UUID personId, NewMember member,
			String territory, InvolvementKind kind, String reason, @Nullable UUID representative, LocalDate today) {
		this.identities.insert(dsl, personId, territory, member.identity());
		involve(dsl, context, personId, kind, reason, today);
		this.households.insertMember(dsl, context, householdId, personId, member.role(), representative,
				(member.since() != null) ? member.since() : today);
	}

	private static boolean currentMember(HouseholdView household, UUID personId) {
		return household.members()
			.stream()
			.anyMatch((member) -> member.personId().equals(personId) && member.leftOn() == null);
	}

	private static AccessException stale(int now) {
		return stale("This household was changed since you read it (now version " + now
				+ "): read it again and reapply your change");
	}

	private static AccessException stale(String message) {
		return new AccessException(ErrorCode.STALE_VERSION, message, "input.householdVersion");
	}

}

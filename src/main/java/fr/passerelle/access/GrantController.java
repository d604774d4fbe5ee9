package fr.passerelle.access;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * Break-glass emergency accesses and delegations: opened by the users their rules allow,
 * ended by themselves at their date, visible to the privacy officer.
 */
@Controller
class GrantController {

	/**
	 * Roles a case worker may lend: never break-glass, review or administration rights.
	 */
	private static final Set<Role> LENDABLE = Set.of(Role.CASE_WORKER, Role.COORDINATOR, Role.AGENT);

	private final ViewerTransactions transactions;

	private final Grants grants;

	private final AccessProperties properties;

	private final Clock clock;

	private final UserDirectory directory;

	GrantController(ViewerTransactions transactions, Grants grants, AccessProperties properties, Clock clock,
			UserDirectory directory) {
		this.transactions = transactions;
		this.grants = grants;
		this.properties = properties;
		this.clock = clock;
		this.directory = directory;
	}

	@MutationMapping
	Grants.EmergencyAccessView openEmergencyAccess(@Argument OpenEmergencyAccessInput input, AccessContext context) {
		Viewer viewer = context.viewer();
		if (!viewer.hasRole(Role.EMERGENCY_ACCESS) || viewer.organization() == null) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Your role may not open emergency accesses");
		}
		String justification = (input.justification() != null) ? input.justification().trim() : "";
		if (justification.length() < 20 || justification.length() > 2000) {
			throw AccessException.invalid("input.justification",
					"A justification of 20 to 2000 characters is required: what happened, why access is needed now");
		}
		int hours = (input.hours() != null) ? input.hours() : 12;
		long maxHours = this.properties.emergencyMaxDuration().toHours();
		if (hours < 1 || hours > maxHours) {
			throw AccessException.invalid("input.hours", "hours must be between 1 and " + maxHours);
		}
		UUID personId = PersonIds.parseOrNull(input.personId());
		OffsetDateTime expiresAt = OffsetDateTime.now(this.clock).plusHours(hours);
		return this.transactions.run(context.scope(), (dsl) -> {
			if (personId == null || !this.grants.personExists(dsl, personId)) {
				throw AccessException.notFound();
			}
			UUID id = this.grants.openEmergency(dsl, personId, viewer, justification, expiresAt);
			return this.grants.emergencies(dsl, 1, id).get(0);
		});
	}

	@QueryMapping
	List<Grants.EmergencyAccessView> emergencyAccesses(@Argument @Nullable Integer first, AccessContext context) {
		return this.transactions.run(reviewScope(context), (dsl) -> this.grants.emergencies(dsl, page(first), null));
	}

	@MutationMapping
	Grants.DelegationView delegateAccess(@Argument DelegateAccessInput input, AccessContext context) {
		Viewer viewer = context.viewer();
		List<Role> lent = viewer.roles().stream().filter(LENDABLE::contains).sorted().toList();
		if (viewer.organization() == null || lent.isEmpty()) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"Only case workers, coordinators and agents delegate their access");
		}
		String delegate = (input.delegate() != null) ? input.delegate().trim() : "";
		if (delegate.isEmpty() || delegate.length() > 100) {
			throw AccessException.invalid("input.delegate", "The colleague's username is required");
		}
		if (delegate.equals(viewer.username())) {
			throw AccessException.invalid("input.delegate", "One cannot delegate to oneself");
		}
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		Duration max = this.properties.delegationMaxDuration();
		if (!input.endsAt().isAfter(now) || input.endsAt().isAfter(now.plus(max))) {
			throw AccessException.invalid("input.endsAt",
					"endsAt must be in the future and at most " + max.toDays() + " days away");
		}
		String reason = (input.reason() != null) ? input.reason().trim() : "";
		if (reason.length() < 3 || reason.length() > 500) {
			throw AccessException.invalid("input.reason", "A reason of 3 to 500 characters is required");
		}
		// the same answer for a user of another organization as for no user at all
		if (!this.directory.organizationOf(delegate).equals(Optional.of(viewer.organization().id()))) {
			throw AccessException.invalid("input.delegate", "No colleague of your organization has this username");
		}
		return this.transactions.run(context.scope(), (dsl) -> {
			UUID id = this.grants.delegate(dsl, viewer, delegate, lent, reason, input.endsAt());
			return this.grants.delegations(dsl, 1, id).get(0);
		});
	}

	@MutationMapping
	Grants.DelegationView revokeDelegation(@Argument String delegationId, AccessContext context) {
		UUID id = PersonIds.parseOrNull(delegationId);
		return this.transactions.run(reviewScope(context), (dsl) -> {
			Grants.DelegationView delegation = (id != null)
					? this.grants.delegations(dsl, 1, id).stream().findFirst().orElse(null) : null;
			if (delegation == null) {
				throw AccessException.notFound();
			}
			if (!delegation.delegator().equals(context.viewer().username())
					&& !context.viewer().hasRole(Role.PRIVACY_OFFICER)) {
				throw new AccessException(ErrorCode.FORBIDDEN, "Only the delegator or the privacy officer ends it");
			}
			if (delegation.revokedAt() != null) {
				throw new AccessException(ErrorCode.CONFLICT, "This delegation has already ended", "delegationId");
			}
			this.grants.revokeDelegation(dsl, id, OffsetDateTime.now(this.clock));
			return this.grants.delegations(dsl, 1, id).get(0);
		});
	}

	@QueryMapping
	List<Grants.DelegationView> delegations(@Argument @Nullable Integer first, AccessContext context) {
		return this.transactions.run(reviewScope(context), (dsl) -> this.grants.delegations(dsl, page(first), null));
	}

	/**
	 * The privacy officer reviews everyone's grants; others see their own (row-level
	 * security).
	 */
	private static AccessScope reviewScope(AccessContext context) {
		return context.viewer().hasRole(Role.PRIVACY_OFFICER) ? PrivacyOffice.of(context, "reviews grants")
				: context.scope();
	}

	private static int page(@Nullable Integer first) {
		int size = (first != null) ? first : 50;
		if (size < 1 || size > 500) {
			throw AccessException.invalid("first", "first must be between 1 and 500");
		}
		return size;
	}

	record OpenEmergencyAccessInput(String personId, String justification, @Nullable Integer hours) {
	}

	record DelegateAccessInput(String delegate, OffsetDateTime endsAt, String reason) {
	}

}

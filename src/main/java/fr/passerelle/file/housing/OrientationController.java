package fr.passerelle.file.housing;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.access.WriteGrant;
import fr.passerelle.file.FileReads;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.jooq.enums.OrientationSolution;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.jooq.enums.ProposalOutcome;
import fr.passerelle.organization.Organizations;

/**
 * Person.siaoOrientations and the orientation's life: a partner the write policy lets
 * write {@code HOUSING_APPLICATION} requests it, the SIAO proposes solutions, the
 * requester decides the outcome, the SIAO records how each of its proposals ended. Only
 * an element's author changes it, so the outcome of a proposal is recorded by the SIAO
 * that made it, and the decision by the organization that requested the orientation.
 */
@Controller
class OrientationController {

	private static final DataCategory CATEGORY = DataCategory.HOUSING_APPLICATION;

	private final AccessDecisions decisions;

	private final FileReads reads;

	private final FileWrites writes;

	private final Orientations orientations;

	private final Organizations organizations;

	private final ViewerTransactions transactions;

	private final Clock clock;

	OrientationController(AccessDecisions decisions, FileReads reads, FileWrites writes, Orientations orientations,
			Organizations organizations, ViewerTransactions transactions, Clock clock, BatchLoaderRegistry registry) {
		this.transactions = transactions;
		this.decisions = decisions;
		this.reads = reads;
		this.writes = writes;
		this.orientations = orientations;
		this.organizations = organizations;
		this.clock = clock;
	}

	/**
	 * The person's orientations, newest first; a proposal naming a sensitive provider is
	 * left out for a viewer who may not know the person is followed there.
	 */
	@SchemaMapping(typeName = "Person", field = "siaoOrientations")
	CompletableFuture<List<OrientationView>> siaoOrientations(Disclosed person, AccessContext context,
			DataFetchingEnvironment environment) {
		PersonAccess access = person.access();
		return this.reads.resolve(Orientations.ORIENTATIONS, person, environment)
			.thenApply((list) -> list.stream()
				.map((orientation) -> orientation
					.withProposals(FileReads.visible(context, access, orientation.proposals())))
				.toList());
	}

	@MutationMapping
	OrientationView requestOrientation(@Argument RequestOrientationInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), CATEGORY);
		LocalDate requestedOn = Inputs.past(input.requestedOn(), "input.requestedOn", this.clock);
		String note = Inputs.optional(input.requestNote(), "input.requestNote", 2000);
		UUID named = (input.siaoId() != null) ? Inputs.id(input.siaoId(), "input.siaoId") : null;
		UUID requester = context.viewer().organization().id();
		String username = context.viewer().username();
		return this.writes.create(context, grant, "requestOrientation", input.idempotencyKey(),
				FileWrites.request(environment), (dsl, id, provenance) -> {
					Organization siao = this.orientations.addressee(dsl, grant.personId(), named);
					this.orientations.insertOrientation(dsl, id, grant.personId(), siao, requestedOn,
							input.requestedSolution(), note, provenance,
							this.organizations.lookup(dsl, List.of(requester)).apply(requester), username);
				}, this.orientations::one);
	}

	/**
	 * What a partner may know before requesting: the territory's SIAO, the one a request
	 * would go to, and whether it already knows the person (the SIAO's duplicate check,
	 * as one boolean). Asked under the same write decision as the request itself; the
	 * answer is about the person, so the access event lists it.
	 */
	@QueryMapping
	OrientationCheck orientationCheck(@Argument String personId, @Argument @Nullable String siaoId,
			AccessContext context) {
		WriteGrant grant = this.decisions.requireWrite(context, personId, CATEGORY);
		UUID named = (siaoId != null) ? Inputs.id(siaoId, "siaoId") : null;
		OrientationCheck check = this.transactions.run(context.scope(), (dsl) -> {
			Orientations.Addressing addressing = this.orientations.addressing(dsl, grant.personId(), named, "siaoId");
			Organization siao = addressing.siao();
			Boolean known = (siao != null) ? this.orientations.knownTo(dsl, grant.personId(), siao.id()) : null;
			return new OrientationCheck(addressing.siaos(), siao, known);
		});
		context.ledger().disclosed(grant.personId(), grant.basis());
		return check;
	}

	record OrientationCheck(List<Organization> siaos, @Nullable Organization siao,
			@Nullable Boolean alreadyKnownToSiao) {
	}

	/**
	 * Only the SIAO proposes. The proposal is the SIAO's element; the orientation moves
	 * to {@code PROPOSED} in the same transaction whoever requested it.
	 */
	@MutationMapping
	ProposeOrientationPayload proposeOrientation(@Argument ProposeOrientationInput input, AccessContext context,
			DataFetchingEnvironment environment) {
		var organization = context.viewer().organization();
		if (organization == null || organization.type() != OrganizationType.SIAO) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only the SIAO proposes an orientation");
		}
		UUID orientationId = Inputs.id(input.orientationId(), "input.orientationId");
		OrientationView orientation = this.orientations.find(context, orientationId)
			.orElseThrow(AccessException::notFound);
		PersonAccess access = this.decisions.decide(context, orientation.personId()).orElse(null);
		if (access == null || !access.discloses(CATEGORY)) {
			throw AccessException.notFound();
		}
		if (orientation.siao() != null && !orientation.siao().id().equals(organization.id())) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"This request is addressed to another SIAO: only that SIAO proposes", "input.orientationId");
		}
		WriteGrant grant = this.decisions.authorize(context, access, CATEGORY);
		LocalDate proposedOn = Orientations.proposedOn(Inputs.past(input.proposedOn(), "input.proposedOn", this.clock),
				orientation);
		OrientationSolution solution = (input.solution() != null) ? input.solution() : orientation.requestedSolution();
		UUID provider = (input.providerOrganizationId() != null)
				? Inputs.id(input.providerOrganizationId(), "input.providerOrganizationId") : null;
		if (provider != null && this.organizations.byId(provider).isEmpty()) {
			throw AccessException.invalid("input.providerOrganizationId", "No such organization");
		}
		String proposer = context.viewer().username();
		return this.writes.create(context, grant, "proposeOrientation", input.idempotencyKey(),
				FileWrites.request(environment),
				(dsl, id, provenance) -> this.orientations.insertProposal(dsl, id, grant.personId(), orientationId,
						proposedOn, solution, provider, proposer, provenance),
				(dsl, id) -> this.reads.one(dsl, Orientations.PROPOSALS, id)
					.flatMap((proposal) -> this.orientations.one(dsl, proposal.orientationId())
						.map((read) -> new ProposeOrientationPayload(proposal, read))));
	}

	@MutationMapping
	OrientationView decideOrientation(@Argument DecideOrientationInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		OrientationStatus status = input.status();
		if (status == null || status == OrientationStatus.REQUESTED || status == OrientationStatus.PROPOSED) {
			throw AccessException.invalid("input.status",
					"input.status is the outcome: ACCEPTED, REFUSED or CANCELLED (PROPOSED follows a proposal)");
		}
		LocalDate decidedOn = Inputs.past(input.decidedOn(), "input.decidedOn", this.clock);
		String note = Inputs.optional(input.outcomeNote(), "input.outcomeNote", 2000);
		return this.writes.update(context, Orientations.ORIENTATIONS.table(), input.id(), version, (row) -> CATEGORY,
				Orientations.decision(status, decidedOn, note), this.orientations::close, this.orientations::one);
	}

	/** By the SIAO that recorded the proposal (only an element's author changes it). */
	@MutationMapping
	ProposalView recordProposalOutcome(@Argument RecordProposalOutcomeInput input, AccessContext context) {
		int version = Inputs.version(input.version(), "input.version");
		ProposalOutcome outcome = input.outcome();
		LocalDate outcomeOn;
		if (outcome == ProposalOutcome.PENDING) {
			if (input.outcomeOn() != null) {
				throw AccessException.invalid("input.outcomeOn", "A PENDING proposal has no outcome date");
			}
			outcomeOn = null;
		}
		else {
			outcomeOn = Inputs.past(input.outcomeOn(), "input.outcomeOn", this.clock);
		}
		return this.writes.update(context, Orientations.PROPOSALS.table(), input.id(), version, (row) -> CATEGORY,
				Orientations.outcome(outcome, outcomeOn), (dsl, id) -> this.reads.one(dsl, Orientations.PROPOSALS, id));
	}

	record RequestOrientationInput(String personId, @Nullable String siaoId, LocalDate requestedOn,
			OrientationSolution requestedSolution, @Nullable String requestNote, @Nullable String idempotencyKey) {
	}

	record ProposeOrientationInput(String orientationId, LocalDate proposedOn, @Nullable OrientationSolution solution,
			@Nullable String providerOrganizationId, @Nullable String idempotencyKey) {
	}

	record DecideOrientationInput(String id, Integer version, @Nullable OrientationStatus status, LocalDate decidedOn,
			@Nullable String outcomeNote) {
	}

	record RecordProposalOutcomeInput(String id, Integer version, ProposalOutcome outcome,
			@Nullable LocalDate outcomeOn) {
	}

}

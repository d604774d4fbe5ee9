package fr.passerelle.file.housing;

import static fr.passerelle.jooq.Tables.ORGANIZATION;
import static fr.passerelle.jooq.Tables.PERSON;
import static fr.passerelle.jooq.Tables.SIAO_ORIENTATION;
import static fr.passerelle.jooq.Tables.SIAO_PROPOSAL;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.file.FileReads.Nested;
import fr.passerelle.file.FileReads.Part;
import fr.passerelle.file.FileReads;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Provenance;
import fr.passerelle.file.SiaoReferrals;
import fr.passerelle.jooq.Routines;
import fr.passerelle.jooq.enums.OrientationSolution;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.jooq.enums.ProposalOutcome;
import fr.passerelle.jooq.tables.records.SiaoOrientationRecord;
import fr.passerelle.jooq.tables.records.SiaoProposalRecord;
import fr.passerelle.organization.Involvements;
import fr.passerelle.organization.Organizations;

/**
 * SIAO orientations and their proposals in the database (under the viewer's RLS). The
 * orientations of a batch of persons are read in one statement (and their organizations
 * in one more), their proposals in one more statement that also names the proposals'
 * organizations: the count does not grow with the number of orientations.
 */
@Repository
class Orientations {

	/** Proposals, oldest first: the story of the orientation. */
	static final Part<ProposalView> PROPOSALS = new Part<>("file.siaoProposals", SIAO_PROPOSAL,
			List.of(SIAO_PROPOSAL.PROVIDER_ORGANIZATION_ID),
			List.of(SIAO_PROPOSAL.PROPOSED_ON, SIAO_PROPOSAL.RECORDED_AT, SIAO_PROPOSAL.ID), (row, organizations) -> {
				SiaoProposalRecord r = row.into(SIAO_PROPOSAL);
				UUID provider = r.getProviderOrganizationId();
				return new ProposalView(r.getId(), r.getPersonId(), r.getOrientationId(), r.getProposedOn(),
						r.getSolution(), (provider != null) ? organizations.apply(provider) : null, r.getOutcome(),
						r.getOutcomeOn(),
						Provenance.of(row, SIAO_PROPOSAL, organizations.apply(r.getRecordedByOrganizationId())));
			});

	/** The orientations with their proposals, in one statement with the other parts. */
	static final Part<OrientationView> ORIENTATIONS = new Part<>("file.siaoOrientations", SIAO_ORIENTATION,
			List.of(SIAO_ORIENTATION.SIAO_ORGANIZATION_ID),
			List.of(SIAO_ORIENTATION.REQUESTED_ON.desc(), SIAO_ORIENTATION.RECORDED_AT.desc(), SIAO_ORIENTATION.ID),
			(row, organizations) -> {
				SiaoOrientationRecord r = row.into(SIAO_ORIENTATION);
				UUID siao = r.getSiaoOrganizationId();
				return new OrientationView(r.getId(), r.getPersonId(), r.getRequestedOn(), r.getRequestedSolution(),
						r.getRequestNote(), r.getStatus(), r.getDecidedOn(), r.getOutcomeNote(),
						(siao != null) ? organizations.apply(siao) : null, List.of(),
						Provenance.of(row, SIAO_ORIENTATION, organizations.apply(r.getRecordedByOrganizationId())));
			})
		.with(new Nested<>(SIAO_PROPOSAL, SIAO_PROPOSAL.ORIENTATION_ID,
				List.of(SIAO_PROPOSAL.RECORDED_BY_ORGANIZATION_ID, SIAO_PROPOSAL.PROVIDER_ORGANIZATION_ID),
				PROPOSALS.order(), PROPOSALS.mapper(), OrientationView::withProposals));

	private static final fr.passerelle.jooq.tables.Organization AUTHOR = ORGANIZATION.as("proposal_author");

	private static final fr.passerelle.jooq.tables.Organization PROVIDER = ORGANIZATION.as("proposal_provider");

	private final FileReads reads;

	private final ViewerTransactions transactions;

	private final Involvements involvements;

	private final Organizations organizations;

	private final Clock clock;

	Orientations(FileReads reads, ViewerTransactions transactions, Involvements involvements,
			Organizations organizations, Clock clock) {
		this.reads = reads;
		this.transactions = transactions;
		this.involvements = involvements;
		this.organizations = organizations;
		this.clock = clock;
	}

	/** One orientation with its proposals, in a transaction already open. */
	Optional<OrientationView> one(DSLContext dsl, UUID id) {
		return this.reads.one(dsl, ORIENTATIONS, id)
			.map((orientation) -> orientation
				.withProposals(proposals(dsl, SIAO_PROPOSAL.ORIENTATION_ID.eq(id)).getOrDefault(id, List.of())));
	}

	/** One orientation as the viewer's RLS lets it see it, in its own transaction. */
	Optional<OrientationView> find(AccessContext context, UUID id) {
		return this.transactions.run(context.scope(), (dsl) -> this.reads.one(dsl, ORIENTATIONS, id));
	}

	/**
	 * The proposals matching the condition, by orientation, in one statement that joins
	 * the organizations they name.
	 */
	private static Map<UUID, List<ProposalView>> proposals(DSLContext dsl, Condition condition) {
		List<Field<?>> fields = new ArrayList<>(List.of(SIAO_PROPOSAL.fields()));
		fields.addAll(List.of(AUTHOR.fields()));
		fields.addAll(List.of(PROVIDER.fields()));
		Map<UUID, List<ProposalView>> byOrientation = new HashMap<>();
		for (Record row : dsl.select(fields)
			.from(SIAO_PROPOSAL)
			.join(AUTHOR)
			.on(AUTHOR.ID.eq(SIAO_PROPOSAL.RECORDED_BY_ORGANIZATION_ID))
			.leftJoin(PROVIDER)
			.on(PROVIDER.ID.eq(SIAO_PROPOSAL.PROVIDER_ORGANIZATION_ID))
			.where(condition)
			.orderBy(PROPOSALS.order())
			.fetch()) {
			Map<UUID, Organization> named = new HashMap<>();
			named.put(row.get(AUTHOR.ID), organization(row, AUTHOR));
			if (row.get(PROVIDER.ID) != null) {
				named.put(row.get(PROVIDER.ID), organization(row, PROVIDER));
			}
			ProposalView proposal = PROPOSALS.mapper().map(row, named::get);
			byOrientation.computeIfAbsent(proposal.orientationId(), (id) -> new ArrayList<>()).add(proposal);
		}
		return byOrientation;
	}

	private static Organization organization(Record row, fr.passerelle.jooq.tables.Organization table) {
		return new Organization(row.get(table.ID), row.get(table.NAME), row.get(table.TYPE), row.get(table.TERRITORY),
				row.get(table.SENSITIVE_CATEGORY));
	}

	/**
	 * Records a request addressed to this SIAO and refers the person to it: the SIAO is
	 * involved with the person (SIAO_ORIENTATION) from the request date unless it already
	 * is, so it reaches the person under its mission rule at once. In the caller's
	 * transaction.
	 */
	void insertOrientation(DSLContext dsl, UUID id, UUID personId, Organization siao, LocalDate requestedOn,
			OrientationSolution requestedSolution, @Nullable String requestNote, Map<Field<?>, Object> provenance,
			Organization requester, String username) {
		dsl.insertInto(SIAO_ORIENTATION)
			.set(SIAO_ORIENTATION.ID, id)
			.set(SIAO_ORIENTATION.PERSON_ID, personId)
			.set(SIAO_ORIENTATION.SIAO_ORGANIZATION_ID, siao.id())
			.set(SIAO_ORIENTATION.REQUESTED_ON, requestedOn)
			.set(SIAO_ORIENTATION.REQUESTED_SOLUTION, requestedSolution)
			.set(SIAO_ORIENTATION.REQUEST_NOTE, requestNote)
			.set(SIAO_ORIENTATION.STATUS, OrientationStatus.REQUESTED)
			.set(provenance)
			.execute();
		LocalDate today = LocalDate.now(this.clock);
		if (!this.involvements.hasActive(dsl, personId, siao.id(), SiaoReferrals.KIND, today)) {
			this.involvements.insert(dsl, personId, siao.id(), SiaoReferrals.KIND, SiaoReferrals.start(requestedOn),
					SiaoReferrals.reason(requester), null, username);
		}
	}

	/**
	 * The SIAO of the person's territory, by name, and the one a request goes to: the one
	 * named, which must be one of them ({@code INVALID_INPUT} on {@code field}
	 * otherwise), else the territory's only SIAO (none when it has several, or none).
	 */
	record Addressing(List<Organization> siaos, @Nullable Organization siao) {
	}

	Addressing addressing(DSLContext dsl, UUID personId, @Nullable UUID named, String field) {
		String territory = dsl.select(PERSON.TERRITORY)
			.from(PERSON)
			.where(PERSON.ID.eq(personId))
			.fetchSingle()
			.value1();
		List<Organization> siaos = this.organizations.ofType(dsl, OrganizationType.SIAO, territory);
		if (named != null) {
			return new Addressing(siaos, siaos.stream()
				.filter((siao) -> siao.id().equals(named))
				.findFirst()
				.orElseThrow(
						() -> AccessException.invalid(field, field + " is not an SIAO of the person's territory")));
		}
		return new Addressing(siaos, (siaos.size() == 1) ? siaos.get(0) : null);
	}

	/**
	 * The SIAO a request for this person goes to ({@link #addressing}); several and none
	 * named, or none at all, is the client's to fix ({@code INVALID_INPUT} on
	 * input.siaoId).
	 */
	Organization addressee(DSLContext dsl, UUID personId, @Nullable UUID named) {
		Addressing addressing = addressing(dsl, personId, named, "input.siaoId");
		if (addressing.siao() == null) {
			throw AccessException.invalid("input.siaoId",
					addressing.siaos().isEmpty() ? "The person's territory has no SIAO in the partner directory"
							: "The person's territory has " + addressing.siaos().size()
									+ " SIAO: name one in input.siaoId (orientationCheck lists them)");
		}
		return addressing.siao();
	}

	/**
	 * Whether this SIAO already reaches the person or a registered person of the same
	 * identity (the database's {@code known_to_siao}): one boolean, never who.
	 */
	boolean knownTo(DSLContext dsl, UUID personId, UUID siao) {
		return Boolean.TRUE
			.equals(dsl.select(Routines.knownToSiao(DSL.val(personId), DSL.val(siao))).fetchSingle().value1());
	}

	/**
	 * After a decision, in its transaction: the SIAO's involvement with the person ends
	 * once no request addressed to it is open any more, on the last decision's day (the
	 * hand-over grace period follows).
	 */
	void close(DSLContext dsl, Record decided) {
		UUID personId = decided.get(SIAO_ORIENTATION.PERSON_ID);
		UUID siao = decided.get(SIAO_ORIENTATION.SIAO_ORGANIZATION_ID);
		if (siao == null) {
			return;
		}
		List<SiaoReferrals.Request> requests = dsl
			.select(SIAO_ORIENTATION.REQUESTED_ON, SIAO_ORIENTATION.STATUS, SIAO_ORIENTATION.DECIDED_ON)
			.from(SIAO_ORIENTATION)
			.where(SIAO_ORIENTATION.PERSON_ID.eq(personId), SIAO_ORIENTATION.SIAO_ORGANIZATION_ID.eq(siao))
			.fetch(org.jooq.Records.mapping(SiaoReferrals.Request::new));
		LocalDate end = SiaoReferrals.endOf(requests);
		if (end != null) {
			this.involvements.endOpen(dsl, personId, siao, SiaoReferrals.KIND, end);
		}
	}

	/**
	 * Records a proposal and moves its orientation to {@code PROPOSED}, in the caller's
	 * transaction. The orientation is usually its requester's element, not the SIAO's:
	 * the move goes through {@code propose_orientation} (database function), which also
	 * tells whether the orientation is still open; a decided one is a {@code CONFLICT},
	 * and the transaction (with the proposal) rolls back.
	 */
	void insertProposal(DSLContext dsl, UUID id, UUID personId, UUID orientationId, LocalDate proposedOn,
			OrientationSolution solution, @Nullable UUID provider, String proposer, Map<Field<?>, Object> provenance) {
		dsl.insertInto(SIAO_PROPOSAL)
			.set(SIAO_PROPOSAL.ID, id)
			.set(SIAO_PROPOSAL.PERSON_ID, personId)
			.set(SIAO_PROPOSAL.ORIENTATION_ID, orientationId)
			.set(SIAO_PROPOSAL.PROPOSED_ON, proposedOn)
			.set(SIAO_PROPOSAL.SOLUTION, solution)
			.set(SIAO_PROPOSAL.PROVIDER_ORGANIZATION_ID, provider)
			.set(SIAO_PROPOSAL.OUTCOME, ProposalOutcome.PENDING)
			.set(provenance)
			.execute();
		Boolean open = dsl.select(Routines.proposeOrientation(DSL.val(orientationId), DSL.val(proposer)))
			.fetchSingle()
			.value1();
		if (!Boolean.TRUE.equals(open)) {
			throw new AccessException(ErrorCode.CONFLICT,
					"This orientation is already decided: a new proposal needs a new orientation request",
					"input.orientationId");
		}
	}

	/**
	 * The changes of a decision: the outcome status, its date (on or after the request)
	 * and note. Accepting needs a proposal first.
	 */
	static FileWrites.Changes decision(OrientationStatus status, LocalDate decidedOn, @Nullable String outcomeNote) {
		return (current) -> {
			LocalDate requestedOn = current.get(SIAO_ORIENTATION.REQUESTED_ON);
			if (decidedOn.isBefore(requestedOn)) {
				throw AccessException.invalid("input.decidedOn",
						"input.decidedOn is before the request (" + requestedOn + ")");
			}
			OrientationStatus stored = current.get(SIAO_ORIENTATION.STATUS);
			if (status == OrientationStatus.ACCEPTED && stored == OrientationStatus.REQUESTED) {
				throw new AccessException(ErrorCode.CONFLICT,
						"No proposal answers this orientation yet: it can be refused or cancelled, not accepted",
						"input.status");
			}
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			set.put(SIAO_ORIENTATION.STATUS, status);
			set.put(SIAO_ORIENTATION.DECIDED_ON, decidedOn);
			set.put(SIAO_ORIENTATION.OUTCOME_NOTE, outcomeNote);
			return set;
		};
	}

	/**
	 * The changes of a proposal's outcome: {@code PENDING} has no date; any other outcome
	 * has one, on or after the proposal.
	 */
	static FileWrites.Changes outcome(ProposalOutcome outcome, @Nullable LocalDate outcomeOn) {
		return (current) -> {
			LocalDate proposedOn = current.get(SIAO_PROPOSAL.PROPOSED_ON);
			if (outcomeOn != null && outcomeOn.isBefore(proposedOn)) {
				throw AccessException.invalid("input.outcomeOn",
						"input.outcomeOn is before the proposal (" + proposedOn + ")");
			}
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			set.put(SIAO_PROPOSAL.OUTCOME, outcome);
			set.put(SIAO_PROPOSAL.OUTCOME_ON, outcomeOn);
			return set;
		};
	}

	/** Checks a proposal date against its orientation's request. */
	static LocalDate proposedOn(LocalDate proposedOn, OrientationView orientation) {
		if (proposedOn.isBefore(orientation.requestedOn())) {
			throw AccessException.invalid("input.proposedOn",
					"input.proposedOn is before the request (" + orientation.requestedOn() + ")");
		}
		return proposedOn;
	}

}

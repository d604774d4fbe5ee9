package fr.passerelle.file.housing;

import static fr.passerelle.jooq.Tables.HOUSEHOLD_COMPOSITION;
import static fr.passerelle.jooq.Tables.HOUSING_APPLICATION;
import static fr.passerelle.jooq.Tables.SIAO_ORIENTATION;
import static fr.passerelle.jooq.Tables.SIAO_PROPOSAL;
import static fr.passerelle.jooq.Tables.SIAO_QUEUE;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.SqlDecisions;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.ApplicationStatus;
import fr.passerelle.jooq.enums.HouseholdRole;
import fr.passerelle.jooq.enums.OrientationSolution;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.jooq.tables.HouseholdComposition;
import fr.passerelle.organization.Organizations;

/**
 * The SIAO's queue in the database: the open requests addressed to the viewer's SIAO,
 * oldest first, walked in the order of the queue's index ({@code siao_queue}, V17) and
 * paged by keyset, with their proposals, the counted household and the priority flags, in
 * one statement (plus one for organizations not kept in memory). An entry is read only
 * where the access decision, in SQL, lets the viewer see the orientation: its person
 * reached, the category disclosed, the organizations it names ones the viewer may know
 * of.
 */
@Repository
class SiaoQueue {

	private static final DataCategory CATEGORY = DataCategory.HOUSING_APPLICATION;

	private static final List<OrientationStatus> OPEN = List.of(OrientationStatus.REQUESTED,
			OrientationStatus.PROPOSED);

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	private final Organizations organizations;

	SiaoQueue(AccessDecisions decisions, ViewerTransactions transactions, Organizations organizations) {
		this.decisions = decisions;
		this.transactions = transactions;
		this.organizations = organizations;
	}

	/** Where a page starts: after this request. */
	record Position(LocalDate requestedOn, UUID id) {
	}

	/** What the queue is filtered on: solutions (empty: all), a stage (null: both). */
	record Filter(List<OrientationSolution> solutions, @Nullable OrientationStatus status) {
	}

	/** A read entry; the person is decided and loaded by the caller. */
	record Row(OrientationView orientation, int adults, int children, int others, boolean priority, boolean dalo) {
	}

	record Page(List<Row> rows, boolean hasNextPage) {
	}

	/**
	 * A page of the queue. The open requests are walked in the queue's order
	 * ({@code siao_queue}: reach probed per row), a few more than the page, and the
	 * decision applied to those walked; a page the walk could not fill while there may be
	 * more (entries the decision left out, rare) is read again without the walk's bound.
	 */
	Page page(AccessContext context, Filter filter, int first, @Nullable Position after) {
		int length = WALK * (first + 1);
		Read walked = read(context, filter, first, after, length);
		Read read = (walked.rows().size() <= first && (walked.rows().isEmpty() || walked.walked() >= length))
				? read(context, filter, first, after, null) : walked;
		boolean more = read.rows().size() > first;
		List<Row> rows = new ArrayList<>();
		for (Record row : more ? read.rows().subList(0, first) : read.rows()) {
			List<ProposalView> proposals = proposals(row).stream()
				.map((proposal) -> Orientations.PROPOSALS.mapper().map(proposal, read.names()))
				.toList();
			OrientationView orientation = Orientations.ORIENTATIONS.mapper()
				.map(row, read.names())
				.withProposals(proposals);
			Integer[] household = row.get("household", Integer[].class);
			rows.add(new Row(orientation, household[0], household[1], household[2], row.get("priority", Boolean.class),
					row.get("dalo", Boolean.class)));
		}
		return new Page(rows, more);
	}

	/** How many requests a page walks, at most, for each entry it shows. */
	private static final int WALK = 4;

	private record Read(List<Record> rows, int walked, Function<UUID, Organization> names) {
	}

	/**
	 * The page's statement: the queue walked ({@code length} requests at most, or all
	 * after the position), joined to the requests themselves under row-level security,
	 * the decision applied, with the proposals, the household and the flags each entry
	 * shows; and how many were walked.
	 */
	private Read read(AccessContext context, Filter filter, int first, @Nullable Position after,
			@Nullable Integer length) {
		SqlDecisions decision = this.decisions.inSql(context);
		var o = SIAO_ORIENTATION;
		var q = SIAO_QUEUE;
		Condition walk = DSL.noCondition();
		if (!filter.solutions().isEmpty()) {
			walk = walk.and(q.REQUESTED_SOLUTION.in(filter.solutions()));
		}
		if (filter.status() != null) {
			walk = walk.and(q.STATUS.eq(filter.status()));
		}
		if (after != null) {
			walk = walk.and(DSL.row(q.REQUESTED_ON, q.ID).gt(after.requestedOn(), after.id()));
		}
		var walkedQuery = DSL.select(q.ID, q.PERSON_ID).from(q).where(walk).orderBy(q.REQUESTED_ON, q.ID);
		CommonTableExpression<?> walked = DSL.name("walked")
			.fields("id", "person_id")
			.as((length != null) ? walkedQuery.limit(length) : walkedQuery);
		Field<UUID> walkedId = DSL.field(DSL.name("walked", "id"), UUID.class);
		Field<UUID> walkedPerson = DSL.field(DSL.name("walked", "person_id"), UUID.class);
		Condition seen = decision.reaches(o.PERSON_ID)
			.and(decision.discloses(CATEGORY))
			.and(decision.sees(CATEGORY, List.of(o.RECORDED_BY_ORGANIZATION_ID, o.SIAO_ORGANIZATION_ID), o.PERSON_ID));
		// the walked persons' current households, counted, in one call of the composition
		// function (it reads members the viewer may not reach: the composition is the
		// person's HOUSEHOLD data, shown under that category)
		HouseholdComposition c = HOUSEHOLD_COMPOSITION
			.call(DSL.field("array({0})", SQLDataType.UUID.array(), DSL.select(walkedPerson).from(DSL.name("walked"))))
			.as("c");
		CommonTableExpression<?> households = DSL.name("households")
			.fields("person_id", "adults", "children", "others")
			.as(DSL
				.select(c.PERSON_ID, count(c, HouseholdRole.ADULT), count(c, HouseholdRole.CHILD),
						count(c, HouseholdRole.OTHER))
				.from(c)
				.where(c.LEFT_ON.isNull())
				.groupBy(c.PERSON_ID));
		Field<UUID> householdPerson = DSL.field(DSL.name("households", "person_id"), UUID.class);
		Field<Integer[]> household = DSL
			.array(DSL.coalesce(DSL.field(DSL.name("households", "adults"), Integer.class), DSL.inline(0)),
					DSL.coalesce(DSL.field(DSL.name("households", "children"), Integer.class), DSL.inline(0)),
					DSL.coalesce(DSL.field(DSL.name("households", "others"), Integer.class), DSL.inline(0)))
			.as("household");
		var a = HOUSING_APPLICATION;
		Condition openApplication = a.PERSON_ID.eq(o.PERSON_ID)
			.and(a.STATUS.in(ApplicationStatus.ACTIVE, ApplicationStatus.PROPOSAL_RECEIVED))
			.and(decision.sees(CATEGORY, List.of(a.RECORDED_BY_ORGANIZATION_ID), a.PERSON_ID));
		Field<Boolean> priority = DSL
			.field(DSL.exists(DSL.selectOne().from(a).where(openApplication, a.PRIORITY.isTrue())))
			.as("priority");
		Field<Boolean> dalo = DSL.field(DSL.exists(DSL.selectOne().from(a).where(openApplication, a.DALO.isTrue())))
			.as("dalo");
		List<SelectFieldOrAsterisk> fields = new ArrayList<>(List.of(o.fields()));
		fields.add(DSL.multiset(DSL.selectFrom(SIAO_PROPOSAL)
			.where(SIAO_PROPOSAL.ORIENTATION_ID.eq(o.ID))
			.orderBy(Orientations.PROPOSALS.order())).as("proposals"));
		fields.addAll(List.of(household, priority, dalo,
				DSL.field(DSL.selectCount().from(DSL.name("walked"))).as("walked_count")));
		var permits = decision.permits(DSL.select(walkedPerson).from(DSL.name("walked")));
		Table<?> from = decision.join(o.join(DSL.table(DSL.name("walked")))
			.on(o.ID.eq(walkedId))
			.leftJoin(DSL.table(DSL.name("households")))
			.on(householdPerson.eq(o.PERSON_ID)), o.PERSON_ID);
		return this.transactions.run(context.scope(), (dsl) -> {
			var with = (permits != null) ? dsl.with(walked).with(households).with(permits)
					: dsl.with(walked).with(households);
			List<Record> rows = with.select(fields)
				.from(from)
				.where(seen)
				.orderBy(o.REQUESTED_ON, o.ID)
				.limit(first + 1)
				.fetch();
			Set<UUID> named = new HashSet<>();
			for (Record row : rows) {
				named.add(row.get(o.RECORDED_BY_ORGANIZATION_ID));
				named.add(row.get(o.SIAO_ORGANIZATION_ID));
				for (Record proposal : proposals(row)) {
					named.add(proposal.get(SIAO_PROPOSAL.RECORDED_BY_ORGANIZATION_ID));
					named.add(proposal.get(SIAO_PROPOSAL.PROVIDER_ORGANIZATION_ID));
				}
			}
			named.remove(null);
			int count = rows.isEmpty() ? 0 : rows.get(0).get("walked_count", Integer.class);
			return new Read(rows, count, this.organizations.lookup(dsl, named));
		});
	}

	@SuppressWarnings("unchecked")
	private static Result<Record> proposals(Record row) {
		return (Result<Record>) row.get("proposals");
	}

	private static Field<Integer> count(HouseholdComposition c, HouseholdRole role) {
		return DSL.countDistinct(c.MEMBER_ID).filterWhere(c.ROLE.eq(role));
	}

}

package fr.passerelle.person;

import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.PERSON;
import static fr.passerelle.jooq.Tables.RENT_ARREARS;
import static fr.passerelle.jooq.Tables.SIAO_ORIENTATION;
import static fr.passerelle.jooq.Tables.SIAO_PROPOSAL;
import static fr.passerelle.jooq.Tables.SUPPORT_MEASURE;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.AccessProperties;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Effect;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.ArrearsStatus;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.jooq.enums.ProposalOutcome;
import fr.passerelle.jooq.enums.SupportMeasureType;

/**
 * The caseload with filters and an order. A filter reads a category of the file (open
 * measures and case lead: SUPPORT_MEASURES; open arrears: RENT_ARREARS; a pending
 * orientation: HOUSING_APPLICATION) and ordering by name reads IDENTITY, so a filter only
 * matches persons whose category the viewer may see, and hidden names sort last: neither
 * can tell what the decision hides. When the policy gives the viewer's role those
 * categories under its mission, every reached person discloses them and the database
 * pages; otherwise the candidates are decided in bulk (one statement) and paged in
 * memory.
 */
@Repository
class Caseloads {

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	private final AccessProperties properties;

	private final Clock clock;

	Caseloads(AccessDecisions decisions, ViewerTransactions transactions, AccessProperties properties, Clock clock) {
		this.decisions = decisions;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	enum Order {

		/** Neutral: says nothing of anyone. */
		ID,
		/** The most recently recorded-in files first. */
		RECENT_ACTIVITY,
		/** By last name, then first name (IDENTITY); hidden names last. */
		NAME

	}

	record Filter(@Nullable List<SupportMeasureType> measureTypes, @Nullable Boolean caseLeadIsMe,
			@Nullable Boolean arrearsOpen, @Nullable Boolean needsDecision) {

		static final Filter NONE = new Filter(null, null, null, null);

		Set<DataCategory> categories() {
			Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
			if ((this.measureTypes != null && !this.measureTypes.isEmpty()) || Boolean.TRUE.equals(this.caseLeadIsMe)) {
				categories.add(DataCategory.SUPPORT_MEASURES);
			}
			if (Boolean.TRUE.equals(this.arrearsOpen)) {
				categories.add(DataCategory.RENT_ARREARS);
			}
			if (Boolean.TRUE.equals(this.needsDecision)) {
				categories.add(DataCategory.HOUSING_APPLICATION);
			}
			return categories;
		}

	}

	/** A position in an ordered caseload: the sort key and the id. */
	record Position(String key, UUID id) {
	}

	record Page(List<UUID> ids, List<Position> positions, boolean hasNextPage, int totalCount) {
	}

	private record Candidate(UUID id, String key) {
	}

	private record Found(List<Candidate> candidates, int total) {
	}

	Page page(AccessContext context, Filter filter, Order order, int first, @Nullable Position after) {
		var organization = context.viewer().organization();
		if (organization == null) {
			return new Page(List.of(), List.of(), false, 0);
		}
		Set<DataCategory> read = filter.categories();
		for (DataCategory category : read) {
			if (context.cap(category) == Effect.DENY) {
				throw new AccessException(ErrorCode.FORBIDDEN, "Your role may not see " + category + " for the purpose "
						+ context.purpose() + ": this filter cannot be used", "filter");
			}
		}
		boolean exact = read.stream().allMatch((category) -> mission(context, category))
				&& (order != Order.NAME || mission(context, DataCategory.IDENTITY));
		Condition matching = involved(context).and(filters(context, filter));
		var found = this.transactions.run(context.scope(),
				(dsl) -> new Found(candidates(dsl, matching, order, exact ? after : null, exact ? first + 1 : -1),
						exact ? dsl.fetchCount(PERSON, matching) : -1));
		List<Candidate> candidates = exact ? found.candidates() : decided(context, found.candidates(), read, order);
		int total = exact ? found.total() : candidates.size();
		List<Candidate> rest = candidates;
		if (!exact && after != null) {
			Comparator<Candidate> comparator = comparator(order);
			Candidate cursor = new Candidate(after.id(), after.key());
			rest = candidates.stream().filter((candidate) -> comparator.compare(candidate, cursor) > 0).toList();
		}
		boolean more = rest.size() > first;
		List<Candidate> page = more ? rest.subList(0, first) : rest;
		return new Page(page.stream().map(Candidate::id).toList(),
				page.stream().map((candidate) -> new Position(candidate.key(), candidate.id())).toList(), more, total);
	}

	private static boolean mission(AccessContext context, DataCategory category) {
		return !category.isSensitive() && context.cap(category) == Effect.MISSION;
	}

	/**
	 * Keeps the persons whose filtered categories are disclosed; hides undisclosed names.
	 */
	private List<Candidate> decided(AccessContext context, List<Candidate> candidates, Set<DataCategory> read,
			Order order) {
		Map<UUID, PersonAccess> access = this.decisions.decide(context,
				candidates.stream().map(Candidate::id).toList());
		List<Candidate> kept = new ArrayList<>();
		for (Candidate candidate : candidates) {
			PersonAccess person = access.get(candidate.id());
			if (person == null || !read.stream().allMatch(person::discloses)) {
				continue;
			}
			boolean hidden = order == Order.NAME && !person.discloses(DataCategory.IDENTITY);
			kept.add(hidden ? new Candidate(candidate.id(), "\uffff") : candidate);
		}
		kept.sort(comparator(order));
		return kept;
	}

	private static Comparator<Candidate> comparator(Order order) {
		return Comparator.comparing(Candidate::key).thenComparing(Candidate::id);
	}

	private static List<Candidate> candidates(DSLContext dsl, Condition matching, Order order, @Nullable Position after,
			int limit) {
		Condition condition = matching;
		var lastName = DSL.lower(PERSON.LAST_NAME);
		var firstName = DSL.lower(PERSON.FIRST_NAME);
		if (after != null) {
			condition = condition.and(switch (order) {
				case ID -> PERSON.ID.gt(after.id());
				case RECENT_ACTIVITY ->
					DSL.row(PERSON.LAST_ACTIVITY_AT, PERSON.ID).lt(activity(after.key()), after.id());
				case NAME -> DSL.row(lastName, firstName, PERSON.ID)
					.gt(after.key().split("\u0001", 2)[0], after.key().split("\u0001", 2)[1], after.id());
			});
		}
		var ordering = switch (order) {
			case ID -> List.of(PERSON.ID.asc());
			case RECENT_ACTIVITY -> List.of(PERSON.LAST_ACTIVITY_AT.desc(), PERSON.ID.desc());
			case NAME -> List.of(lastName.asc(), firstName.asc(), PERSON.ID.asc());
		};
		var query = dsl.select(PERSON.ID, PERSON.LAST_NAME, PERSON.FIRST_NAME, PERSON.LAST_ACTIVITY_AT)
			.from(PERSON)
			.where(condition)
			.orderBy(ordering);
		var rows = (limit > 0) ? query.limit(limit).fetch() : query.fetch();
		return rows.stream().map((row) -> new Candidate(row.value1(), key(order, row))).toList();
	}

	private Condition involved(AccessContext context) {
		LocalDate today = LocalDate.now(this.clock);
		LocalDate graceStart = today.minusDays(this.properties.gracePeriod().toDays());
		return DSL.exists(DSL.selectOne()
			.from(INVOLVEMENT)
			.where(INVOLVEMENT.PERSON_ID.eq(PERSON.ID),
					INVOLVEMENT.ORGANIZATION_ID.eq(context.viewer().organization().id()),
					INVOLVEMENT.STARTED_ON.le(today),
					INVOLVEMENT.ENDED_ON.isNull().or(INVOLVEMENT.ENDED_ON.ge(graceStart))));
	}

	private Condition filters(AccessContext context, Filter filter) {
		LocalDate today = LocalDate.now(this.clock);
		Condition condition = DSL.noCondition();
		Condition openMeasure = SUPPORT_MEASURE.PERSON_ID.eq(PERSON.ID)
			.and(SUPPORT_MEASURE.ENDED_ON.isNull().or(SUPPORT_MEASURE.ENDED_ON.gt(today)));
		if (filter.measureTypes() != null && !filter.measureTypes().isEmpty()) {
			condition = condition.and(DSL.exists(DSL.selectOne()
				.from(SUPPORT_MEASURE)
				.where(openMeasure.and(SUPPORT_MEASURE.TYPE.in(filter.measureTypes())))));
		}
		if (Boolean.TRUE.equals(filter.caseLeadIsMe())) {
			condition = condition.and(DSL.exists(DSL.selectOne()
				.from(SUPPORT_MEASURE)
				.where(openMeasure.and(SUPPORT_MEASURE.CASE_LEAD.eq(context.viewer().username())))));
		}
		if (Boolean.TRUE.equals(filter.arrearsOpen())) {
			Condition open = RENT_ARREARS.PERSON_ID.eq(PERSON.ID).and(RENT_ARREARS.STATUS.ne(ArrearsStatus.CLOSED));
			if (context.ownRecordsOnly().contains(DataCategory.RENT_ARREARS)
					&& context.cap(DataCategory.RENT_ARREARS) == Effect.MISSION) {
				// the mission covers only the viewer's organization's own arrears
				open = open.and(RENT_ARREARS.RECORDED_BY_ORGANIZATION_ID.eq(context.viewer().organization().id()));
			}
			condition = condition.and(DSL.exists(DSL.selectOne().from(RENT_ARREARS).where(open)));
		}
		if (Boolean.TRUE.equals(filter.needsDecision())) {
			condition = condition.and(DSL
				.exists(DSL.selectOne()
					.from(SIAO_ORIENTATION)
					.where(SIAO_ORIENTATION.PERSON_ID.eq(PERSON.ID),
							SIAO_ORIENTATION.STATUS.in(OrientationStatus.REQUESTED, OrientationStatus.PROPOSED)))
				.or(DSL.exists(DSL.selectOne()
					.from(SIAO_PROPOSAL)
					.where(SIAO_PROPOSAL.PERSON_ID.eq(PERSON.ID), SIAO_PROPOSAL.OUTCOME.eq(ProposalOutcome.PENDING)))));
		}
		return condition;
	}

	private static String key(Order order, Record4<UUID, String, String, OffsetDateTime> row) {
		return switch (order) {
			case ID -> "";
			// descending time as an ascending key
			case RECENT_ACTIVITY -> String.format(Locale.ROOT, "%020d",
					Long.MAX_VALUE - ChronoUnit.MICROS.between(Instant.EPOCH, row.value4().toInstant()));
			case NAME -> row.value2().toLowerCase(Locale.ROOT) + "\u0001" + row.value3().toLowerCase(Locale.ROOT);
		};
	}

	private static OffsetDateTime activity(String key) {
		long micros = Long.MAX_VALUE - Long.parseLong(key);
		return OffsetDateTime.ofInstant(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), ZoneOffset.UTC);
	}

}

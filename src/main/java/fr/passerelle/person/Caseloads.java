package fr.passerelle.person;

import static fr.passerelle.jooq.Tables.PERSON;
import static fr.passerelle.jooq.Tables.PERSON_ACTIVITY;
import static fr.passerelle.jooq.Tables.REACHABLE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.SelectSelectStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Effect;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.SqlDecisions;
import fr.passerelle.access.ViewerTransactions;

/**
 * The caseload with filters and an order, telling only what the fields the viewer may
 * read show. A filter is one a part of the file offers ({@link CaseloadFilter}: open
 * measures and case lead, SUPPORT_MEASURES; open arrears, RENT_ARREARS; a pending
 * orientation or proposal, HOUSING_APPLICATION); it reads the part's category and matches
 * only elements the viewer sees in that part of the file (not a sensitive organization's
 * measure the consent hides, not another landlord's arrears under a mission that covers
 * one's own); ordering by name reads IDENTITY, hidden names sorting last; ordering by
 * recent activity reads only the activity of elements the viewer sees. All of it is
 * decided in the statement that pages, from the same decision as the fields
 * ({@link SqlDecisions}); cursors are sealed ({@code Cursors}).
 */
@Repository
class Caseloads {

	/**
	 * Before anything the hub records: the activity key of a person with none visible.
	 */
	private static final OffsetDateTime NO_ACTIVITY = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

	/** How many persons a name-order walk reads, at most, for each row of the page. */
	private static final int WALK = 50;

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	/** The filters the parts of the file offer, by name. */
	private final Map<String, CaseloadFilter> filters = new HashMap<>();

	Caseloads(AccessDecisions decisions, ViewerTransactions transactions, List<CaseloadFilter.Source> sources) {
		this.decisions = decisions;
		this.transactions = transactions;
		sources.forEach((source) -> source.caseloadFilters().forEach((filter) -> {
			if (this.filters.put(filter.name(), filter) != null) {
				throw new IllegalStateException("Two caseload filters are named " + filter.name());
			}
		}));
	}

	enum Order {

		/** Neutral: says nothing of anyone. */
		ID,
		/** The files with the most recent activity the viewer may see first. */
		RECENT_ACTIVITY,
		/** By last name, then first name (IDENTITY); hidden names last. */
		NAME

	}

	/**
	 * The filters asked (fields of {@code CaseloadFilter} whose value asks for
	 * something), in the order of their names.
	 */
	record Filter(SortedMap<String, Object> values) {

		static final Filter NONE = new Filter(new TreeMap<>());

		static Filter of(@Nullable Map<String, Object> input) {
			SortedMap<String, Object> values = new TreeMap<>();
			if (input != null) {
				input.forEach((name, value) -> {
					if (CaseloadFilter.asked(value)) {
						values.put(name, value);
					}
				});
			}
			return new Filter(values);
		}

		boolean isEmpty() {
			return this.values.isEmpty();
		}

	}

	/**
	 * A position in an ordered caseload: the sort key (empty in the neutral order) and
	 * the id. It travels sealed.
	 */
	record Position(String key, UUID id) {
	}

	record Page(List<UUID> ids, List<Position> positions, boolean hasNextPage, int totalCount) {
	}

	/**
	 * A page of the caseload, and if asked its total count, in one statement (the count a
	 * scalar sub-query of the page's; a second statement only for an empty page after a
	 * cursor, or for a page in name order that the walk could not fill).
	 */
	Page page(AccessContext context, Filter filter, Order order, int first, @Nullable Position after, boolean counted) {
		if (context.viewer().organization() == null) {
			return new Page(List.of(), List.of(), false, 0);
		}
		for (String name : filter.values().keySet()) {
			DataCategory category = filter(name).category();
			if (context.cap(category) == Effect.DENY) {
				throw new AccessException(ErrorCode.FORBIDDEN, "Your role may not see " + category + " for the purpose "
						+ context.purpose() + ": this filter cannot be used", "filter");
			}
		}
		boolean walkable = (order == Order.ID && !filter.isEmpty())
				|| (order == Order.NAME && this.decisions.inSql(context).disclosesToAll(DataCategory.IDENTITY));
		if (walkable) {
			Page walked = walk(context, filter, order, first, after, counted);
			if (walked != null) {
				return walked;
			}
		}
		SqlDecisions decision = this.decisions.inSql(context);
		Condition reached = decision.reaches(PERSON.ID);
		Condition matching = reached.and(filters(context, decision, filter, PERSON.ID));
		Keys keys = keys(decision, order);
		Condition page = (after != null) ? matching.and(keys.after().apply(after)) : matching;
		Field<Integer> count = count(context, decision, filter);
		// the conditions built: the consents are read only if one of them needs them
		Table<?> persons = decision.join(PERSON, PERSON.ID);
		var permits = decision.permits(DSL.select(PERSON.ID).from(PERSON).where(reached));
		// without a filter, in the neutral order, the page is read on the involvements'
		// index (the view reachable, as row-level security reads it): its cost does not
		// grow with the caseload
		Table<?> source = persons;
		if (filter.isEmpty() && order == Order.ID) {
			Table<?> ids = DSL.selectDistinct(REACHABLE.PERSON_ID)
				.from(REACHABLE)
				.where((after != null) ? REACHABLE.PERSON_ID.gt(after.id()) : DSL.noCondition())
				.orderBy(REACHABLE.PERSON_ID)
				.limit(first + 1)
				.asTable("page_ids");
			source = PERSON.join(ids).on(PERSON.ID.eq(ids.field(REACHABLE.PERSON_ID)));
		}
		List<Field<?>> fields = new ArrayList<>(keys.fields());
		if (counted) {
			fields.add(count);
		}
		Table<?> from = source;
		return this.transactions.run(context.scope(), (dsl) -> {
			List<Record> rows = select(dsl, permits, fields).from(from)
				.where(page)
				.orderBy(keys.order())
				.limit(first + 1)
				.fetch();
			int total = 0;
			if (counted && !rows.isEmpty()) {
				total = rows.get(0).get("total", Integer.class);
			}
			else if (counted && after != null) {
				total = select(dsl, permits, List.of(count)).fetchSingle().get(0, Integer.class);
			}
			boolean more = rows.size() > first;
			List<UUID> ids = new ArrayList<>();
			List<Position> positions = new ArrayList<>();
			for (Record row : more ? rows.subList(0, first) : rows) {
				ids.add(row.get(PERSON.ID));
				positions.add(keys.position().apply(row));
			}
			return new Page(ids, positions, more, total);
		});
	}

	/**
	 * The caseload's count: without a filter, the persons the organization reaches (the
	 * involvements' index alone); with one, those of them it matches, decided on the
	 * reached ids without reading the persons' rows.
	 */
	private Field<Integer> count(AccessContext context, SqlDecisions decision, Filter filter) {
		if (filter.isEmpty()) {
			return DSL.field(DSL.select(DSL.countDistinct(REACHABLE.PERSON_ID)).from(REACHABLE)).as("total");
		}
		Table<?> reached = DSL.selectDistinct(REACHABLE.PERSON_ID).from(REACHABLE).asTable("reached");
		Field<UUID> person = reached.field(REACHABLE.PERSON_ID);
		Condition matching = filters(context, decision, filter, person);
		return DSL.field(DSL.select(DSL.count()).from(decision.join(reached, person)).where(matching)).as("total");
	}

	/**
	 * A page walked in its order: in the neutral order, the persons the organization
	 * reaches in the order of the involvements' index; in name order, where every name of
	 * the caseload is disclosed without a consent (the key then tells nothing the fields
	 * do not), the persons of the territory in the order of the name index. The first
	 * persons the organization reaches and the filter matches make the page, so a page
	 * costs the persons walked to fill it, not the caseload. The walk stops after
	 * {@link #WALK} persons per row asked; a page it does not fill (a sparse filter, a
	 * small caseload in a large territory, the last page) is left to the full order
	 * ({@code null}), as is a filter that reads a consent.
	 */
	private @Nullable Page walk(AccessContext context, Filter filter, Order order, int first, @Nullable Position after,
			boolean counted) {
		SqlDecisions decision = this.decisions.inSql(context);
		int length = WALK * (first + 1);
		Table<?> walked;
		if (order == Order.ID) {
			walked = DSL.selectDistinct(REACHABLE.PERSON_ID.as("id"))
				.from(REACHABLE)
				.where((after != null) ? REACHABLE.PERSON_ID.gt(after.id()) : DSL.noCondition())
				.orderBy(REACHABLE.PERSON_ID)
				.limit(length)
				.asTable("walked");
		}
		else {
			Field<String> lastName = DSL.lower(PERSON.LAST_NAME);
			Field<String> givenName = DSL.lower(PERSON.FIRST_NAME);
			Condition start = DSL.noCondition();
			if (after != null) {
				String[] key = nameKey(after);
				if (!key[0].equals("0")) {
					return null;
				}
				start = DSL.row(lastName, givenName, PERSON.ID).gt(key[1], key[2], after.id());
			}
			walked = DSL.select(PERSON.ID.as("id"), lastName.as("last"), givenName.as("given"))
				.from(PERSON)
				.where(start)
				.orderBy(lastName, givenName, PERSON.ID)
				.limit(length)
				.asTable("walked");
		}
		Field<UUID> id = walked.field("id", UUID.class);
		Condition matching = filters(context, decision, filter, id);
		List<Field<?>> fields = new ArrayList<>(List.of(id));
		List<OrderField<?>> sort = new ArrayList<>();
		if (order == Order.NAME) {
			// the territory's persons: only those the organization reaches
			matching = decision.reaches(id).and(matching);
			fields.add(walked.field("last", String.class));
			fields.add(walked.field("given", String.class));
			sort.addAll(List.of(walked.field("last").asc(), walked.field("given").asc()));
		}
		sort.add(id.asc());
		if (counted) {
			fields.add(count(context, decision, filter));
		}
		if (decision.readsConsents()) {
			return null;
		}
		Condition where = matching;
		List<Record> rows = this.transactions.run(context.scope(),
				(dsl) -> dsl.select(fields).from(walked).where(where).orderBy(sort).limit(first + 1).fetch());
		if (rows.size() <= first) {
			return null;
		}
		List<UUID> ids = new ArrayList<>();
		List<Position> positions = new ArrayList<>();
		for (Record row : rows.subList(0, first)) {
			ids.add(row.get(id));
			positions.add(new Position(
					(order == Order.ID) ? ""
							: String.join("\u0001", "0", row.get("last", String.class), row.get("given", String.class)),
					row.get(id)));
		}
		return new Page(ids, positions, true, counted ? rows.get(0).get("total", Integer.class) : 0);
	}

	/** A name-order key: hidden (0 or 1), last name, given name. */
	private static String[] nameKey(Position position) {
		String[] key = position.key().split("\u0001", -1);
		if (key.length != 3 || !key[0].matches("[01]")) {
			throw AccessException.invalid("after", "after is not a cursor of this connection");
		}
		return key;
	}

	private static SelectSelectStep<Record> select(DSLContext dsl, @Nullable CommonTableExpression<?> with,
			List<? extends SelectFieldOrAsterisk> fields) {
		return (with != null) ? dsl.with(with).select(fields) : dsl.select(fields);
	}

	/**
	 * An order's key columns, its ordering, its keyset condition after a position and the
	 * position of a row.
	 */
	private record Keys(List<Field<?>> fields, List<OrderField<?>> order, Function<Position, Condition> after,
			Function<Record, Position> position) {
	}

	private static Keys keys(SqlDecisions decision, Order order) {
		return switch (order) {
			case ID -> new Keys(List.of(PERSON.ID), List.of(PERSON.ID.asc()), (position) -> PERSON.ID.gt(position.id()),
					(row) -> new Position("", row.get(PERSON.ID)));
			case NAME -> {
				Condition named = decision.discloses(DataCategory.IDENTITY);
				Field<Integer> hidden = DSL.when(named, DSL.inline(0)).otherwise(DSL.inline(1));
				Field<String> last = DSL.when(named, DSL.lower(PERSON.LAST_NAME)).otherwise(DSL.inline(""));
				Field<String> given = DSL.when(named, DSL.lower(PERSON.FIRST_NAME)).otherwise(DSL.inline(""));
				yield new Keys(List.of(PERSON.ID, hidden.as("hidden"), last.as("last"), given.as("given")),
						List.of(DSL.field(DSL.name("hidden")).asc(), DSL.field(DSL.name("last")).asc(),
								DSL.field(DSL.name("given")).asc(), PERSON.ID.asc()),
						(position) -> {
							String[] key = nameKey(position);
							return DSL.row(hidden, last, given, PERSON.ID)
								.gt(Integer.parseInt(key[0]), key[1], key[2], position.id());
						},
						(row) -> new Position(
								String.join("\u0001", String.valueOf(row.get("hidden", Integer.class)),
										row.get("last", String.class), row.get("given", String.class)),
								row.get(PERSON.ID)));
			}
			case RECENT_ACTIVITY -> {
				Field<OffsetDateTime> activity = DSL.coalesce(
						DSL.field(DSL.select(DSL.max(PERSON_ACTIVITY.LAST_AT))
							.from(PERSON_ACTIVITY)
							.where(PERSON_ACTIVITY.PERSON_ID.eq(PERSON.ID), decision.sees(PERSON_ACTIVITY.CATEGORY,
									PERSON_ACTIVITY.ORGANIZATIONS, PERSON_ACTIVITY.OWNERS, PERSON_ACTIVITY.PERSON_ID))),
						DSL.val(NO_ACTIVITY));
				yield new Keys(List.of(PERSON.ID, activity.as("activity")),
						List.of(DSL.field(DSL.name("activity")).desc(), PERSON.ID.desc()),
						(position) -> DSL.row(activity, PERSON.ID).lt(instant(position.key()), position.id()), (
								row) -> new Position(
										Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH,
												row.get("activity", OffsetDateTime.class).toInstant())),
										row.get(PERSON.ID)));
			}
		};
	}

	/** A recent-activity key: microseconds since the epoch. */
	private static OffsetDateTime instant(String key) {
		try {
			return OffsetDateTime.ofInstant(Instant.EPOCH.plus(Long.parseLong(key), ChronoUnit.MICROS), ZoneOffset.UTC);
		}
		catch (NumberFormatException | ArithmeticException | java.time.DateTimeException ex) {
			throw AccessException.invalid("after", "after is not a cursor of this connection");
		}
	}

	/**
	 * The filters asked, each on a category disclosed for the person and matching
	 * elements the viewer sees.
	 */
	private Condition filters(AccessContext context, SqlDecisions decision, Filter filter, Field<UUID> person) {
		Condition condition = DSL.noCondition();
		for (Map.Entry<String, Object> asked : filter.values().entrySet()) {
			CaseloadFilter offered = filter(asked.getKey());
			condition = condition.and(decision.discloses(offered.category()))
				.and(offered.matcher().matches(context, decision, asked.getValue(), person));
		}
		return condition;
	}

	private CaseloadFilter filter(String name) {
		CaseloadFilter filter = this.filters.get(name);
		if (filter == null) {
			// the schema declares a field of CaseloadFilter that no part offers
			throw new IllegalStateException("No part of the file offers the caseload filter " + name);
		}
		return filter;
	}

}

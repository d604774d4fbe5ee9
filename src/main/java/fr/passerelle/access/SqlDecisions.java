package fr.passerelle.access;

import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.ORGANIZATION;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;

/**
 * The access decision of one request as SQL conditions, for the queries that filter,
 * order or count persons (the caseload): they may use only what the fields the viewer may
 * read show, so they are computed from the same decision. The policy cap is applied here
 * as in {@link DecisionRules}; the consent step for the categories that depend on it is
 * the database's {@code consent_decisions}, read once per statement for all the persons
 * of the query ({@link #permits}) and joined to each person as the array of categories a
 * consent permits ({@link #permitted}) — only when a condition built reads a consent: a
 * query builds its conditions first, then asks for {@link #permits} and {@link #join}.
 *
 * <p>
 * An element is seen by the viewer when its category is disclosed for its person and
 * every sensitive organization it names is the viewer's own or one whose sensitive
 * category the person's consent lets the viewer see; where the category is disclosed
 * under a mission that covers only the viewer's own elements, it must name the viewer's
 * organization ({@code FileReads.visible} in the hub, the same rule).
 */
public final class SqlDecisions {

	private static final Name PERMITS = DSL.name("permits");

	private static final Field<UUID> PERMITS_PERSON = DSL.field(DSL.name("permits", "person_id"), SQLDataType.UUID);

	private static final Field<Object> PERMITS_CATEGORIES = DSL.field(DSL.name("permits", "categories"));

	private final AccessContext context;

	private final LocalDate today;

	private final LocalDate graceStart;

	private final UUID organization;

	private final Set<DataCategory> mission = EnumSet.noneOf(DataCategory.class);

	private final Set<DataCategory> consented = EnumSet.noneOf(DataCategory.class);

	private final Set<DataCategory> ownOnly = EnumSet.noneOf(DataCategory.class);

	/** Whether a condition built so far reads a consent ({@link #permits} is needed). */
	private boolean consulted;

	SqlDecisions(AccessContext context, LocalDate today, LocalDate graceStart) {
		Viewer.ViewerOrganization viewerOrganization = context.viewer().organization();
		if (viewerOrganization == null || context.policy() == null) {
			throw new IllegalStateException("A viewer without organization reaches no one");
		}
		this.context = context;
		this.today = today;
		this.graceStart = graceStart;
		this.organization = viewerOrganization.id();
		for (DataCategory category : DataCategory.values()) {
			Effect cap = context.cap(category);
			if (cap == Effect.MISSION && !category.isSensitive()) {
				this.mission.add(category);
				if (context.ownRecordsOnly().contains(category)) {
					this.ownOnly.add(category);
				}
			}
			else if (cap != Effect.DENY) {
				this.consented.add(category);
			}
		}
	}

	/**
	 * Whether the viewer's organization reaches this person through an involvement
	 * (active, or in its grace period): the persons of its caseload.
	 */
	public Condition reaches(Field<UUID> person) {
		return DSL.exists(DSL.selectOne()
			.from(INVOLVEMENT)
			.where(AccessDecisions.involvement(this.organization, person, this.today),
					INVOLVEMENT.ENDED_ON.isNull().or(INVOLVEMENT.ENDED_ON.ge(this.graceStart))));
	}

	/**
	 * The common table {@code permits (person_id, categories)}: for each of these persons
	 * whom a consent permits something, the categories it permits. A query reading the
	 * decision starts {@code WITH} it and joins it to its persons with {@link #join}.
	 */
	public @Nullable CommonTableExpression<?> permits(Select<? extends Record1<UUID>> persons) {
		Viewer.ViewerOrganization viewer = this.context.viewer().organization();
		if (!this.consulted) {
			return null;
		}
		Table<?> decisions = DSL
			.table("passerelle.consent_decisions(array({0}), {1}::text[]::passerelle.data_category[], "
					+ "{2}::passerelle.purpose, {3}, {4}::passerelle.organization_type, {5})", persons,
					DSL.val(this.consented.stream().map(Enum::name).toArray(String[]::new)),
					DSL.val(this.context.purpose().name()), DSL.val(this.organization), DSL.val(viewer.type().name()),
					DSL.val(this.today))
			.as("d");
		return PERMITS.fields("person_id", "categories")
			.asMaterialized(DSL
				.select(DSL.field(DSL.name("d", "person_id"), SQLDataType.UUID),
						DSL.field("array_agg({0})", Object.class, DSL.field(DSL.name("d", "category"))))
				.from(decisions)
				.where(DSL.field(DSL.name("d", "permitted"), SQLDataType.BOOLEAN).isTrue())
				.groupBy(DSL.field(DSL.name("d", "person_id"))));
	}

	/**
	 * The persons' table, left-joined to {@link #permits} on this person column when a
	 * condition reads a consent.
	 */
	public Table<?> join(Table<?> persons, Field<UUID> person) {
		return this.consulted ? persons.leftJoin(DSL.table(PERMITS)).on(PERMITS_PERSON.eq(person)) : persons;
	}

	/** The day the decision is made for (an element open today is current). */
	public LocalDate today() {
		return this.today;
	}

	/**
	 * Whether this category is disclosed for every person the organization reaches, under
	 * its mission, without a consent to read.
	 */
	public boolean disclosesToAll(DataCategory category) {
		return this.mission.contains(category);
	}

	/**
	 * Whether a condition built so far reads a consent: the query then needs
	 * {@link #permits} and {@link #join}.
	 */
	public boolean readsConsents() {
		return this.consulted;
	}

	/** Whether the decision discloses this category of the (joined) person. */
	public Condition discloses(DataCategory category) {
		if (this.mission.contains(category)) {
			return DSL.trueCondition();
		}
		if (!this.consented.contains(category)) {
			return DSL.falseCondition();
		}
		return permitted(DSL.inline(category.name()));
	}

	/** Whether the decision discloses the category in this column (a data_category). */
	public Condition discloses(Field<?> category) {
		Condition condition = DSL.falseCondition();
		if (!this.mission.isEmpty()) {
			condition = condition.or(DSL.condition("{0} = ANY ({1}::text[]::passerelle.data_category[])", category,
					DSL.val(names(this.mission))));
		}
		if (!this.consented.isEmpty()) {
			condition = condition.or(permitted(category));
		}
		return condition;
	}

	/**
	 * Whether an element, its category being disclosed, is seen by the viewer: every
	 * sensitive organization it names may be known of and, under a mission that covers
	 * only the viewer's own elements, it names the viewer's organization.
	 * @param organizations the element's columns naming organizations, its author's first
	 * @param person the element's person column
	 */
	public Condition sees(DataCategory category, List<Field<UUID>> organizations, Field<UUID> person) {
		Field<UUID[]> named = array(organizations);
		Condition condition = knows(named, person);
		if (this.ownOnly.contains(category)) {
			condition = condition.and(DSL.val(this.organization).eq(DSL.any(named)));
		}
		return condition;
	}

	/**
	 * Whether the viewer may know of the organizations a nested element names (a proposal
	 * within its orientation): its parent being seen, the nested element is seen too.
	 */
	public Condition knows(List<Field<UUID>> organizations, Field<UUID> person) {
		return knows(array(organizations), person);
	}

	/**
	 * As {@link #sees} for a row of {@code person_activity}: its category in a column,
	 * the organizations it names and the owners the own-elements rule reads.
	 */
	public Condition sees(Field<?> category, Field<UUID[]> organizations, Field<UUID[]> owners, Field<UUID> person) {
		Condition condition = discloses(category).and(knows(organizations, person));
		if (!this.ownOnly.isEmpty()) {
			condition = condition.and(DSL.condition("NOT ({0} = ANY ({1}::text[]::passerelle.data_category[]))",
					category, DSL.val(names(this.ownOnly)))
				.or(DSL.val(this.organization).eq(DSL.any(owners))));
		}
		return condition;
	}

	/**
	 * Whether the viewer may know of every organization of this array: none is a
	 * sensitive organization other than the viewer's whose sensitive category the
	 * person's consent does not let the viewer see.
	 */
	private Condition knows(Field<UUID[]> organizations, Field<UUID> person) {
		return DSL.notExists(DSL.selectOne()
			.from(ORGANIZATION)
			.where(ORGANIZATION.ID.eq(DSL.any(organizations)), ORGANIZATION.SENSITIVE_CATEGORY.isNotNull(),
					ORGANIZATION.ID.ne(this.organization),
					DSL.not(sensitiveDisclosed(ORGANIZATION.SENSITIVE_CATEGORY, person))));
	}

	/**
	 * Whether this sensitive category is disclosed for this one person (never under a
	 * mission: a permit naming the viewer's organization must win). Decided for the
	 * person alone, where an element names a sensitive organization — rare — rather than
	 * for the whole caseload.
	 */
	private Condition sensitiveDisclosed(Field<?> category, Field<UUID> person) {
		Set<DataCategory> sensitive = EnumSet.copyOf(DataCategory.SENSITIVE);
		sensitive.retainAll(this.consented);
		if (sensitive.isEmpty()) {
			return DSL.falseCondition();
		}
		Viewer.ViewerOrganization viewer = this.context.viewer().organization();
		return DSL.condition(
				"{0} = ANY ({1}::text[]::passerelle.data_category[]) AND EXISTS (SELECT 1 FROM "
						+ "passerelle.consent_decisions(ARRAY[{2}], ARRAY[{0}]::passerelle.data_category[], "
						+ "{3}::passerelle.purpose, {4}, {5}::passerelle.organization_type, {6}) d WHERE d.permitted)",
				category, DSL.val(names(sensitive)), person, DSL.val(this.context.purpose().name()),
				DSL.val(this.organization), DSL.val(viewer.type().name()), DSL.val(this.today));
	}

	@SuppressWarnings("unchecked")
	private static Field<UUID[]> array(List<Field<UUID>> organizations) {
		return DSL.array(organizations.toArray(Field[]::new)).cast(SQLDataType.UUID.array());
	}

	private Condition permitted(Field<?> category) {
		this.consulted = true;
		return DSL.condition("coalesce({0}::passerelle.data_category = ANY ({1}), false)", category,
				PERMITS_CATEGORIES);
	}

	private static String[] names(Set<DataCategory> categories) {
		return categories.stream().map(Enum::name).toArray(String[]::new);
	}

}

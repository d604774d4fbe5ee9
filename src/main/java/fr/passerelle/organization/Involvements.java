package fr.passerelle.organization;

import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.ORGANIZATION;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessScope;
import fr.passerelle.access.Organization;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.InvolvementKind;

/** Involvements (liens de prise en charge), under the viewer's row-level security. */
@Repository
public class Involvements {

	private final ViewerTransactions transactions;

	Involvements(ViewerTransactions transactions) {
		this.transactions = transactions;
	}

	/** The involvements of these persons, with their organizations: one statement. */
	public Map<UUID, List<InvolvementView>> ofPersons(AccessScope scope, Collection<UUID> personIds) {
		return this.transactions.run(scope,
				(dsl) -> select(dsl).where(INVOLVEMENT.PERSON_ID.in(personIds))
					.orderBy(INVOLVEMENT.STARTED_ON, INVOLVEMENT.ID)
					.fetch(Involvements::view)
					.stream()
					.collect(Collectors.groupingBy(InvolvementView::personId)));
	}

	public Optional<InvolvementView> byId(DSLContext dsl, UUID id) {
		return select(dsl).where(INVOLVEMENT.ID.eq(id)).fetchOptional(Involvements::view);
	}

	public boolean hasActive(DSLContext dsl, UUID personId, UUID organizationId, InvolvementKind kind,
			LocalDate today) {
		return dsl.fetchExists(INVOLVEMENT, INVOLVEMENT.PERSON_ID.eq(personId),
				INVOLVEMENT.ORGANIZATION_ID.eq(organizationId), INVOLVEMENT.KIND.eq(kind),
				INVOLVEMENT.ENDED_ON.isNull().or(INVOLVEMENT.ENDED_ON.gt(today)));
	}

	public UUID insert(DSLContext dsl, UUID personId, UUID organizationId, InvolvementKind kind, LocalDate startedOn,
			String reason, @Nullable String caseLead, String createdBy) {
		UUID id = UUID.randomUUID();
		dsl.insertInto(INVOLVEMENT)
			.set(INVOLVEMENT.ID, id)
			.set(INVOLVEMENT.PERSON_ID, personId)
			.set(INVOLVEMENT.ORGANIZATION_ID, organizationId)
			.set(INVOLVEMENT.KIND, kind)
			.set(INVOLVEMENT.STARTED_ON, startedOn)
			.set(INVOLVEMENT.REASON, reason)
			.set(INVOLVEMENT.CASE_LEAD, caseLead)
			.set(INVOLVEMENT.CREATED_BY, createdBy)
			.execute();
		return id;
	}

	/**
	 * Ends this organization's open involvements of this kind with the person, on this
	 * day or, for one that started later, on its start; the hand-over grace period
	 * follows.
	 * @return how many were ended
	 */
	public int endOpen(DSLContext dsl, UUID personId, UUID organizationId, InvolvementKind kind, LocalDate endedOn) {
		return dsl.update(INVOLVEMENT)
			.set(INVOLVEMENT.ENDED_ON, DSL.greatest(DSL.val(endedOn), INVOLVEMENT.STARTED_ON))
			.where(INVOLVEMENT.PERSON_ID.eq(personId), INVOLVEMENT.ORGANIZATION_ID.eq(organizationId),
					INVOLVEMENT.KIND.eq(kind), INVOLVEMENT.ENDED_ON.isNull())
			.execute();
	}

	public void end(DSLContext dsl, UUID id, LocalDate endedOn) {
		dsl.update(INVOLVEMENT).set(INVOLVEMENT.ENDED_ON, endedOn).where(INVOLVEMENT.ID.eq(id)).execute();
	}

	private static final List<SelectField<?>> FIELDS = List.of(INVOLVEMENT.ID, INVOLVEMENT.PERSON_ID, INVOLVEMENT.KIND,
			INVOLVEMENT.STARTED_ON, INVOLVEMENT.ENDED_ON, INVOLVEMENT.CASE_LEAD, ORGANIZATION.ID, ORGANIZATION.NAME,
			ORGANIZATION.TYPE, ORGANIZATION.TERRITORY, ORGANIZATION.SENSITIVE_CATEGORY);

	private static SelectOnConditionStep<Record> select(DSLContext dsl) {
		return dsl.select(FIELDS)
			.from(INVOLVEMENT)
			.join(ORGANIZATION)
			.on(ORGANIZATION.ID.eq(INVOLVEMENT.ORGANIZATION_ID));
	}

	private static InvolvementView view(Record row) {
		Organization organization = new Organization(row.get(ORGANIZATION.ID), row.get(ORGANIZATION.NAME),
				row.get(ORGANIZATION.TYPE), row.get(ORGANIZATION.TERRITORY), row.get(ORGANIZATION.SENSITIVE_CATEGORY));
		return new InvolvementView(row.get(INVOLVEMENT.ID), row.get(INVOLVEMENT.PERSON_ID), organization,
				row.get(INVOLVEMENT.KIND), row.get(INVOLVEMENT.STARTED_ON), row.get(INVOLVEMENT.ENDED_ON),
				row.get(INVOLVEMENT.CASE_LEAD));
	}

}

package fr.passerelle.access;

import static fr.passerelle.jooq.Tables.PERSON;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.Field;
import org.jooq.Record;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * BENCHMARK BUILD ONLY (bench/bypass, Maven profile bench-bypass; never in the shipped
 * jar): every person that row-level security lets the viewer's organization read is
 * decided "permitted under mission" for every category, without reading a consent. With
 * {@link fr.passerelle.audit.BypassedLog}, the hub without its enforcement, to measure
 * what the enforcement costs.
 */
@Primary
@Component
class BypassedDecisions extends AccessDecisions {

	private final ViewerTransactions transactions;

	BypassedDecisions(ViewerTransactions transactions, AccessProperties properties, Clock clock) {
		super(transactions, properties, clock);
		this.transactions = transactions;
	}

	@Override
	public Map<UUID, PersonAccess> decide(AccessContext context, Collection<UUID> personIds) {
		return decideAndRead(context, personIds, List.of()).decisions();
	}

	@Override
	public Read decideAndRead(AccessContext context, Collection<UUID> personIds, List<Field<?>> fields) {
		List<Field<?>> selected = new ArrayList<>(List.of(PERSON.ID));
		selected.addAll(fields);
		Map<UUID, Record> rows = new HashMap<>();
		this.transactions.run(context.scope(),
				(dsl) -> dsl.select(selected).from(PERSON).where(PERSON.ID.in(personIds)).fetch())
			.forEach((row) -> rows.put(row.get(PERSON.ID), row));
		Map<UUID, PersonAccess> decisions = new HashMap<>();
		for (UUID id : rows.keySet()) {
			Map<DataCategory, Decision> all = new EnumMap<>(DataCategory.class);
			for (DataCategory category : DataCategory.values()) {
				all.put(category, new Decision(category, Reason.MISSION, Effect.MISSION, null, null, null));
			}
			PersonAccess access = new PersonAccess(id, Reach.INVOLVEMENT, all);
			decisions.put(id, access);
			context.decisions().put(id, java.util.Optional.of(access));
		}
		return new Read(decisions, rows);
	}

}

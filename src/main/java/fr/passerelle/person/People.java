package fr.passerelle.person;

import static fr.passerelle.jooq.Tables.PERSON;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessProperties;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.ViewerTransactions;

/**
 * Persons, read through the access decision and under the viewer's row-level security.
 */
@Repository
public class People {

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	private final AccessProperties properties;

	private final Clock clock;

	People(AccessDecisions decisions, ViewerTransactions transactions, AccessProperties properties, Clock clock) {
		this.decisions = decisions;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The persons of these ids the viewer reaches, with their decisions; two statements
	 * per batch.
	 */
	public Map<UUID, PersonView> byIds(AccessContext context, Collection<UUID> ids) {
		Map<UUID, PersonAccess> reachable = this.decisions.decide(context, ids);
		if (reachable.isEmpty()) {
			return Map.of();
		}
		// the persons answered, even with no categorized field asked: the access event
		// lists them
		reachable.keySet().forEach(context.ledger()::reached);
		return this.transactions.run(context.scope(), (dsl) -> dsl
			.select(PERSON.ID, PERSON.FIRST_NAME, PERSON.LAST_NAME, PERSON.BIRTH_DATE, PERSON.PHONE, PERSON.EMAIL)
			.from(PERSON)
			.where(PERSON.ID.in(reachable.keySet()))
			.fetch()
			.stream()
			.collect(Collectors.toMap((row) -> row.value1(), (row) -> new PersonView(row.value1(), row.value2(),
					row.value3(), row.value4(), row.value5(), row.value6(), reachable.get(row.value1())))));
	}

}

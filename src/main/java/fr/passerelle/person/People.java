package fr.passerelle.person;

import static fr.passerelle.jooq.Tables.PERSON;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessProperties;
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
	 * The persons of these ids the viewer reaches, with their decisions: one statement
	 * per batch.
	 */
	public Map<UUID, PersonView> byIds(AccessContext context, Collection<UUID> ids) {
		AccessDecisions.Read read = this.decisions.decideAndRead(context, ids, List.of(PERSON.FIRST_NAME,
				PERSON.LAST_NAME, PERSON.BIRTH_DATE, PERSON.PHONE, PERSON.EMAIL, PERSON.VERSION));
		// the persons answered, even with no categorized field asked: the access event
		// lists them
		read.decisions().keySet().forEach(context.ledger()::reached);
		Map<UUID, PersonView> persons = new LinkedHashMap<>();
		read.rows()
			.forEach((id, row) -> persons.put(id,
					new PersonView(id, row.get(PERSON.FIRST_NAME), row.get(PERSON.LAST_NAME),
							row.get(PERSON.BIRTH_DATE), row.get(PERSON.PHONE), row.get(PERSON.EMAIL),
							row.get(PERSON.VERSION), read.decisions().get(id))));
		return persons;
	}

}

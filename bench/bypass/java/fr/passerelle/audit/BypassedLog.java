package fr.passerelle.audit;

import org.jooq.DSLContext;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.ViewerTransactions;

/**
 * BENCHMARK BUILD ONLY (bench/bypass, Maven profile bench-bypass; never in the shipped
 * jar): no access event is written. With {@link fr.passerelle.access.BypassedDecisions},
 * the hub without its enforcement.
 */
@Primary
@Repository
class BypassedLog extends AccessLog {

	BypassedLog(DSLContext dsl, ViewerTransactions transactions) {
		super(dsl, transactions);
	}

	@Override
	long append(Draft draft) {
		return 0;
	}

	@Override
	long append(DSLContext tx, Draft draft) {
		return 0;
	}

}

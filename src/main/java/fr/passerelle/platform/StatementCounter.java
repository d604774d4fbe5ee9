package fr.passerelle.platform;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counts the SQL statements the hub sends through jOOQ, so tests can show that a
 * request's statement count does not grow with the number of persons it returns (no N+1),
 * and the transactions they run in: a statement sent on a connection with no transaction
 * open starts one (as PostgreSQL sees it: an explicit transaction or an autocommit
 * statement).
 */
@Configuration(proxyBeanMethods = false)
public class StatementCounter {

	/**
	 * The thread of the hub's background delivery task, whose statements are no
	 * request's.
	 */
	private static final String BACKGROUND = "alert-delivery";

	private final AtomicLong statements = new AtomicLong();

	private final AtomicLong transactions = new AtomicLong();

	public long count() {
		return this.statements.get();
	}

	/** The transactions begun so far. */
	public long transactions() {
		return this.transactions.get();
	}

	@Bean
	ExecuteListenerProvider statementCounting() {
		return new DefaultExecuteListenerProvider(new ExecuteListener() {

			@Override
			public void executeStart(ExecuteContext context) {
				if (Thread.currentThread().getName().equals(BACKGROUND)) {
					// the alerts' delivery task, not a request
					return;
				}
				StatementCounter.this.statements.incrementAndGet();
				try {
					if (context.connection()
						.unwrap(BaseConnection.class)
						.getTransactionState() == TransactionState.IDLE) {
						StatementCounter.this.transactions.incrementAndGet();
					}
				}
				catch (SQLException ex) {
					// not a PostgreSQL connection: statements only
				}
			}

		});
	}

}

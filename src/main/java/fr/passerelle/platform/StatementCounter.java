package fr.passerelle.platform;

import java.util.concurrent.atomic.AtomicLong;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counts the SQL statements the hub sends through jOOQ, so tests can show that a
 * request's statement count does not grow with the number of persons it returns (no N+1).
 */
@Configuration(proxyBeanMethods = false)
public class StatementCounter {

	private final AtomicLong statements = new AtomicLong();

	public long count() {
		return this.statements.get();
	}

	@Bean
	ExecuteListenerProvider statementCounting() {
		return new DefaultExecuteListenerProvider(new ExecuteListener() {

			@Override
			public void executeStart(ExecuteContext context) {
				StatementCounter.this.statements.incrementAndGet();
			}

		});
	}

}

package fr.passerelle.platform;

import java.util.Locale;
import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.access.Observed;

/**
 * Each SQL statement sent inside an observed request becomes an observation
 * {@code passerelle.sql} (a timer, and a span of the request's trace) tagged with its
 * kind only (SELECT, INSERT, …): never its text, which may quote values, nor its bind
 * values ({@link Observed}). Statements outside a request (start, background tasks) are
 * not observed.
 */
@Configuration(proxyBeanMethods = false)
public class Tracing {

	private static final String OBSERVATION = Tracing.class.getName() + ".observation";

	/** SQL statements sent inside an observed request (not the background tasks'). */
	@Bean
	ExecuteListenerProvider sqlObservations(ObservationRegistry registry) {
		return new DefaultExecuteListenerProvider(new ExecuteListener() {

			@Override
			public void executeStart(ExecuteContext context) {
				if (registry.isNoop() || registry.getCurrentObservation() == null) {
					return;
				}
				String kind = kind(context.sql());
				Observation observation = Observation.createNotStarted("passerelle.sql", registry)
					.contextualName("sql " + kind)
					.lowCardinalityKeyValue(KeyValue.of("db.system.name", "postgresql"))
					.lowCardinalityKeyValue(KeyValue.of("db.operation.name", kind))
					.start();
				context.data(OBSERVATION, observation);
			}

			@Override
			public void exception(ExecuteContext context) {
				if (context.data(OBSERVATION) instanceof Observation observation && context.exception() != null) {
					observation.error(Observed.failure(context.exception()));
				}
			}

			@Override
			public void end(ExecuteContext context) {
				if (context.data(OBSERVATION) instanceof Observation observation) {
					context.data(OBSERVATION, null);
					observation.stop();
				}
			}

		});
	}

	/**
	 * The statement's first keyword if it is one of these, OTHER otherwise: a tag's
	 * values stay few and are never taken from anything but SQL's own words.
	 */
	static String kind(String sql) {
		if (sql == null) {
			return "OTHER";
		}
		String trimmed = sql.stripLeading();
		int end = 0;
		while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
			end++;
		}
		String word = trimmed.substring(0, end).toUpperCase(Locale.ROOT);
		return KINDS.contains(word) ? word : "OTHER";
	}

	private static final Set<String> KINDS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "SET",
			"SHOW", "LOCK", "CALL", "NOTIFY", "LISTEN", "COPY", "BEGIN", "COMMIT", "ROLLBACK");

}

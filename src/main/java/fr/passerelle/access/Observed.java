package fr.passerelle.access;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The hub's own observations, which Micrometer turns into timers and, through
 * OpenTelemetry, into spans of the request's trace ({@code passerelle.decision},
 * {@code passerelle.audit.append}, {@code passerelle.sql}). Nothing personal goes into
 * them: no SQL text, no value, no id; a failure is recorded by its exception's class,
 * never its message (a database error's message may quote the row it refused).
 */
public final class Observed {

	private Observed() {
	}

	/** Runs this work as an observation of this name, a failure by its class only. */
	public static <T> T observe(ObservationRegistry registry, String name, Supplier<T> work) {
		Observation observation = Observation.start(name, registry);
		try (Observation.Scope scope = observation.openScope()) {
			return work.get();
		}
		catch (RuntimeException | Error ex) {
			observation.error(failure(ex));
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/** A failure as observations record it: its class, not its message nor its cause. */
	public static RuntimeException failure(Throwable cause) {
		return new Failure(cause.getClass().getName());
	}

	private static final class Failure extends RuntimeException {

		Failure(String type) {
			super(type, null, false, false);
		}

	}

}

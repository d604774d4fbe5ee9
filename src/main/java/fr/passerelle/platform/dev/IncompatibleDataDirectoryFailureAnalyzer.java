package fr.passerelle.platform.dev;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says, instead of a stack trace, why the dev run will not open a data directory of
 * another PostgreSQL major version, and what to do.
 */
class IncompatibleDataDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<IncompatibleDataDirectoryException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IncompatibleDataDirectoryException cause) {
		return new FailureAnalysis(
				cause.getMessage() + ". A PostgreSQL data directory opens only with its own major "
						+ "version, and nothing in it was changed.",
				"Keep that directory and either: start the hub on a new one (--passerelle.embedded-postgres."
						+ "data-directory=<new folder>) and load the territory again; or dump the old one with "
						+ "PostgreSQL " + cause.major() + "'s pg_dump and restore it into a PostgreSQL "
						+ EmbeddedPostgresConfiguration.BUNDLED_MAJOR + " started on the new one.",
				cause);
	}

}

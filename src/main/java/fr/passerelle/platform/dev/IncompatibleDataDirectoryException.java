package fr.passerelle.platform.dev;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The dev run's data directory was written by another major version of PostgreSQL than
 * the one the hub embeds.
 */
class IncompatibleDataDirectoryException extends IllegalStateException {

	private final Path dataDirectory;

	private final String major;

	IncompatibleDataDirectoryException(Path dataDirectory, String major, @Nullable Throwable cause) {
		super("The data directory " + dataDirectory + " was written by PostgreSQL " + major
				+ "; this hub embeds PostgreSQL " + EmbeddedPostgresConfiguration.BUNDLED_MAJOR, cause);
		this.dataDirectory = dataDirectory;
		this.major = major;
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	String major() {
		return this.major;
	}

}

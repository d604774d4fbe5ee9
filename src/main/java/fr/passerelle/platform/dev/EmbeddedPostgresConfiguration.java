package fr.passerelle.platform.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.platform.NoExternalDatabase;

/**
 * The dev run's database: when no {@code spring.datasource.url} is configured, start an
 * embedded PostgreSQL whose data survives restarts in a local folder, and connect to it
 * as production does — Flyway as the schema owner, the hub as the application role.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabase.class)
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
class EmbeddedPostgresConfiguration {

	static final String OWNER = "postgres";

	/**
	 * The major version of the PostgreSQL binaries the hub embeds
	 * ({@code postgres-binaries.version} in the pom; a test keeps both in step).
	 */
	static final String BUNDLED_MAJOR = "17";

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException, SQLException {
		Path dataDirectory = properties.dataDirectory().toAbsolutePath();
		requireFree(properties.port());
		requireCompatible(dataDirectory);
		ChecksummedInitdb.createIfAbsent(dataDirectory);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(properties.port());
		// durable, whatever the library's test defaults; the settings given may still
		// change
		// them (never do for a territory you keep)
		DurablePostgres.SETTINGS.forEach(builder::setServerConfig);
		properties.serverConfig().forEach(builder::setServerConfig);
		EmbeddedPostgres postgres = builder.start();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			// The migrations grant to this role; here it only needs to be able to log in.
			statement.execute("""
					DO $$ BEGIN
					  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
					    CREATE ROLE %1$s LOGIN PASSWORD '%1$s' NOSUPERUSER NOBYPASSRLS;
					  ELSE
					    ALTER ROLE %1$s LOGIN;
					  END IF;
					END $$""".formatted(properties.applicationRole()));
		}
		return postgres;
	}

	/**
	 * Refuses to start on a port another server holds: the hub would otherwise connect to
	 * that server (another checkout's dev run) and migrate or read a database not its
	 * own.
	 */
	static void requireFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Port " + port + " is already in use (another dev run's PostgreSQL?): "
					+ "stop it, or start with --passerelle.embedded-postgres.port=<another port>", ex);
		}
	}

	/**
	 * Refuses a data directory another major version of PostgreSQL wrote: the server
	 * would not open it, and the run would end in a stack trace. The message says what to
	 * do instead.
	 */
	static void requireCompatible(Path dataDirectory) {
		Path version = dataDirectory.resolve("PG_VERSION");
		if (!Files.isRegularFile(version)) {
			return;
		}
		String major;
		try {
			major = Files.readString(version).trim();
		}
		catch (IOException ex) {
			throw new IncompatibleDataDirectoryException(dataDirectory, "?", ex);
		}
		if (!major.equals(BUNDLED_MAJOR)) {
			throw new IncompatibleDataDirectoryException(dataDirectory, major, null);
		}
	}

	@Bean
	JdbcConnectionDetails embeddedApplicationConnection(EmbeddedPostgres postgres,
			EmbeddedPostgresProperties properties) {
		String role = properties.applicationRole();
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return postgres.getJdbcUrl(role, "postgres").replaceFirst("\\?.*$", "");
			}

			@Override
			public String getUsername() {
				return role;
			}

			@Override
			public String getPassword() {
				return role;
			}

		};
	}

	@Bean
	FlywayConnectionDetails embeddedOwnerConnection(EmbeddedPostgres postgres) {
		return new FlywayConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return postgres.getJdbcUrl(OWNER, "postgres").replaceFirst("\\?.*$", "");
			}

			@Override
			public String getUsername() {
				return OWNER;
			}

			@Override
			public String getPassword() {
				return "";
			}

		};
	}

}

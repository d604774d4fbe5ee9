package fr.passerelle.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL for the whole test run: a Testcontainers PostgreSQL where a Docker
 * engine answers, an embedded one (io.zonky, PostgreSQL 17) everywhere else. Never H2,
 * never a mock. The tests connect like production: Flyway as the owner, the hub as
 * {@link #APP_ROLE}.
 */
public final class TestDatabase {

	public static final String APP_ROLE = "passerelle_app";

	private static TestDatabase instance;

	private final String url;

	private final String ownerUser;

	private final String ownerPassword;

	private TestDatabase(String url, String ownerUser, String ownerPassword) {
		this.url = url;
		this.ownerUser = ownerUser;
		this.ownerPassword = ownerPassword;
	}

	public static synchronized TestDatabase get() {
		if (instance == null) {
			instance = start();
			instance.createApplicationRole();
		}
		return instance;
	}

	private static TestDatabase start() {
		if (Boolean.parseBoolean(System.getProperty("passerelle.test.testcontainers", "true"))
				&& DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		try {
			// the library's test settings (no fsync, asynchronous commit) are kept on
			// purpose: this server is thrown away after the run; the dev run's is durable
			// (EmbeddedPostgresConfiguration)
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is going away
				}
			}));
			String url = postgres.getJdbcUrl("postgres", "postgres").replaceFirst("\\?.*$", "");
			return new TestDatabase(url, "postgres", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
		}
	}

	private void createApplicationRole() {
		try (Connection connection = owner(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE %1$s LOGIN PASSWORD '%1$s' NOSUPERUSER NOBYPASSRLS".formatted(APP_ROLE));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the application role", ex);
		}
	}

	public String url() {
		return this.url;
	}

	public String ownerUser() {
		return this.ownerUser;
	}

	public String ownerPassword() {
		return this.ownerPassword;
	}

	/**
	 * A new, empty database in the same server, migrated like the hub's: for tests that
	 * need a database of their own.
	 * @return its JDBC URL (connect as the owner)
	 */
	public String createMigratedDatabase(String name) {
		String url = createDatabase(name);
		org.flywaydb.core.Flyway.configure()
			.dataSource(url, this.ownerUser, this.ownerPassword)
			.schemas("passerelle")
			.placeholders(java.util.Map.of("app_role", APP_ROLE))
			.locations("classpath:db/migration")
			.load()
			.migrate();
		return url;
	}

	/**
	 * A new, empty database in the same server, owned by the schema owner.
	 * @return its JDBC URL
	 */
	public String createDatabase(String name) {
		try (Connection connection = owner(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return this.url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
	}

	/** A connection as the schema owner, for test set-up and for checks below the API. */
	public Connection owner() throws SQLException {
		return DriverManager.getConnection(this.url, this.ownerUser, this.ownerPassword);
	}

	/** A connection as the application role, exactly what the hub gets. */
	public Connection application() throws SQLException {
		return DriverManager.getConnection(this.url, APP_ROLE, APP_ROLE);
	}

}

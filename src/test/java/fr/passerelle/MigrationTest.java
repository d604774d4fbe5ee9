package fr.passerelle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import fr.passerelle.support.TestDatabase;

/**
 * The one-shot migration the Kubernetes Job runs ({@code migrate}): as the schema owner
 * it brings an empty database to the hub's version and ends with 0, and again with 0 when
 * the schema is current; as the application role it migrates nothing and ends with 1;
 * without a database it says what it needs and ends with 1.
 */
class MigrationTest {

	private final TestDatabase database = TestDatabase.get();

	private static final String HISTORY = "SELECT count(*) FROM pg_tables WHERE schemaname = 'passerelle'"
			+ " AND tablename = 'flyway_schema_history'";

	@Test
	void theSchemaOwnerMigratesAnEmptyDatabaseAndTheProcessEnds() throws Exception {
		String url = this.database.createDatabase("migrate_" + UUID.randomUUID().toString().substring(0, 8));
		String[] owner = { "--spring.datasource.url=" + url, "--spring.flyway.user=" + this.database.ownerUser(),
				"--spring.flyway.password=" + this.database.ownerPassword() };
		assertThat(Migration.run(owner)).isZero();
		long migrations;
		try (var files = Files.list(Path.of("db", "migration"))) {
			migrations = files.filter((file) -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
		}
		assertThat(query(url, "SELECT max(version::int) FROM passerelle.flyway_schema_history WHERE success"))
			.as("every migration of db/migration")
			.isEqualTo(migrations);
		long applied = query(url, "SELECT count(*) FROM passerelle.flyway_schema_history");
		assertThat(Migration.run(owner)).as("current: nothing to do").isZero();
		assertThat(query(url, "SELECT count(*) FROM passerelle.flyway_schema_history")).isEqualTo(applied);
	}

	@Test
	void theApplicationRoleMigratesNothing() throws Exception {
		String url = this.database.createDatabase("migrate_" + UUID.randomUUID().toString().substring(0, 8));
		assertThat(Migration.run("--spring.datasource.url=" + url, "--spring.flyway.user=" + TestDatabase.APP_ROLE,
				"--spring.flyway.password=" + TestDatabase.APP_ROLE))
			.isEqualTo(1);
		assertThat(query(url, HISTORY)).isZero();
		assertThat(query(url, "SELECT count(*) FROM pg_namespace WHERE nspname = 'passerelle'")).isZero();
	}

	@Test
	void withoutADatabaseItEndsWithAFailure() {
		assertThat(Migration.run("--spring.datasource.url=")).isEqualTo(1);
	}

	private long query(String url, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(url, this.database.ownerUser(),
				this.database.ownerPassword());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

}

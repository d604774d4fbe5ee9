package fr.passerelle.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.TestDatabase;

/**
 * Defence in depth, below the API: as the application role, a query that forgets every
 * filter still returns no row of a person the viewer's organization is not involved with.
 */
@IntegrationTest
class RowLevelSecurityTest {

	/** Every person-linked table, with the SQL that selects the fixture person's rows. */
	private static final List<String> PERSON_LINKED = List.of("SELECT count(*) FROM passerelle.person WHERE id = ?",
			"SELECT count(*) FROM passerelle.household_member WHERE person_id = ?",
			"SELECT count(*) FROM passerelle.household h WHERE EXISTS (SELECT 1 FROM passerelle.household_member m WHERE m.household_id = h.id AND m.person_id = ?)",
			"SELECT count(*) FROM passerelle.involvement WHERE person_id = ?",
			"SELECT count(*) FROM passerelle.consent WHERE person_id = ?",
			"SELECT count(*) FROM passerelle.consent_provision p WHERE p.consent_id IN (SELECT id FROM passerelle.consent WHERE person_id = ?)",
			"SELECT count(*) FROM passerelle.emergency_access WHERE person_id = ?");

	private static final List<String> TABLES = List.of("person", "household", "household_member", "involvement",
			"consent", "consent_provision", "emergency_access", "delegation");

	UUID child;

	UUID parent;

	@BeforeEach
	void aFamilyFollowedOnlyByTheFirstAssociation() {
		this.parent = Fixtures.adult("Parent-RLS");
		this.child = Fixtures.child(this.parent);
		for (UUID person : List.of(this.parent, this.child)) {
			Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
			UUID consent = Fixtures.consent(person);
			Fixtures.permitType(consent, OrganizationType.CAF, List.of(DataCategory.RESOURCES),
					List.of(Purpose.BENEFITS));
		}
	}

	@Test
	void withoutSettingsTheApplicationRoleSeesNoPersonLinkedRowAtAll() throws SQLException {
		try (Connection connection = TestDatabase.get().application()) {
			for (String table : TABLES) {
				assertThat(count(connection, "SELECT count(*) FROM passerelle." + table, null)).as(table).isZero();
			}
		}
	}

	@Test
	void anotherOrganizationSeesNoRowOfThePersonAndTheInvolvedOneSeesThem() throws SQLException {
		try (Connection connection = TestDatabase.get().application()) {
			for (UUID organization : List.of(DemoOrganizations.LANDLORD.id(), DemoOrganizations.CAF.id(),
					DemoOrganizations.OTHER_ASSOCIATION.id())) {
				for (UUID person : List.of(this.parent, this.child)) {
					for (String sql : PERSON_LINKED) {
						assertThat(asViewer(connection, organization, null, sql, person)).as(sql).isZero();
					}
				}
			}
			for (String sql : PERSON_LINKED.subList(0, 6)) {
				assertThat(asViewer(connection, DemoOrganizations.ASSOCIATION.id(), null, sql, this.parent)).as(sql)
					.isPositive();
			}
		}
	}

	@Test
	void anEmergencyGrantOpensExactlyThatPerson() throws SQLException {
		try (Connection connection = TestDatabase.get().application()) {
			String sql = PERSON_LINKED.get(0);
			assertThat(asViewer(connection, DemoOrganizations.OTHER_ASSOCIATION.id(), this.parent, sql, this.parent))
				.isEqualTo(1);
			assertThat(asViewer(connection, DemoOrganizations.OTHER_ASSOCIATION.id(), this.parent, sql, this.child))
				.isZero();
		}
	}

	@Test
	void onePooledConnectionAlternatingTwoViewersNeverCarriesOnesSettingsIntoTheOthers() throws SQLException {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(TestDatabase.get().url());
		config.setUsername(TestDatabase.APP_ROLE);
		config.setPassword(TestDatabase.APP_ROLE);
		config.setMaximumPoolSize(1);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			for (int round = 0; round < 25; round++) {
				try (Connection connection = pool.getConnection()) {
					assertThat(asViewer(connection, DemoOrganizations.ASSOCIATION.id(), null, PERSON_LINKED.get(0),
							this.parent))
						.isEqualTo(1);
				}
				try (Connection connection = pool.getConnection()) {
					assertThat(asViewer(connection, DemoOrganizations.LANDLORD.id(), null, PERSON_LINKED.get(0),
							this.parent))
						.isZero();
					connection.setAutoCommit(true);
					assertThat(count(connection, "SELECT count(*) FROM passerelle.person", null)).isZero();
					try (PreparedStatement statement = connection
						.prepareStatement("SELECT coalesce(current_setting('passerelle.viewer_org', true), '')")) {
						ResultSet result = statement.executeQuery();
						result.next();
						assertThat(result.getString(1)).isEmpty();
					}
				}
			}
		}
	}

	@Test
	void theApplicationRoleCannotDeletePersonLinkedRowsNorRewriteThePolicyHistory() throws SQLException {
		try (Connection connection = TestDatabase.get().application()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> connection.createStatement().execute("DELETE FROM passerelle.person"))
				.withMessageContaining("permission denied");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(
						() -> connection.createStatement().execute("UPDATE passerelle.policy_change SET reason = 'x'"))
				.withMessageContaining("permission denied");
		}
	}

	/** One transaction with the settings the hub sets, then the query. */
	private static int asViewer(Connection connection, UUID organization, @Nullable UUID emergency, String sql,
			UUID person) throws SQLException {
		connection.setAutoCommit(false);
		try {
			try (PreparedStatement settings = connection.prepareStatement(
					"SELECT set_config('passerelle.viewer_org', ?, true), set_config('passerelle.viewer_user', 'rls-test', true),"
							+ " set_config('passerelle.emergency_persons', ?, true), set_config('passerelle.grace_days', '30', true)")) {
				settings.setString(1, organization.toString());
				settings.setString(2, (emergency != null) ? "{" + emergency + "}" : "{}");
				settings.execute();
			}
			return count(connection, sql, person);
		}
		finally {
			connection.commit();
			connection.setAutoCommit(true);
		}
	}

	private static int count(Connection connection, String sql, @Nullable UUID person) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			if (person != null) {
				statement.setObject(1, person);
			}
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

}

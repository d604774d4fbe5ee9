package fr.passerelle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.TestDatabase;

/**
 * The demo territory the hub loaded into the test database: the shapes the scenarios
 * need.
 */
@IntegrationTest
class DemoTerritoryTest {

	@Test
	void oneOrganizationOfEachTypeASecondAssociationAndASensitiveService() throws SQLException {
		assertThat(count("SELECT count(DISTINCT type) FROM passerelle.organization")).isEqualTo(7);
		assertThat(count("SELECT count(*) FROM passerelle.organization WHERE type = 'ASSOCIATION' AND NOT sensitive"))
			.isEqualTo(2);
		assertThat(count("SELECT count(*) FROM passerelle.organization WHERE sensitive")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM passerelle.organization WHERE territory <> '38'")).isZero();
	}

	@Test
	void aboutTwoHundredPersonsEachInAHouseholdAndFollowedBySomeone() throws SQLException {
		assertThat(count("SELECT count(*) FROM passerelle.person")).isBetween(200, 205);
		assertThat(count("""
				SELECT count(*) FROM passerelle.person p
				WHERE NOT EXISTS (SELECT 1 FROM passerelle.household_member m WHERE m.person_id = p.id)
				   OR NOT EXISTS (SELECT 1 FROM passerelle.involvement i WHERE i.person_id = p.id)""")).isZero();
		assertThat(count("SELECT count(*) FROM passerelle.household_member WHERE role = 'CHILD'")).isPositive();
		// every partner follows someone, but the State services and the métropole, who
		// steer
		assertThat(count("""
				SELECT count(*) FROM passerelle.organization o
				WHERE EXISTS (SELECT 1 FROM passerelle.involvement i WHERE i.organization_id = o.id)
				   <> (o.type NOT IN ('STATE', 'METROPOLE'))""")).isZero();
	}

	@Test
	void consentsOfVariedShapes() throws SQLException {
		// none, revoked, expired, a deny overriding a permit, a representative's for a
		// minor
		assertThat(count("""
				SELECT count(*) FROM passerelle.person p JOIN passerelle.household_member m ON m.person_id = p.id
				WHERE m.role = 'ADULT' AND NOT EXISTS (SELECT 1 FROM passerelle.consent c WHERE c.person_id = p.id)"""))
			.isPositive();
		assertThat(count("SELECT count(*) FROM passerelle.consent WHERE status = 'REVOKED'")).isPositive();
		assertThat(count("SELECT count(*) FROM passerelle.consent WHERE period_end < current_date")).isPositive();
		assertThat(count("SELECT count(*) FROM passerelle.consent_provision WHERE type = 'DENY'")).isPositive();
		assertThat(count("SELECT count(*) FROM passerelle.consent WHERE grantor = 'LEGAL_REPRESENTATIVE'"))
			.isPositive();
		assertThat(count("""
				SELECT count(*) FROM passerelle.consent_provision
				WHERE 'HEALTH' = ANY (categories) AND recipient_organization_id IS NULL""")).isZero();
	}

	@Test
	void karimAtTheEndOfHisIntake() throws SQLException {
		String karim = "'" + DemoTerritory.KARIM + "'";
		assertThat(count("SELECT count(*) FROM passerelle.person WHERE first_name = 'Karim' AND id = " + karim))
			.isEqualTo(1);
		assertThat(count("SELECT count(*) FROM passerelle.involvement WHERE ended_on IS NULL AND person_id = " + karim))
			.isEqualTo(4);
		assertThat(count("""
				SELECT count(*) FROM passerelle.consent_provision p JOIN passerelle.consent c ON c.id = p.consent_id
				WHERE c.status = 'ACTIVE' AND c.method = 'ORAL' AND c.text_version = 'v3'
				  AND p.recipient_organization_id = '%s' AND p.categories = '{HEALTH}'
				  AND c.person_id = %s""".formatted(DemoOrganizations.ADDICTION_SERVICE.id(), karim))).isEqualTo(1);
	}

	private static int count(String sql) throws SQLException {
		try (Connection connection = TestDatabase.get().owner();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getInt(1);
		}
	}

}

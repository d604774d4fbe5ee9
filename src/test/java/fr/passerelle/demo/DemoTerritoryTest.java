package fr.passerelle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.passerelle.support.TestDatabase;

/**
 * The demo territory, generated into databases of its own: the shapes the scenarios need,
 * and the same territory for the same seed.
 */
class DemoTerritoryTest {

	private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

	/** A digest of the generated rows, in no particular order. */
	private static final String DIGEST = """
			SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
			  SELECT concat_ws(',', id, first_name, last_name, birth_date, phone) x FROM passerelle.person
			  UNION ALL SELECT concat_ws(',', household_id, person_id, role, representative_person_id, since) FROM passerelle.household_member
			  UNION ALL SELECT concat_ws(',', id, organization_id, person_id, kind, started_on, ended_on, case_lead) FROM passerelle.involvement
			  UNION ALL SELECT concat_ws(',', id, person_id, grantor, status, period_start, period_end, method) FROM passerelle.consent
			  UNION ALL SELECT concat_ws(',', id, consent_id, type, categories, recipient_organization_id, recipient_organization_type, purposes) FROM passerelle.consent_provision
			) rows""";

	private static String first;

	private static String second;

	private static String chunked;

	@BeforeAll
	static void generateThrice() throws SQLException {
		first = TestDatabase.get().createMigratedDatabase("demo_first");
		second = TestDatabase.get().createMigratedDatabase("demo_second");
		chunked = TestDatabase.get().createMigratedDatabase("demo_chunked");
		for (String url : new String[] { first, second }) {
			try (Connection connection = owner(url)) {
				new DemoTerritory(DSL.using(connection, SQLDialect.POSTGRES), 38, DAY).generate(200);
			}
		}
		try (Connection connection = owner(chunked)) {
			new DemoTerritory(DSL.using(connection, SQLDialect.POSTGRES), 38, DAY).generate(200, 7);
		}
	}

	@Test
	void theSameSeedGivesTheSameTerritory() throws SQLException {
		assertThat(text(first, DIGEST)).isEqualTo(text(second, DIGEST));
	}

	@Test
	void theChunkSizeChangesNothing() throws SQLException {
		assertThat(text(chunked, DIGEST)).isEqualTo(text(first, DIGEST));
		String households = "SELECT count(*) || '/' || count(DISTINCT household_id) FROM passerelle.household_member";
		assertThat(text(chunked, households)).isEqualTo(text(first, households));
		// written with COPY: timestamps and accents arrive as generated
		assertThat(count("""
				SELECT count(*) FROM passerelle.consent
				WHERE collected_at <> (period_start + TIME '10:00') AT TIME ZONE 'UTC'
				   OR (revoked_at IS NOT NULL AND revoked_at <> collected_at + INTERVAL '20 days')""")).isZero();
		assertThat(count("SELECT count(*) FROM passerelle.involvement WHERE reason = 'Demande d''orientation SIAO'"))
			.isPositive();
		assertThat(count("SELECT count(*) FROM passerelle.person WHERE first_name IN ('Sébastien', 'Leïla', 'Émilie')"))
			.isPositive();
	}

	@Test
	void oneOrganizationOfEachTypeASecondAssociationAndASensitiveService() throws SQLException {
		assertThat(count("SELECT count(DISTINCT type) FROM passerelle.organization")).isEqualTo(7);
		assertThat(count("SELECT count(*) FROM passerelle.organization WHERE type = 'ASSOCIATION' AND NOT sensitive"))
			.isEqualTo(2);
		assertThat(count("SELECT count(*) FROM passerelle.organization WHERE sensitive_category = 'HEALTH'"))
			.isEqualTo(1);
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
		assertThat(count("SELECT count(*) FROM passerelle.involvement WHERE case_lead IS NOT NULL")).isPositive();
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
		assertThat(count("SELECT count(*) FROM passerelle.consent WHERE period_end < DATE '2026-11-22'")).isPositive();
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
		return Integer.parseInt(text(first, sql));
	}

	private static String text(String url, String sql) throws SQLException {
		try (Connection connection = owner(url);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private static Connection owner(String url) throws SQLException {
		return DriverManager.getConnection(url, TestDatabase.get().ownerUser(), TestDatabase.get().ownerPassword());
	}

}

package fr.passerelle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

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

	/** The parts of the support file with the category of their rows. */
	private static final Map<String, String> FILE = fileCategories();

	/**
	 * A digest of the generated rows, in no particular order: the whole rows of the
	 * support file.
	 */
	private static final String DIGEST = """
			SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
			  SELECT concat_ws(',', id, first_name, last_name, birth_date, phone, last_activity_at) x FROM passerelle.person
			  UNION ALL SELECT concat_ws(',', household_id, person_id, role, representative_person_id, since) FROM passerelle.household_member
			  UNION ALL SELECT concat_ws(',', id, organization_id, person_id, kind, started_on, ended_on, case_lead) FROM passerelle.involvement
			  UNION ALL SELECT concat_ws(',', id, person_id, grantor, status, period_start, period_end, method) FROM passerelle.consent
			  UNION ALL SELECT concat_ws(',', id, consent_id, type, categories, recipient_organization_id, recipient_organization_type, purposes) FROM passerelle.consent_provision
			  UNION ALL SELECT t::text FROM passerelle.needs_assessment_item t
			"""
			+ FILE.keySet()
				.stream()
				.map((table) -> "  UNION ALL SELECT t::text FROM passerelle." + table + " t\n")
				.collect(Collectors.joining())
			+ ") rows";

	/**
	 * Every element of the file with its person, category and provenance (columns
	 * {@code tbl, person_id, category, org, recorded_by, recorded_at, basis,
	 * basis_consent_id, basis_provision_id, basis_rule, updated_at}).
	 */
	private static final String ELEMENTS = "WITH element AS (" + FILE.entrySet()
		.stream()
		.map((part) -> "SELECT '%s' tbl, person_id, %s category, recorded_by_organization_id org, recorded_by, recorded_at, basis, basis_consent_id, basis_provision_id, basis_rule, updated_at FROM passerelle.%s"
			.formatted(part.getKey(), part.getValue(), part.getKey()))
		.collect(Collectors.joining(" UNION ALL ")) + ") ";

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
		assertThat(count("""
				SELECT count(*) FROM passerelle.involvement
				WHERE reason = 'Demande d''orientation transmise par Association Le Relais'""")).isPositive();
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
		// and, in the directory, the SIAO of another territory, which follows no one here
		assertThat(count("SELECT count(*) FROM passerelle.organization WHERE territory <> '38'")).isEqualTo(1);
		assertThat(count("""
				SELECT count(*) FROM passerelle.organization o
				WHERE o.territory = '73' AND o.type = 'SIAO'
				  AND NOT EXISTS (SELECT 1 FROM passerelle.involvement i WHERE i.organization_id = o.id)"""))
			.isEqualTo(1);
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
				WHERE o.territory = '38'
				  AND EXISTS (SELECT 1 FROM passerelle.involvement i WHERE i.organization_id = o.id)
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
	void theSupportFileInRealisticProportions() throws SQLException {
		double persons = count("SELECT count(*) FROM passerelle.person");
		// a residential history for (nearly) everyone, one open period at most
		assertThat(count("SELECT count(DISTINCT person_id) FROM passerelle.residential_situation") / persons)
			.isGreaterThan(0.85);
		assertThat(count("""
				SELECT count(*) FROM (SELECT person_id FROM passerelle.residential_situation
				WHERE ended_on IS NULL GROUP BY person_id HAVING count(*) > 1) more""")).isZero();
		assertThat(count("""
				SELECT count(*) FROM (SELECT person_id, count(*) n FROM passerelle.residential_situation
				GROUP BY person_id) h WHERE n > 4""")).isZero();
		assertThat(count("SELECT count(DISTINCT kind) FROM passerelle.residential_situation")).isGreaterThan(7);
		// a tenant's open situation is their home; a former tenant's began when it ended
		assertThat(count("""
				SELECT count(*) FROM passerelle.tenancy t JOIN passerelle.residential_situation r
				  ON r.person_id = t.person_id AND r.ended_on IS NULL
				WHERE CASE WHEN t.ended_on IS NULL THEN r.kind <> 'HOUSED' OR r.started_on <> t.started_on
				           ELSE r.started_on <> t.ended_on END""")).isZero();
		assertThat(count("SELECT count(DISTINCT person_id) FROM passerelle.housing_wish") / persons).isBetween(0.45,
				0.75);
		assertThat(
				count("SELECT count(*) FROM passerelle.housing_wish WHERE 'Saint-Martin-d''Hères' = ANY (locations)"))
			.isPositive();
		// assessments: about 70 % one, 20 % two; three to seven dimensions each
		assertThat(count("SELECT count(DISTINCT person_id) FROM passerelle.needs_assessment") / persons).isBetween(0.55,
				0.85);
		assertThat(count("""
				SELECT count(*) FROM (SELECT person_id FROM passerelle.needs_assessment
				GROUP BY person_id HAVING count(*) = 2) two""") / persons).isBetween(0.1, 0.3);
		assertThat(count("""
				SELECT count(*) FROM (SELECT assessment_id FROM passerelle.needs_assessment_item
				GROUP BY assessment_id HAVING count(*) NOT BETWEEN 3 AND 7) odd""")).isZero();
		// about 80 % of the persons an association supports have a measure; AVDL, ASLL
		// and IML the most frequent; zero to five notes each
		assertThat(count("""
				SELECT count(DISTINCT m.person_id) FROM passerelle.support_measure m
				WHERE m.provider_organization_id IN ('%s', '%s')""".formatted(DemoOrganizations.ASSOCIATION.id(),
				DemoOrganizations.OTHER_ASSOCIATION.id()))
				/ (double) count("""
						SELECT count(DISTINCT person_id) FROM passerelle.involvement
						WHERE kind = 'SUPPORT_MEASURE' AND organization_id IN ('%s', '%s')"""
					.formatted(DemoOrganizations.ASSOCIATION.id(), DemoOrganizations.OTHER_ASSOCIATION.id())))
			.isBetween(0.65, 0.95);
		assertThat(count("SELECT count(*) FROM passerelle.support_measure WHERE type IN ('AVDL', 'ASLL', 'IML')")
				/ (double) count("SELECT count(*) FROM passerelle.support_measure"))
			.isGreaterThan(0.6);
		assertThat(count("""
				SELECT count(*) FROM (SELECT measure_id FROM passerelle.support_note
				GROUP BY measure_id HAVING count(*) > 5) many""")).isZero();
		assertThat(count("SELECT count(*) FROM passerelle.support_note")).isPositive();
		// "case lead is me": each association's demo case worker leads its measures
		assertThat(count("""
				SELECT count(*) FROM passerelle.support_measure
				WHERE case_lead = 'referent.asso' AND provider_organization_id = '%s' AND ended_on IS NULL"""
			.formatted(DemoOrganizations.ASSOCIATION.id()))).isPositive();
		assertThat(count("""
				SELECT count(*) FROM passerelle.support_measure
				WHERE case_lead = 'referent.autre-asso' AND provider_organization_id = '%s'"""
			.formatted(DemoOrganizations.OTHER_ASSOCIATION.id()))).isPositive();
		assertThat(
				count("""
						SELECT count(*) FROM passerelle.support_measure
						WHERE case_lead IS DISTINCT FROM recorded_by OR provider_organization_id <> recorded_by_organization_id"""))
			.isZero();
		// orientations for those the SIAO follows, with proposals
		assertThat(count("""
				SELECT count(*) FROM passerelle.siao_orientation o
				WHERE NOT EXISTS (SELECT 1 FROM passerelle.involvement i
				                  WHERE i.person_id = o.person_id AND i.kind = 'SIAO_ORIENTATION')""")).isZero();
		assertThat(count("SELECT count(DISTINCT status) FROM passerelle.siao_orientation")).isEqualTo(5);
		// each addressed to the territory's SIAO, requested by the person's association
		// where her consent lets it (else received by the SIAO itself)
		assertThat(count("SELECT count(*) FROM passerelle.siao_orientation WHERE siao_organization_id <> '%s'"
			.formatted(DemoOrganizations.SIAO.id()))).isZero();
		assertThat(count("SELECT count(*) FROM passerelle.siao_orientation WHERE recorded_by_organization_id <> '%s'"
			.formatted(DemoOrganizations.SIAO.id()))).isPositive();
		// and the SIAO involved by the hub's rule (SiaoReferrals): from the first
		// request,
		// open while one is, else ended on the last decision
		assertThat(count("""
				SELECT count(*) FROM passerelle.involvement i
				JOIN (SELECT person_id, min(requested_on) AS first,
				             bool_or(status IN ('REQUESTED', 'PROPOSED')) AS open, max(decided_on) AS last
				      FROM passerelle.siao_orientation GROUP BY person_id) o ON o.person_id = i.person_id
				WHERE i.kind = 'SIAO_ORIENTATION'
				  AND (i.started_on <> o.first
				       OR (o.open AND i.ended_on IS NOT NULL)
				       OR (NOT o.open AND i.ended_on IS DISTINCT FROM o.last))""")).isZero();
		assertThat(count("""
				SELECT count(*) FROM passerelle.involvement i
				WHERE i.kind = 'SIAO_ORIENTATION' AND i.ended_on IS NOT NULL""")).isPositive();
		assertThat(count("SELECT count(*) FROM passerelle.siao_proposal")).isPositive();
		// applications for about 40 %, valid and unique SNE numbers, some priority or
		// DALO
		assertThat(count("SELECT count(DISTINCT person_id) FROM passerelle.housing_application") / persons)
			.isBetween(0.25, 0.55);
		assertThat(count("""
				SELECT count(*) FROM passerelle.housing_application
				WHERE sne_number <> '038' || to_char(filed_on, 'YYMM') || substr(sne_number, 8)""")).isZero();
		assertThat(count("SELECT count(*) FROM passerelle.housing_application WHERE dalo")).isPositive();
		assertThat(count("SELECT count(*) FROM passerelle.housing_application WHERE priority AND NOT dalo"))
			.isPositive();
		// tenancies for the persons the landlord houses, rents of 250 to 700 €
		assertThat(count("""
				SELECT count(*) FROM passerelle.involvement i
				WHERE i.kind = 'TENANCY'
				  AND NOT EXISTS (SELECT 1 FROM passerelle.tenancy t WHERE t.person_id = i.person_id)""")).isZero();
		assertThat(count("SELECT count(*) FROM passerelle.tenancy WHERE monthly_rent NOT BETWEEN 250 AND 700"))
			.isZero();
		// an attribution is HOUSING_APPLICATION data, which the landlord holds only under
		// a
		// consent: the demo's consents (DESIGN.md's intake) give landlords identity,
		// household
		// and tenancy only, so the demo has tenancies and no attribution
		assertThat(count("SELECT count(*) FROM passerelle.attribution")).isZero();
		// benefits paid by the CAF, about one in ten suspended
		assertThat(count("SELECT count(*) FROM passerelle.benefit WHERE status = 'SUSPENDED'")
				/ (double) count("SELECT count(*) FROM passerelle.benefit"))
			.isBetween(0.03, 0.2);
		// arrears for about 15 % of the tenants, with one to four prevention steps
		assertThat(count("SELECT count(DISTINCT person_id) FROM passerelle.rent_arrears")
				/ (double) count("SELECT count(DISTINCT person_id) FROM passerelle.tenancy"))
			.isBetween(0.05, 0.35);
		assertThat(
				count("""
						SELECT count(*) FROM passerelle.rent_arrears a
						WHERE (SELECT count(*) FROM passerelle.prevention_step s WHERE s.arrears_id = a.id) NOT BETWEEN 1 AND 4"""))
			.isZero();
		// health for those the addiction service follows; a few justice or violence
		// records
		assertThat(count("""
				SELECT count(*) FROM passerelle.sensitive_record
				WHERE category = 'HEALTH' AND recorded_by_organization_id = '%s'"""
			.formatted(DemoOrganizations.ADDICTION_SERVICE.id()))).isPositive();
		assertThat(count("SELECT count(*) FROM passerelle.sensitive_record WHERE category IN ('JUSTICE', 'VIOLENCE')"))
			.isPositive();
	}

	@Test
	void everyElementIsRecordedTheWayTheHubWouldHaveLetIt() throws SQLException {
		// by an organization involved with the person, which the write policy lets write
		// the category
		assertThat(count(ELEMENTS + """
				SELECT count(*) FROM element e
				WHERE NOT EXISTS (SELECT 1 FROM passerelle.involvement i
				                  WHERE i.person_id = e.person_id AND i.organization_id = e.org)""")).isZero();
		assertThat(count(ELEMENTS + """
				SELECT count(*) FROM element e JOIN passerelle.organization o ON o.id = e.org
				WHERE NOT EXISTS (SELECT 1 FROM passerelle.write_rule w
				                  WHERE w.organization_type = o.type AND w.category = e.category)""")).isZero();
		// by that organization's demo user
		String users = DemoFile.USERS.entrySet()
			.stream()
			.map((user) -> "('%s'::uuid, '%s')".formatted(user.getKey(), user.getValue()))
			.collect(Collectors.joining(", "));
		assertThat(count(ELEMENTS + """
				SELECT count(*) FROM element e
				WHERE (e.org, e.recorded_by) NOT IN (VALUES %s)""".formatted(users))).isZero();
		// on a mission cell of the author's type for the category, never for a sensitive
		// one
		assertThat(count(ELEMENTS + """
				SELECT count(*) FROM element e JOIN passerelle.organization o ON o.id = e.org
				WHERE e.basis = 'MISSION' AND (e.category IN ('HEALTH', 'JUSTICE', 'VIOLENCE') OR NOT EXISTS (
				  SELECT 1 FROM passerelle.policy_rule r
				  WHERE r.effect = 'MISSION' AND r.organization_type = o.type AND r.category = e.category
				    AND concat_ws('/', r.organization_type, r.role, r.category, r.purpose) = e.basis_rule))"""))
			.isZero();
		// or on a permit of an active consent of the person for the author (sensitive:
		// naming it)
		assertThat(count(ELEMENTS + """
				SELECT count(*) FROM element e JOIN passerelle.organization o ON o.id = e.org
				WHERE e.basis = 'CONSENT' AND NOT EXISTS (
				  SELECT 1 FROM passerelle.consent_provision p JOIN passerelle.consent c ON c.id = p.consent_id
				  WHERE p.id = e.basis_provision_id AND c.id = e.basis_consent_id AND c.person_id = e.person_id
				    AND c.status = 'ACTIVE' AND p.type = 'PERMIT' AND e.category = ANY (p.categories)
				    AND e.recorded_at >= c.period_start
				    AND (p.recipient_organization_id = e.org OR (p.recipient_organization_type = o.type
				         AND e.category NOT IN ('HEALTH', 'JUSTICE', 'VIOLENCE'))))""")).isZero();
		assertThat(count(ELEMENTS + "SELECT count(DISTINCT basis) FROM element")).isEqualTo(2);
		assertThat(count(ELEMENTS + "SELECT count(DISTINCT org) FROM element")).isEqualTo(7);
		// recorded on the day of generation at the latest, updated after
		assertThat(count(
				ELEMENTS + """
						SELECT count(*) FROM element
						WHERE recorded_at >= DATE '2026-11-23' OR updated_at <= recorded_at OR updated_at >= DATE '2026-11-23'"""))
			.isZero();
		// nested rows belong to the same person as their parent
		assertThat(count("""
				SELECT (SELECT count(*) FROM passerelle.needs_assessment_item i JOIN passerelle.needs_assessment a
				        ON a.id = i.assessment_id WHERE a.person_id <> i.person_id)
				     + (SELECT count(*) FROM passerelle.support_note n JOIN passerelle.support_measure m
				        ON m.id = n.measure_id WHERE m.person_id <> n.person_id OR n.written_on < m.started_on)
				     + (SELECT count(*) FROM passerelle.siao_proposal p JOIN passerelle.siao_orientation o
				        ON o.id = p.orientation_id WHERE o.person_id <> p.person_id OR p.proposed_on < o.requested_on)
				     + (SELECT count(*) FROM passerelle.attribution t JOIN passerelle.housing_application a
				        ON a.id = t.application_id WHERE a.person_id <> t.person_id)
				     + (SELECT count(*) FROM passerelle.rent_arrears r JOIN passerelle.tenancy t
				        ON t.id = r.tenancy_id WHERE t.person_id <> r.person_id OR r.since < t.started_on)
				     + (SELECT count(*) FROM passerelle.prevention_step s JOIN passerelle.rent_arrears r
				        ON r.id = s.arrears_id WHERE r.person_id <> s.person_id OR s.taken_on < r.since)""")).isZero();
		// the caseload can be ordered by the last activity
		assertThat(count("SELECT count(DISTINCT last_activity_at) FROM passerelle.person")).isGreaterThan(100);
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
		// sleeping rough, an AVDL with referent.asso as case lead, an assessment, wishes
		assertThat(text(first,
				"""
						SELECT string_agg(kind::text, ',' ORDER BY started_on) || '/' || count(*) FILTER (WHERE ended_on IS NULL)
						FROM passerelle.residential_situation WHERE person_id = %s"""
					.formatted(karim)))
			.isEqualTo("FAMILY_OR_FRIENDS,STREET/1");
		assertThat(text(first,
				"""
						SELECT type || ',' || case_lead || ',' || recorded_by || ',' || basis_rule FROM passerelle.support_measure
						WHERE ended_on IS NULL AND person_id = %s"""
					.formatted(karim)))
			.isEqualTo("AVDL,referent.asso,referent.asso,ASSOCIATION/CASE_WORKER/SUPPORT_MEASURES/SUPPORT");
		assertThat(count("SELECT count(*) FROM passerelle.needs_assessment WHERE person_id = " + karim)).isEqualTo(1);
		assertThat(count("""
				SELECT count(*) FROM passerelle.housing_wish
				WHERE locations = '{Grenoble,Échirolles}' AND person_id = %s""".formatted(karim))).isEqualTo(1);
		// the SIAO has just proposed an IML dwelling of the landlord
		assertThat(text(first,
				"""
						SELECT o.status || ',' || o.requested_solution || ',' || p.solution || ',' || p.outcome || ',' || o.recorded_by
						FROM passerelle.siao_orientation o JOIN passerelle.siao_proposal p ON p.orientation_id = o.id
						WHERE p.provider_organization_id = '%s' AND o.person_id = %s"""
					.formatted(DemoOrganizations.LANDLORD.id(), karim)))
			.isEqualTo("PROPOSED,IML,IML,PENDING,referent.asso");
		// requested by the association, addressed to the SIAO, which is involved from
		// then on
		assertThat(text(first, """
				SELECT i.reason || ',' || coalesce(i.ended_on::text, 'open') || ',' || o.siao_organization_id
				FROM passerelle.involvement i JOIN passerelle.siao_orientation o ON o.person_id = i.person_id
				WHERE i.kind = 'SIAO_ORIENTATION' AND i.person_id = %s""".formatted(karim)))
			.isEqualTo("Demande d'orientation transmise par Association Le Relais,open," + DemoOrganizations.SIAO.id());
		// his RSA, the addiction service's follow-up under his consent, no home yet
		assertThat(
				count("SELECT count(*) FROM passerelle.benefit WHERE type = 'RSA' AND status = 'PAID' AND person_id = "
						+ karim))
			.isEqualTo(1);
		assertThat(
				count("""
						SELECT count(*) FROM passerelle.sensitive_record
						WHERE category = 'HEALTH' AND basis = 'CONSENT' AND recorded_by = 'referent.sensible' AND person_id = %s"""
					.formatted(karim)))
			.isEqualTo(1);
		assertThat(count("""
				SELECT (SELECT count(*) FROM passerelle.tenancy WHERE person_id = %1$s)
				     + (SELECT count(*) FROM passerelle.rent_arrears WHERE person_id = %1$s)
				     + (SELECT count(*) FROM passerelle.housing_application WHERE person_id = %1$s)"""
			.formatted(karim))).isZero();
	}

	private static Map<String, String> fileCategories() {
		Map<String, String> categories = new LinkedHashMap<>();
		categories.put("residential_situation", "'RESIDENTIAL_SITUATION'");
		categories.put("housing_wish", "'HOUSING_WISHES'");
		categories.put("needs_assessment", "'NEEDS_ASSESSMENT'");
		categories.put("support_measure", "'SUPPORT_MEASURES'");
		categories.put("support_note", "'SUPPORT_NOTES'");
		categories.put("siao_orientation", "'HOUSING_APPLICATION'");
		categories.put("siao_proposal", "'HOUSING_APPLICATION'");
		categories.put("housing_application", "'HOUSING_APPLICATION'");
		categories.put("attribution", "'HOUSING_APPLICATION'");
		categories.put("tenancy", "'TENANCY'");
		categories.put("benefit", "'RESOURCES'");
		categories.put("rent_arrears", "'RENT_ARREARS'");
		categories.put("prevention_step", "'RENT_ARREARS'");
		categories.put("sensitive_record", "category");
		categories.replaceAll(
				(table, category) -> category.startsWith("'") ? category + "::passerelle.data_category" : category);
		return categories;
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

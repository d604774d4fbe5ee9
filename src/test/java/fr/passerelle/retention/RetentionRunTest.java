package fr.passerelle.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.FilePartsOutsideSpring;
import fr.passerelle.support.TestDatabase;

/**
 * The retention run on a generated demo territory, in a database of its own, run as the
 * application role under row-level security (the privacy office's settings, as the hub
 * sets them): exactly the persons past the period are anonymized, the texts of old
 * elements of the categories with a shorter period are scrubbed, the statistics and the
 * access log are the same, and a dry run writes nothing.
 */
class RetentionRunTest {

	private static final String URL_NAME = "retention_territory";

	private static String url;

	private static Connection ownerConnection;

	private static Connection appConnection;

	private static DSLContext owner;

	private static DSLContext app;

	/** Persons forced just past and just within the retention period. */
	private static final Set<UUID> pastThePeriod = new HashSet<>();

	private static final Set<UUID> withinThePeriod = new HashSet<>();

	/** A wish a year old, still its person's latest. */
	private static UUID latestOldWish;

	@BeforeAll
	static void generate() throws SQLException {
		url = TestDatabase.get().createMigratedDatabase(URL_NAME);
		ownerConnection = DriverManager.getConnection(url, TestDatabase.get().ownerUser(),
				TestDatabase.get().ownerPassword());
		owner = DSL.using(ownerConnection, SQLDialect.POSTGRES);
		new DemoTerritory(owner, 38, LocalDate.now()).generate(150);
		appConnection = DriverManager.getConnection(url, TestDatabase.APP_ROLE, TestDatabase.APP_ROLE);
		app = DSL.using(appConnection, SQLDialect.POSTGRES);
		// around the boundary: a day past two years, a day within
		List<UUID> persons = owner.fetch("""
				SELECT id FROM passerelle.person
				WHERE last_activity_at > now() - interval '23 months' ORDER BY id LIMIT 8""").getValues(0, UUID.class);
		for (int i = 0; i < persons.size(); i++) {
			boolean past = i % 2 == 0;
			owner.execute("UPDATE passerelle.person SET last_activity_at = now() - interval '2 years' + interval '"
					+ (past ? -1 : 1) + " day' WHERE id = ?", persons.get(i));
			(past ? pastThePeriod : withinThePeriod).add(persons.get(i));
		}
		// the demo's tenancies and health records are all open: end some, long ago, and
		// make others old but open
		for (String table : List.of("tenancy", "sensitive_record")) {
			List<UUID> elements = owner
				.fetch("""
						SELECT e.id FROM passerelle.%s e JOIN passerelle.person p ON p.id = e.person_id
						WHERE p.last_activity_at > now() - interval '23 months' AND e.ended_on IS NULL AND %s
						ORDER BY e.id LIMIT 4""".formatted(table,
						table.equals("tenancy") ? "true" : "e.category = 'HEALTH'"))
				.getValues(0, UUID.class);
			assertThat(elements).hasSizeGreaterThan(1);
			for (int i = 0; i < elements.size(); i++) {
				owner.execute(
						"UPDATE passerelle." + table + " SET recorded_at = now() - interval '1 year', updated_at = NULL"
								+ (i % 2 == 0 ? ", ended_on = started_on" : "") + " WHERE id = ?",
						elements.get(i));
			}
		}
		owner.execute("UPDATE passerelle.sensitive_record SET summary = 'Suivi au CMP' WHERE summary IS NULL");
		// wishes a year old: two superseded by a newer one today, one still the latest
		List<UUID> wishes = owner
			.fetch("""
					SELECT min(w.id::text)::uuid FROM passerelle.housing_wish w JOIN passerelle.person p ON p.id = w.person_id
					WHERE p.last_activity_at > now() - interval '23 months'
					GROUP BY w.person_id HAVING count(*) = 1 ORDER BY 1 LIMIT 3""")
			.getValues(0, UUID.class);
		assertThat(wishes).hasSize(3);
		for (UUID wish : wishes) {
			owner.execute(
					"UPDATE passerelle.housing_wish SET recorded_at = now() - interval '1 year', updated_at = NULL, "
							+ "own_words = 'Près de ma fille' WHERE id = ?",
					wish);
		}
		owner.execute(
				"""
						INSERT INTO passerelle.housing_wish (id, person_id, locations, dwelling_types, constraints, own_words,
						    expressed_on, recorded_by_organization_id, recorded_by, basis, basis_consent_id, basis_provision_id, basis_rule)
						SELECT gen_random_uuid(), person_id, locations, dwelling_types, constraints, own_words, current_date,
						       recorded_by_organization_id, recorded_by, basis, basis_consent_id, basis_provision_id, basis_rule
						FROM passerelle.housing_wish WHERE id IN (?, ?)""",
				wishes.get(0), wishes.get(1));
		latestOldWish = wishes.get(2);
		accessLog();
	}

	@AfterAll
	static void close() throws SQLException {
		appConnection.close();
		ownerConnection.close();
	}

	@Test
	void exactlyThePersonsPastTheRetentionPeriodAreAnonymizedAndTheStatisticsStay() {
		Set<UUID> due = new HashSet<>(owner.fetch("""
				SELECT id FROM passerelle.person
				WHERE anonymized_at IS NULL AND last_activity_at < now() - interval '2 years'""")
			.getValues(0, UUID.class));
		assertThat(due).containsAll(pastThePeriod).doesNotContainAnyElementsOf(withinThePeriod);
		String digest = RetentionProbes.digest(owner);
		String kept = RetentionProbes.kept(owner, null);
		String statistics = RetentionProbes.statistics(owner, null);
		String log = RetentionProbes.accessLog(owner);
		assertThat(chainBreaks()).isZero();
		Retention retention = retention(
				Map.of(DataCategory.SUPPORT_NOTES, Period.ofYears(1), DataCategory.TENANCY, Period.ofMonths(6),
						DataCategory.HEALTH, Period.ofMonths(6), DataCategory.HOUSING_WISHES, Period.ofMonths(6)));

		// the dry run lists the same persons and changes nothing
		RetentionReport dry = retention.run(Retention.Actor.RETENTION, true);
		assertThat(dry.dryRun()).isTrue();
		assertThat(dry.persons()).extracting(Anonymization::personId).containsExactlyInAnyOrderElementsOf(due);
		assertThat(dry.persons()).allSatisfy((person) -> assertThat(person.anonymizedAt()).isNull());
		assertThat(RetentionProbes.digest(owner)).isEqualTo(digest);
		Set<UUID> oldNotes = new HashSet<>(owner.fetch("""
				SELECT n.id FROM passerelle.support_note n JOIN passerelle.person p ON p.id = n.person_id
				WHERE coalesce(n.updated_at, n.recorded_at) < now() - interval '1 year'
				  AND p.last_activity_at >= now() - interval '2 years'""").getValues(0, UUID.class));
		assertThat(oldNotes).isNotEmpty();
		assertThat(ids(dry, DataCategory.SUPPORT_NOTES)).containsExactlyInAnyOrderElementsOf(oldNotes);
		// an ended tenancy's address, an ended health record's summary, six months on
		assertThat(ids(dry, DataCategory.TENANCY)).containsExactlyInAnyOrderElementsOf(owner.fetch("""
				SELECT t.id FROM passerelle.tenancy t JOIN passerelle.person p ON p.id = t.person_id
				WHERE coalesce(t.updated_at, t.recorded_at) < now() - interval '6 months' AND t.ended_on IS NOT NULL
				  AND p.last_activity_at >= now() - interval '2 years'""").getValues(0, UUID.class));
		List<UUID> oldHealth = owner
			.fetch("""
					SELECT s.id FROM passerelle.sensitive_record s JOIN passerelle.person p ON p.id = s.person_id
					WHERE coalesce(s.updated_at, s.recorded_at) < now() - interval '6 months' AND s.ended_on IS NOT NULL
					  AND s.category = 'HEALTH' AND s.summary IS NOT NULL AND p.last_activity_at >= now() - interval '2 years'""")
			.getValues(0, UUID.class);
		assertThat(ids(dry, DataCategory.TENANCY)).isNotEmpty();
		assertThat(oldHealth).isNotEmpty();
		assertThat(ids(dry, DataCategory.HEALTH)).containsExactlyInAnyOrderElementsOf(oldHealth);
		// a wish superseded by a newer one, not the latest
		List<UUID> supersededWishes = owner.fetch("""
				SELECT w.id FROM passerelle.housing_wish w JOIN passerelle.person p ON p.id = w.person_id
				WHERE coalesce(w.updated_at, w.recorded_at) < now() - interval '6 months'
				  AND (cardinality(w.locations) > 0 OR w.constraints IS NOT NULL OR w.own_words IS NOT NULL)
				  AND EXISTS (SELECT 1 FROM passerelle.housing_wish n WHERE n.person_id = w.person_id
				              AND (n.expressed_on, n.recorded_at, n.id) > (w.expressed_on, w.recorded_at, w.id))
				  AND p.last_activity_at >= now() - interval '2 years'""").getValues(0, UUID.class);
		assertThat(supersededWishes).isNotEmpty();
		assertThat(ids(dry, DataCategory.HOUSING_WISHES)).containsExactlyInAnyOrderElementsOf(supersededWishes)
			.doesNotContain(latestOldWish);

		List<String> names = owner
			.fetch("SELECT first_name FROM passerelle.person WHERE id = ANY (?::uuid[]) "
					+ "UNION SELECT last_name FROM passerelle.person WHERE id = ANY (?::uuid[])",
					due.toArray(UUID[]::new), due.toArray(UUID[]::new))
			.getValues(0, String.class);
		RetentionReport applied = retention.run(Retention.Actor.RETENTION, false);
		// the command's report: ids and counts, no name
		String text = RetentionCommand.text(applied);
		assertThat(text).contains(due.stream().map(UUID::toString).toList())
			.contains("support_note.body " + oldNotes.size());
		assertThat(names).isNotEmpty().allSatisfy((name) -> assertThat(text).doesNotContain(name));
		assertThat(applied.persons()).extracting(Anonymization::personId).containsExactlyInAnyOrderElementsOf(due);
		assertThat(applied.persons()).extracting(Anonymization::fields)
			.containsExactlyElementsOf(dry.persons().stream().map(Anonymization::fields).toList());
		assertThat(ids(applied, DataCategory.SUPPORT_NOTES)).containsExactlyInAnyOrderElementsOf(oldNotes);
		// exactly the old ones, each marked, nothing of their identity or free text left
		assertThat(owner.fetch("SELECT id FROM passerelle.person WHERE anonymized_at IS NOT NULL")
			.getValues(0, UUID.class)).containsExactlyInAnyOrderElementsOf(due);
		assertThat(count("""
				SELECT count(*) FROM passerelle.person WHERE anonymized_at IS NOT NULL
				  AND (first_name <> 'Anonyme' OR last_name <> 'Anonyme' OR phone IS NOT NULL
				       OR extract(doy FROM birth_date) <> 1 OR anonymized_by <> 'retention')""")).isZero();
		assertThat(app.transactionResult((configuration) -> {
			privacyOffice(configuration.dsl());
			return new Erasures(FilePartsOutsideSpring.parts()).counts(configuration.dsl(), due);
		}).values()).allSatisfy((fields) -> assertThat(fields).isEmpty());
		// the shorter periods: old notes scrubbed, recent ones kept; an open tenancy
		// keeps
		// its address
		assertThat(count("SELECT count(*) FROM passerelle.support_note WHERE body = '[anonymisé]'"))
			.isEqualTo(oldNotes.size() + count("""
					SELECT count(*) FROM passerelle.support_note n JOIN passerelle.person p ON p.id = n.person_id
					WHERE p.anonymized_at IS NOT NULL AND NOT n.id = ANY (?::uuid[])""",
					(Object) oldNotes.toArray(UUID[]::new)));
		assertThat(count("""
				SELECT count(*) FROM passerelle.support_note
				WHERE body <> '[anonymisé]' AND coalesce(updated_at, recorded_at) >= now() - interval '1 year'"""))
			.isPositive();
		assertThat(count("""
				SELECT count(*) FROM passerelle.tenancy t JOIN passerelle.person p ON p.id = t.person_id
				WHERE t.ended_on IS NULL AND t.address = '[anonymisé]' AND p.anonymized_at IS NULL""")).isZero();
		// every row, kind, date, amount, status and link kept: the same statistics
		assertThat(RetentionProbes.kept(owner, null)).isEqualTo(kept);
		assertThat(RetentionProbes.statistics(owner, null)).isEqualTo(statistics)
			.contains("from the street into housing", "rents", "arrears");
		// the access log untouched and its chain still whole
		assertThat(RetentionProbes.accessLog(owner)).isEqualTo(log);
		assertThat(chainBreaks()).isZero();

		// a second run finds nothing left to do
		RetentionReport again = retention.run(Retention.Actor.RETENTION, false);
		assertThat(again.persons()).isEmpty();
		assertThat(again.categories()).allSatisfy((category) -> assertThat(category.elements()).isEmpty());
	}

	@Test
	void onlyThePrivacyOfficeUpdatesOthersElementsAndTheApplicationDeletesNothing() {
		// the same statement without the privacy office's setting reaches no row
		int updated = app.transactionResult(
				(configuration) -> configuration.dsl().execute("UPDATE passerelle.support_note SET body = 'x'"));
		assertThat(updated).isZero();
		assertThatThrownBy(() -> app.transaction((configuration) -> {
			privacyOffice(configuration.dsl());
			configuration.dsl().execute("DELETE FROM passerelle.support_note");
		})).hasMessageContaining("permission denied");
		assertThatThrownBy(() -> app.transaction((configuration) -> {
			privacyOffice(configuration.dsl());
			configuration.dsl().execute("DELETE FROM passerelle.person");
		})).hasMessageContaining("permission denied");
	}

	@Test
	void categoriesWithoutFreeTextOfTheirOwnCannotHaveAPeriod() {
		// the parts of the file say which categories have free texts of their own
		assertThatThrownBy(() -> retention(Map.of(DataCategory.IDENTITY, Period.ofYears(1))))
			.hasMessageContaining("IDENTITY")
			.hasMessageContaining("SUPPORT_NOTES");
		assertThatThrownBy(
				() -> new RetentionProperties(Period.ZERO, null, new RetentionProperties.Schedule(false, "-"), null))
			.hasMessageContaining("default-period");
		assertThatThrownBy(() -> new RetentionProperties(Period.ofYears(2), null,
				new RetentionProperties.Schedule(false, "-"), "now"))
			.hasMessageContaining("run-once");
	}

	private static Retention retention(Map<DataCategory, Period> periods) {
		RetentionProperties properties = new RetentionProperties(Period.ofYears(2), periods,
				new RetentionProperties.Schedule(false, "-"), null);
		return new Retention(new Retention.Transactions() {
			@Override
			public <T> T run(Retention.Actor actor, ViewerTransactions.Work<T> work) {
				return app.transactionResult((configuration) -> {
					privacyOffice(configuration.dsl());
					return work.run(configuration.dsl());
				});
			}
		}, new Erasures(FilePartsOutsideSpring.parts()), properties, Clock.systemDefaultZone());
	}

	/** What the hub sets in a transaction of the privacy office (ViewerTransactions). */
	private static void privacyOffice(DSLContext dsl) {
		dsl.fetch("SELECT set_config('passerelle.viewer_user', 'retention', true), "
				+ "set_config('passerelle.privacy_office', 'on', true)");
	}

	private static List<UUID> ids(RetentionReport report, DataCategory category) {
		return report.categories()
			.stream()
			.filter((retained) -> retained.category() == category)
			.flatMap((retained) -> retained.elements().stream())
			.flatMap((elements) -> elements.ids().stream())
			.toList();
	}

	private static int count(String sql, Object... bindings) {
		return ((Number) owner.fetchValue(sql, bindings)).intValue();
	}

	/**
	 * A chained access log about the territory's persons (those to be anonymized
	 * included): each event's hash covers its previous hash and its persons, as the hub's
	 * chain does.
	 */
	private static void accessLog() {
		List<UUID> persons = owner.fetch("SELECT id FROM passerelle.person ORDER BY last_activity_at LIMIT 20")
			.getValues(0, UUID.class);
		for (int i = 0; i < persons.size(); i++) {
			owner.execute(
					"""
							INSERT INTO passerelle.access_event (seq, occurred_at, request_id, user_id, username, organization_id,
							    purpose, operation, person_ids, persons, previous_hash, hash)
							SELECT h.seq + 1, now(), 'request-' || (h.seq + 1), 'user', 'referent.asso', NULL, 'SUPPORT', 'personFile',
							       ARRAY[?::uuid], jsonb_build_array(jsonb_build_object('personId', ?::text, 'disclosed',
							           jsonb_build_array(jsonb_build_object('category', 'IDENTITY', 'basis', 'MISSION')))),
							       h.hash, encode(sha256(convert_to(h.hash || '|' || (h.seq + 1) || '|' || ?::text, 'UTF8')), 'hex')
							FROM passerelle.access_chain_head h""",
					persons.get(i), persons.get(i), persons.get(i));
			owner.execute("""
					UPDATE passerelle.access_chain_head SET seq = seq + 1,
					    hash = encode(sha256(convert_to(hash || '|' || (seq + 1) || '|' || ?::text, 'UTF8')), 'hex')""",
					persons.get(i));
		}
	}

	/**
	 * The events whose hash is not that of their previous hash and persons, or whose
	 * previous hash is not the hash of the event before.
	 */
	private static int chainBreaks() {
		return count(
				"""
						SELECT count(*) FROM (
						  SELECT hash, previous_hash, seq, person_ids,
						         lag(hash, 1, repeat('0', 64)) OVER (ORDER BY seq) AS before
						  FROM passerelle.access_event) e
						WHERE e.previous_hash <> e.before
						   OR e.hash <> encode(sha256(convert_to(e.previous_hash || '|' || e.seq || '|' || e.person_ids[1]::text, 'UTF8')), 'hex')""")
				+ (count("SELECT count(*) FROM passerelle.access_event") == 20 ? 0 : 1);
	}

}

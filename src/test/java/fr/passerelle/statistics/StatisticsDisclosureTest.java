package fr.passerelle.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.TestDatabase;

/**
 * The attacker's proof, on a generated territory of 10,000 persons (in a database of its
 * own), some of whom objected to statistics: for every table set published for Isère and
 * the current year — each count indicator at every granularity and breakdown — a linear
 * program over everything published computes, for every suppressed cell, the tightest
 * interval an attacker can get; none is narrower than the protection level (the
 * threshold), and each holds the true value. The relations the attacker uses are restated
 * here from the indicators' definitions, not taken from the hub's code.
 */
class StatisticsDisclosureTest {

	private static final int PERSONS = 10_000;

	private static final int K = 11;

	private static Connection ownerConnection;

	private static Connection appConnection;

	private static DSLContext owner;

	private static DSLContext app;

	private static int year;

	private static Publication publication;

	private static Counts counts;

	@BeforeAll
	static void generate() throws SQLException {
		String url = TestDatabase.get().createMigratedDatabase("statistics_territory");
		ownerConnection = DriverManager.getConnection(url, TestDatabase.get().ownerUser(),
				TestDatabase.get().ownerPassword());
		owner = DSL.using(ownerConnection, SQLDialect.POSTGRES);
		new DemoTerritory(owner, 38, LocalDate.now()).generate(PERSONS);
		// about one adult in fifty objects to statistics (a deny provision for
		// STATISTICS, in the consent they gave)
		owner.execute("""
				INSERT INTO passerelle.consent_provision (id, consent_id, type, categories, purposes)
				SELECT gen_random_uuid(), c.id, 'DENY', '{IDENTITY}', '{STATISTICS}'
				FROM passerelle.consent c
				WHERE c.status = 'ACTIVE' AND c.period_start <= current_date
				  AND (c.period_end IS NULL OR c.period_end >= current_date)
				  AND get_byte(decode(md5(c.person_id::text), 'hex'), 0) < 5""");
		owner.fetch("SELECT passerelle.refresh_statistics()");
		appConnection = DriverManager.getConnection(url, TestDatabase.APP_ROLE, TestDatabase.APP_ROLE);
		app = DSL.using(appConnection, SQLDialect.POSTGRES);
		year = LocalDate.now().getYear();
		counts = Statistics.counts(app, "38", year, Instant.now());
		publication = Publisher.publish("38", year, K, Instant.now(), counts);
	}

	@AfterAll
	static void close() throws SQLException {
		appConnection.close();
		ownerConnection.close();
	}

	@Test
	void theObjectorsCountNowhere() {
		int objectors = owner.fetchSingle("""
				SELECT count(DISTINCT c.person_id) FROM passerelle.consent c
				JOIN passerelle.consent_provision v ON v.consent_id = c.id
				WHERE v.type = 'DENY' AND 'STATISTICS' = ANY (v.purposes)""").get(0, Integer.class);
		assertThat(objectors).isGreaterThan(50);
		long supported = owner.fetchSingle(
				"""
						SELECT count(DISTINCT s.person_id) FROM passerelle.support_measure s
						WHERE s.started_on <= current_date AND (s.ended_on IS NULL OR s.ended_on >= make_date(?, 1, 1))
						  AND NOT EXISTS (SELECT 1 FROM passerelle.consent c JOIN passerelle.consent_provision v ON v.consent_id = c.id
						                  WHERE c.person_id = s.person_id AND v.type = 'DENY' AND 'STATISTICS' = ANY (v.purposes))""",
				year)
			.get(0, Long.class);
		assertThat(counts.count(Indicator.PERSONS_SUPPORTED, new Period(Granularity.YEAR, LocalDate.of(year, 1, 1)),
				Breakdown.ALL, Breakdown.NONE, Breakdown.ALL))
			.isEqualTo(supported);
	}

	@Test
	void noSuppressedCellCanBeNarrowedBelowTheProtectionLevel() {
		int suppressed = 0;
		int small = 0;
		for (Indicator indicator : Indicator.values()) {
			if (indicator.kind() != Indicator.Kind.STOCK && indicator.kind() != Indicator.Kind.FLOW) {
				continue;
			}
			AttackedSet attacked = AttackedSet.of(indicator, publication, counts);
			TableSet set = attacked.set();
			Attacker.Interval[] intervals = Attacker.intervals(set, attacked.suppressed());
			for (int cell = 0; cell < set.size(); cell++) {
				if (!attacked.suppressed()[cell]) {
					assertThat(set.value(cell)).as(set.key(cell)).isGreaterThanOrEqualTo(K);
					continue;
				}
				suppressed++;
				if (set.value(cell) < K) {
					small++;
				}
				Attacker.Interval interval = intervals[cell];
				assertThat(interval.width()).as(set.key(cell) + " " + interval).isGreaterThanOrEqualTo(K);
				assertThat(interval.lo()).as(set.key(cell)).isLessThanOrEqualTo(set.value(cell) + 1e-6);
				assertThat(interval.hi()).as(set.key(cell)).isGreaterThanOrEqualTo(set.value(cell) - 1e-6);
			}
		}
		// a territory with many small cells: the proof is not vacuous
		assertThat(small).isGreaterThan(100);
		assertThat(suppressed).isGreaterThan(small);
	}

	@Test
	void theSameCountsGiveTheSamePattern() {
		Publication again = Publisher.publish("38", year, K, Instant.now(),
				Statistics.counts(app, "38", year, Instant.now()));
		assertThat(again.cells()).isEqualTo(publication.cells());
	}

	/**
	 * One indicator's table set as the attacker sees it: every observed cell of the year
	 * (months without breakdown; quarters and the year with each breakdown), the
	 * relations that hold between them, which are suppressed.
	 */
	record AttackedSet(TableSet set, boolean[] suppressed) {

		static AttackedSet of(Indicator indicator, Publication publication, Counts counts) {
			TableSet set = new TableSet();
			Map<String, Integer> cells = new LinkedHashMap<>();
			List<Boolean> hidden = new ArrayList<>();
			for (Cell cell : publication.cells().values()) {
				if (cell.indicator() != indicator || cell.reason() == SuppressionReason.NOT_YET_OBSERVABLE) {
					continue;
				}
				String key = key(cell.period(), cell.row(), cell.category());
				cells.put(key, set.add(key,
						counts.count(indicator, cell.period(), cell.row(), cell.breakdown(), cell.category())));
				hidden.add(cell.suppressed());
			}
			List<String> categoriesOfAll = new ArrayList<>();
			for (Breakdown breakdown : Breakdown.values()) {
				if (breakdown != Breakdown.NONE) {
					categoriesOfAll.addAll(breakdown.categories());
				}
			}
			boolean distinct = indicator.kind() == Indicator.Kind.STOCK;
			for (String key : cells.keySet()) {
				String[] parts = key.split("\\|");
				Period period = Period.parse(parts[0]);
				String row = parts[1];
				String category = parts[2];
				// each breakdown adds up to the cell's total
				if (category.equals(Breakdown.ALL) && period.granularity() != Granularity.MONTH) {
					for (Breakdown breakdown : List.of(Breakdown.COMPOSITION, Breakdown.AGE_BAND)) {
						if (!cells.containsKey(key(period, row, breakdown.categories().get(0)))) {
							// this row is not broken down
							continue;
						}
						set.sum(cells.get(key),
								breakdown.categories()
									.stream()
									.mapToInt((c) -> cells.get(key(period, row, c)))
									.toArray());
					}
				}
				// the rows add up to their total (a distinct count: at most)
				if (row.equals(Breakdown.ALL) && category.equals(Breakdown.ALL)) {
					int[] rows = indicator.rows()
						.stream()
						.mapToInt((r) -> cells.get(key(period, r, category)))
						.toArray();
					relation(set, distinct, cells.get(key), rows);
				}
				// the months to their quarter, the quarters to their year (a distinct
				// count:
				// at most)
				if (period.granularity() != Granularity.MONTH) {
					Granularity finer = (period.granularity() == Granularity.YEAR) ? Granularity.QUARTER
							: Granularity.MONTH;
					int[] parts2 = period.split(finer)
						.stream()
						.map((p) -> cells.get(key(p, row, category)))
						.filter((index) -> index != null)
						.mapToInt(Integer::intValue)
						.toArray();
					if (parts2.length > 0) {
						relation(set, distinct, cells.get(key), parts2);
					}
				}
			}
			boolean[] suppressed = new boolean[hidden.size()];
			for (int i = 0; i < suppressed.length; i++) {
				suppressed[i] = hidden.get(i);
			}
			return new AttackedSet(set, suppressed);
		}

		private static void relation(TableSet set, boolean distinct, int total, int[] parts) {
			if (distinct) {
				set.cover(total, parts);
			}
			else {
				set.sum(total, parts);
			}
		}

		private static String key(Period period, String row, String category) {
			return period.label() + "|" + row + "|" + category;
		}

	}

}

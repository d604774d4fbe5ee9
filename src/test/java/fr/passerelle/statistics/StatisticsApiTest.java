package fr.passerelle.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.Tokens;

/**
 * The statistics side through the real API with real tokens: the métropole's analyst and
 * the dashboards' service account get every indicator of Isère by quarter, suppressed
 * cells without values; nobody else gets any; they get nothing personal and write
 * nothing; each question is an access event; a person who objected to statistics counts
 * nowhere; the CSV export and the chart; the places register.
 */
@IntegrationTest
class StatisticsApiTest {

	static final String INDICATORS = """
			query dashboard($territory: String!, $period: String!, $granularity: Granularity, $breakdown: Breakdown) {
			  indicators(territory: $territory, period: $period, granularity: $granularity, breakdown: $breakdown) {
			    territory period granularity breakdown threshold computedAt
			    indicators {
			      indicator
			      definition { id title kind unit numerator denominator periodRule rows breakdowns }
			      cells { period row category value q1 q3 suppressed reason }
			    }
			  }
			}""";

	@Autowired
	Partners partners;

	@Autowired
	Statistics statistics;

	@Autowired
	StatementCounter statements;

	@Autowired
	DataSource dataSource;

	@LocalServerPort
	int port;

	static String dashboard;

	@BeforeAll
	static void serviceAccount() {
		dashboard = Tokens.clientCredentials("passerelle-dashboard", "passerelle-dashboard-dev-secret");
	}

	private static Map<String, Object> year(String breakdown) {
		return Map.of("territory", "38", "period", Integer.toString(LocalDate.now().getYear()), "granularity",
				"QUARTER", "breakdown", breakdown);
	}

	@Test
	@SuppressWarnings("unchecked")
	void theAnalystAndTheServiceAccountGetEveryIndicatorByQuarterWithSmallCellsSuppressed() {
		this.statistics.refresh();
		for (var tester : List.of(this.partners.as("analyste.metropole"), this.partners.withToken(dashboard))) {
			for (String breakdown : List.of("NONE", "COMPOSITION", "AGE_BAND")) {
				Answer answer = Answer.ask(tester, INDICATORS, year(breakdown));
				assertThat(answer.errors()).isEmpty();
				assertThat(answer.at("indicators.threshold")).isEqualTo(11);
				List<Map<String, Object>> tables = (List<Map<String, Object>>) answer.at("indicators.indicators");
				assertThat(tables).extracting((table) -> table.get("indicator"))
					.containsExactly("PERSONS_SUPPORTED", "HOUSING_ENTRIES", "ATTRIBUTIONS", "TIME_TO_HOUSING",
							"HOUSING_RETENTION", "EVICTION_PREVENTION", "SIAO_ORIENTATIONS", "SIAO_DAYS_TO_PROPOSAL",
							"PLACES");
				for (Map<String, Object> table : tables) {
					Map<String, Object> definition = (Map<String, Object>) table.get("definition");
					assertThat((String) definition.get("numerator")).isNotBlank();
					List<Map<String, Object>> cells = (List<Map<String, Object>>) table.get("cells");
					assertThat(cells).isNotEmpty();
					for (Map<String, Object> cell : cells) {
						// the periods are the year's quarters and the year, never finer
						assertThat((String) cell.get("period")).matches("\\d{4}(-Q[1-4])?");
						if (Boolean.TRUE.equals(cell.get("suppressed"))) {
							assertThat(cell.get("value")).isNull();
							assertThat(cell.get("reason")).isNotNull();
						}
						else if (!table.get("indicator").equals("PLACES")
								&& List.of("STOCK", "FLOW").contains(definition.get("kind"))) {
							assertThat(((Number) cell.get("value")).doubleValue()).isGreaterThanOrEqualTo(11);
						}
					}
				}
			}
		}
		// the demo territory is small: most counts are suppressed, some with a
		// complement
		Answer quarters = Answer.ask(this.partners.as("analyste.metropole"), INDICATORS, year("AGE_BAND"));
		assertThat(quarters.map().toString()).contains("SMALL_CELL").contains("COMPLEMENTARY");
	}

	@Test
	void nobodyElseGetsIndicatorsAndAnAnalystOnlyItsTerritory() {
		for (String user : List.of("referent.asso", "coord.siao", "agent.caf", "dpo", "admin", "pilote.metropole")) {
			assertThat(Answer.ask(this.partners.as(user), INDICATORS, year("NONE")).codes()).as(user)
				.containsExactly("FORBIDDEN");
		}
		Map<String, Object> savoie = new HashMap<>(year("NONE"));
		savoie.put("territory", "73");
		assertThat(Answer.ask(this.partners.as("analyste.metropole"), INDICATORS, savoie).codes())
			.containsExactly("FORBIDDEN");
		Map<String, Object> wrong = new HashMap<>(year("NONE"));
		wrong.put("period", "2026-13");
		Answer invalid = Answer.ask(this.partners.as("analyste.metropole"), INDICATORS, wrong);
		assertThat(invalid.codes()).containsExactly("INVALID_INPUT");
		assertThat(invalid.errors().get(0).getExtensions()).containsEntry("field", "period");
		Map<String, Object> monthly = new HashMap<>(year("AGE_BAND"));
		monthly.put("granularity", "MONTH");
		assertThat(Answer.ask(this.partners.as("analyste.metropole"), INDICATORS, monthly).codes())
			.containsExactly("INVALID_INPUT");
	}

	@Test
	@SuppressWarnings("unchecked")
	void analystsSeeAggregatesOnlyAndWriteNothing() {
		String karim = DemoTerritory.KARIM.toString();
		assertThat(Answer.ask(this.partners.as("analyste.metropole", "COORDINATION"), "personFile", Map.of("id", karim))
			.codes()).containsExactly("PURPOSE_NOT_ALLOWED");
		for (var tester : List.of(this.partners.as("analyste.metropole"), this.partners.withToken(dashboard))) {
			assertThat(Answer.ask(tester, "personFile", Map.of("id", karim)).at("person")).isNull();
			Answer caseload = Answer.ask(tester, "{ caseload(first: 50) { totalCount edges { node { id } } } }",
					Map.of());
			assertThat(caseload.at("caseload.totalCount")).isEqualTo(0);
			assertThat((List<Object>) caseload.at("caseload.edges")).isEmpty();
			Answer search = Answer.ask(tester, "{ searchPersons(name: \"Ka\") { id } }", Map.of());
			assertThat(search.map().toString()).doesNotContain(karim);
			Answer duplicates = Answer.ask(tester,
					"{ duplicateCheck(firstName: \"Karim\", lastName: \"Benali\", birthDate: \"1990-01-01\") { personId } }",
					Map.of());
			assertThat(duplicates.map().toString()).doesNotContain(karim);
			Answer note = Answer.ask(tester,
					"mutation ($id: ID!) { writeSupportNote(input: {personId: $id, writtenOn: \"2026-01-05\", body: \"x\"}) { id } }",
					Map.of("id", karim));
			assertThat(note.codes()).isNotEmpty().doesNotContain("INTERNAL");
			assertThat(note.at("writeSupportNote")).isNull();
			Answer registered = Answer.ask(tester, "registerPerson",
					Map.of("input", Map.of("firstName", "Ana", "lastName", "Lyste", "reason", "test")));
			assertThat(registered.at("registerPerson")).isNull();
			assertThat(registered.codes()).isNotEmpty().doesNotContain("INTERNAL");
		}
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.person WHERE last_name = 'Lyste'")).isZero();
	}

	@Test
	void eachQuestionIsAnAccessEventNamingNoPersonUnderStatistics() {
		int before = Fixtures.count("SELECT count(*) FROM passerelle.access_event WHERE username = 'analyste.metropole'"
				+ " AND purpose = 'STATISTICS' AND person_ids = '{}' AND operation LIKE 'indicators territory=38 %'"
				+ " AND operation LIKE '%breakdown=COMPOSITION%' AND operation LIKE '%cells=%'");
		Answer.ask(this.partners.as("analyste.metropole"), INDICATORS, year("COMPOSITION"));
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.access_event WHERE username = 'analyste.metropole'"
				+ " AND purpose = 'STATISTICS' AND person_ids = '{}' AND operation LIKE 'indicators territory=38 %'"
				+ " AND operation LIKE '%breakdown=COMPOSITION%' AND operation LIKE '%cells=%'"))
			.isEqualTo(before + 1);
		// refused questions disclose nothing and are not statistics events
		String asked = "SELECT count(*) FROM passerelle.access_event WHERE username = 'referent.asso'"
				+ " AND purpose = 'STATISTICS'";
		int refusedBefore = Fixtures.count(asked);
		Answer.ask(this.partners.as("referent.asso"), INDICATORS, year("NONE"));
		assertThat(Fixtures.count(asked)).isEqualTo(refusedBefore);
	}

	@Test
	void aDashboardCostsTheSameStatementsOnceComputed() {
		this.statistics.refresh();
		var analyst = this.partners.as("analyste.metropole");
		Answer.ask(analyst, INDICATORS, year("AGE_BAND"));
		long before = this.statements.count();
		Answer.ask(analyst, INDICATORS, year("AGE_BAND"));
		long second = this.statements.count() - before;
		before = this.statements.count();
		Answer.ask(analyst, INDICATORS, year("COMPOSITION"));
		long other = this.statements.count() - before;
		// the generation of the counts, and the access event (2)
		assertThat(second).isEqualTo(other).isLessThanOrEqualTo(3);
	}

	@Test
	void aPersonWhoObjectedToStatisticsCountsNowhere() {
		String month = LocalDate.now().withDayOfMonth(1).toString();
		String count = "SELECT coalesce(sum(n), 0) FROM passerelle.statistics_count WHERE territory = '38'"
				+ " AND indicator = 'PERSONS_SUPPORTED' AND granularity = 'MONTH' AND period_start = '" + month
				+ "' AND row_key = 'PEER_SUPPORT' AND breakdown = 'NONE'";
		this.statistics.refresh();
		int before = Fixtures.count(count);
		Answer registered = Answer.ask(this.partners.as("referent.asso"), "registerPerson",
				Map.of("input",
						Map.of("firstName", "Noé", "lastName",
								"Opposant" + UUID.randomUUID().toString().substring(0, 6), "birthDate", "1980-02-03",
								"reason", "Accompagnement par un pair")));
		assertThat(registered.errors()).isEmpty();
		String person = (String) registered.at("registerPerson.id");
		consent(person, "PERMIT", List.of("SUPPORT_MEASURES"), List.of("SUPPORT"));
		Answer measure = Answer.ask(this.partners.as("referent.asso"), "recordSupportMeasure",
				Map.of("input", Map.of("personId", person, "type", "PEER_SUPPORT", "startedOn", month)));
		assertThat(measure.errors()).isEmpty();
		this.statistics.refresh();
		assertThat(Fixtures.count(count)).isEqualTo(before + 1);

		// he objects: a deny provision for STATISTICS, recorded with him
		consent(person, "DENY", List.of("IDENTITY", "SUPPORT_MEASURES"), List.of("STATISTICS"));
		this.statistics.refresh();
		assertThat(Fixtures.count(count)).isEqualTo(before);
		assertThat(Fixtures.count("SELECT coalesce(sum(n), 0) FROM passerelle.statistics_count WHERE territory = '38'"
				+ " AND indicator = 'PERSONS_SUPPORTED' AND granularity = 'YEAR' AND row_key = 'ALL'"
				+ " AND breakdown = 'NONE' AND period_start = '" + LocalDate.now().withDayOfYear(1) + "'"))
			.isEqualTo(Fixtures.count(
					"""
							SELECT count(DISTINCT s.person_id) FROM passerelle.support_measure s
							JOIN passerelle.person p ON p.id = s.person_id
							WHERE p.territory = '38' AND s.started_on <= current_date
							  AND (s.ended_on IS NULL OR s.ended_on >= date_trunc('year', current_date))
							  AND s.person_id <> ?::uuid
							  AND NOT EXISTS (SELECT 1 FROM passerelle.consent c JOIN passerelle.consent_provision v ON v.consent_id = c.id
							                  WHERE c.person_id = s.person_id AND c.status = 'ACTIVE' AND v.type = 'DENY'
							                    AND 'STATISTICS' = ANY (v.purposes))""",
					person));
	}

	private void consent(String person, String type, List<String> categories, List<String> purposes) {
		Map<String, Object> provision = new HashMap<>(
				Map.of("type", type, "categories", categories, "purposes", purposes));
		if (type.equals("PERMIT")) {
			provision.put("recipientOrganizationId", DemoOrganizations.ASSOCIATION.id().toString());
		}
		Answer consent = Answer.ask(this.partners.as("referent.asso"), "recordConsent",
				Map.of("input",
						Map.of("personId", person, "grantor", "SELF", "periodStart",
								LocalDate.now().minusDays(1).toString(), "method", "ORAL", "collectedAt",
								OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString(), "textVersion", "v3",
								"textSha256", DemoTerritory.CONSENT_TEXT_SHA256, "provisions", List.of(provision))));
		assertThat(consent.errors()).isEmpty();
	}

	@Test
	void theCsvExportAndTheChartAreTheAnalystsOnly() throws Exception {
		this.statistics.refresh();
		String year = Integer.toString(LocalDate.now().getYear());
		HttpResponse<String> csv = get(
				"/statistics/indicators.csv?territory=38&period=" + year + "&granularity=QUARTER&breakdown=AGE_BAND",
				Tokens.of("analyste.metropole"));
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).isEqualTo("territory,indicator,period,row,category,value,q1,q3,suppressed,reason");
		assertThat(lines).anyMatch((line) -> line.startsWith("38,PERSONS_SUPPORTED," + year + "-Q1,ALL,UNDER_25,"));
		// a suppressed cell has no value, a published count is at least the threshold
		for (String line : lines.subList(1, lines.size())) {
			String[] fields = line.split(",", -1);
			if (fields[8].equals("true")) {
				assertThat(fields[5]).as(line).isEmpty();
			}
		}
		HttpResponse<String> chart = get("/statistics/charts/PERSONS_SUPPORTED.svg?territory=38&from="
				+ (LocalDate.now().getYear() - 1) + "&to=" + year + "&row=ALL", dashboard);
		assertThat(chart.statusCode()).isEqualTo(200);
		assertThat(chart.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
		assertThat(chart.body()).startsWith("<svg").contains("Persons supported").doesNotContain("<script");

		HttpResponse<String> refused = get("/statistics/indicators.csv?territory=38&period=" + year,
				Tokens.of("referent.asso"));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("\"code\":\"FORBIDDEN\"").doesNotContain("38,");
		HttpResponse<String> invalid = get("/statistics/indicators.csv?territory=38&period=soon",
				Tokens.of("analyste.metropole"));
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("\"code\":\"INVALID_INPUT\"").contains("\"field\":\"period\"");
		HttpResponse<String> badIndicator = get("/statistics/charts/NOTHING.svg?territory=38&from=2025&to=2026",
				Tokens.of("analyste.metropole"));
		assertThat(badIndicator.statusCode()).isEqualTo(400);
		assertThat(get("/statistics/indicators.csv?territory=38&period=" + year, null).statusCode()).isEqualTo(401);
	}

	@Test
	@SuppressWarnings("unchecked")
	void placesAreRegisteredByTheOrganizationThatRunsThemAndCountedInTheSupply() {
		String document = "mutation ($input: RecordPlaceInput!) { recordPlace(input: $input) { id version capacity label organization { name } } }";
		Answer recorded = Answer.ask(this.partners.as("referent.asso"), document,
				Map.of("input", Map.of("kind", "PENSION_DE_FAMILLE", "label", "Maison des Alpes", "capacity", 12,
						"availableFrom", LocalDate.now().withDayOfYear(1).toString())));
		assertThat(recorded.errors()).isEmpty();
		assertThat(recorded.at("recordPlace.organization.name")).isEqualTo(DemoOrganizations.ASSOCIATION.name());
		String id = (String) recorded.at("recordPlace.id");
		// analysts write nothing, not even places
		assertThat(
				Answer
					.ask(this.partners.as("analyste.metropole"), document,
							Map.of("input",
									Map.of("kind", "IML", "label", "x", "capacity", 1, "availableFrom", "2026-01-01")))
					.codes())
			.containsExactly("FORBIDDEN");
		String update = "mutation ($input: UpdatePlaceInput!) { updatePlace(input: $input) { version capacity } }";
		assertThat(Answer
			.ask(this.partners.as("referent.autre-asso"), update,
					Map.of("input", Map.of("id", id, "version", 0, "capacity", 3)))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), update,
					Map.of("input", Map.of("id", id, "version", 0, "capacity", 14)))
			.at("updatePlace.capacity")).isEqualTo(14);
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), update,
					Map.of("input", Map.of("id", id, "version", 0, "capacity", 15)))
			.codes()).containsExactly("STALE_VERSION");
		assertThat(
				Answer
					.ask(this.partners.as("referent.asso"), document,
							Map.of("input",
									Map.of("kind", "IML", "label", "x", "capacity", 0, "availableFrom", "2026-01-01")))
					.codes())
			.containsExactly("INVALID_INPUT");

		Answer listed = Answer.ask(this.partners.withToken(dashboard),
				"{ places(territory: \"38\") { label capacity kind organization { name } } }", Map.of());
		assertThat(listed.map().toString()).contains("Maison des Alpes").contains("capacity=14");
		this.statistics.refresh();
		Answer supply = Answer.ask(this.partners.as("analyste.metropole"),
				"query ($p: String!) { indicators(territory: \"38\", period: $p, granularity: YEAR, only: [PLACES]) { indicators { cells { period row value suppressed } } } }",
				Map.of("p", Integer.toString(LocalDate.now().getYear())));
		List<Map<String, Object>> cells = (List<Map<String, Object>>) supply.at("indicators.indicators[0].cells");
		assertThat(cells).anySatisfy((cell) -> {
			assertThat(cell.get("row")).isEqualTo("PENSION_DE_FAMILLE · " + DemoOrganizations.ASSOCIATION.name());
			assertThat(((Number) cell.get("value")).intValue()).isGreaterThanOrEqualTo(14);
			assertThat(cell.get("suppressed")).isEqualTo(false);
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void placesOfASensitiveOrganizationAreListedToItOnlyAndCountedUnnamed() {
		String document = "mutation ($input: RecordPlaceInput!) { recordPlace(input: $input) { id organization { name } } }";
		Answer recorded = Answer.ask(this.partners.as("referent.sensible"), document,
				Map.of("input", Map.of("kind", "IML", "label", "Appartements des Cèdres", "capacity", 4,
						"availableFrom", LocalDate.now().withDayOfYear(1).toString())));
		assertThat(recorded.errors()).isEmpty();
		String list = "{ places(territory: \"38\") { label capacity organization { name } } }";
		assertThat(Answer.ask(this.partners.as("referent.sensible"), list, Map.of()).map().toString())
			.contains("Appartements des Cèdres");
		for (Answer other : List.of(Answer.ask(this.partners.withToken(dashboard), list, Map.of()),
				Answer.ask(this.partners.as("referent.asso"), list, Map.of()))) {
			assertThat(other.errors()).isEmpty();
			assertThat(other.map().toString()).doesNotContain("Cèdres");
		}
		this.statistics.refresh();
		Answer supply = Answer.ask(this.partners.withToken(dashboard),
				"query ($p: String!) { indicators(territory: \"38\", period: $p, granularity: YEAR, only: [PLACES]) { indicators { cells { row value } } } }",
				Map.of("p", Integer.toString(LocalDate.now().getYear())));
		assertThat(supply.map().toString()).doesNotContain("Cèdres");
		List<Map<String, Object>> cells = (List<Map<String, Object>>) supply.at("indicators.indicators[0].cells");
		assertThat(cells).anySatisfy((cell) -> {
			assertThat(cell.get("row")).isEqualTo("IML · OTHER_PROVIDERS");
			assertThat(((Number) cell.get("value")).intValue()).isGreaterThanOrEqualTo(4);
		});
	}

	@Test
	void whenTheAccessEventCannotBeWrittenNoFigureLeaves() throws Exception {
		this.statistics.refresh();
		String year = Integer.toString(LocalDate.now().getYear());
		Fixtures.owner((dsl) -> dsl.execute("REVOKE INSERT ON passerelle.access_event FROM passerelle_app"));
		try {
			Answer answer = Answer.ask(this.partners.withToken(dashboard), INDICATORS, year("NONE"));
			assertThat(answer.codes()).containsExactly("AUDIT_UNAVAILABLE");
			assertThat(answer.map().toString()).doesNotContain("cells").doesNotContain("PERSONS_SUPPORTED");
			HttpResponse<String> csv = get("/statistics/indicators.csv?territory=38&period=" + year, dashboard);
			assertThat(csv.statusCode()).isEqualTo(503);
			assertThat(csv.body()).contains("AUDIT_UNAVAILABLE").doesNotContain("PERSONS_SUPPORTED");
		}
		finally {
			Fixtures.owner((dsl) -> dsl.execute("GRANT INSERT ON passerelle.access_event TO passerelle_app"));
		}
		assertThat(Answer.ask(this.partners.withToken(dashboard), INDICATORS, year("NONE")).errors()).isEmpty();
	}

	@Test
	void oneInstanceRecomputesAtATimeAndNotTwiceWithinHalfAnInterval() throws Exception {
		long generation = this.statistics.refresh();
		// just recomputed: another replica's schedule leaves it
		assertThat(this.statistics.refreshIfDue(Duration.ofHours(1))).isEmpty();
		try (Connection other = this.dataSource.getConnection(); Statement statement = other.createStatement()) {
			// another instance is recomputing
			statement.execute("SELECT pg_advisory_lock(" + Statistics.REFRESH_LOCK + ")");
			try {
				assertThat(this.statistics.refreshIfDue(Duration.ZERO)).isEmpty();
			}
			finally {
				statement.execute("SELECT pg_advisory_unlock(" + Statistics.REFRESH_LOCK + ")");
			}
		}
		assertThat(this.statistics.refreshIfDue(Duration.ZERO)).hasValue(generation + 1);
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

}

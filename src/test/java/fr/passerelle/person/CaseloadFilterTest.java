package fr.passerelle.person;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.CaseloadWalk;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Caseload filters and orders: a filter matches only persons whose filtered category the
 * viewer may see, and cursors walk every order without loss or repetition.
 */
@IntegrationTest
class CaseloadFilterTest {

	private static final String CASELOAD = """
			query ($first: Int, $after: String, $filter: CaseloadFilter, $orderBy: CaseloadOrder) {
			  caseload(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
			    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id lastName } }
			  }
			}""";

	@Autowired
	Partners partners;

	@Test
	void measureTypeAndCaseLeadFiltersFindTheAssociationsPersons() {
		UUID mine = followed("Avdl");
		UUID colleague = followed("Iml");
		UUID none = followed("Sansmesure");
		measure(mine, "AVDL", "referent.asso");
		measure(colleague, "IML", "referent.autre");
		List<String> avdl = ids("referent.asso", Map.of("measureTypes", List.of("AVDL")), "ID");
		assertThat(avdl).contains(mine.toString()).doesNotContain(colleague.toString(), none.toString());
		List<String> lead = ids("referent.asso", Map.of("caseLeadIsMe", true), "ID");
		assertThat(lead).contains(mine.toString()).doesNotContain(colleague.toString(), none.toString());
		Answer count = Answer.ask(this.partners.as("referent.asso"), CASELOAD,
				vars(1, null, Map.of("caseLeadIsMe", true), "ID"));
		assertThat(count.at("caseload.totalCount")).isEqualTo(lead.size());
	}

	@Test
	void aFilterOnAConsentedCategoryMatchesOnlyPersonsWhoseConsentAllowsIt() {
		UUID consented = followed("Impayeconsenti");
		UUID silent = followed("Impayesilencieux");
		for (UUID person : List.of(consented, silent)) {
			Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
			arrears(person);
		}
		UUID consent = Fixtures.consent(consented);
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), List.of(DataCategory.RENT_ARREARS),
				List.of(Purpose.SUPPORT));
		List<String> open = ids("as.departement", Map.of("arrearsOpen", true), "ID");
		assertThat(open).contains(consented.toString()).doesNotContain(silent.toString());
		// the landlord's mission covers arrears under eviction prevention: both match
		for (UUID person : List.of(consented, silent)) {
			Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		}
		List<String> landlord = idsAs(this.partners.as("gestion.bailleur", "EVICTION_PREVENTION"),
				Map.of("arrearsOpen", true), "ID");
		assertThat(landlord).contains(consented.toString(), silent.toString());
		// but not arrears another organization recorded: its mission covers its own
		// records only
		UUID elsewhere = followed("Impayeailleurs");
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), elsewhere, InvolvementKind.TENANCY);
		arrears(elsewhere, DemoOrganizations.DEPARTMENT.id());
		assertThat(
				idsAs(this.partners.as("gestion.bailleur", "EVICTION_PREVENTION"), Map.of("arrearsOpen", true), "ID"))
			.doesNotContain(elsewhere.toString());
	}

	@Test
	void aFilterTheRoleMayNeverSeeIsRefused() {
		Answer caf = Answer.ask(this.partners.as("agent.caf"), CASELOAD,
				vars(10, null, Map.of("caseLeadIsMe", true), "ID"));
		assertThat(caf.codes()).containsExactly("FORBIDDEN");
		assertThat(caf.errors().get(0).getExtensions()).containsEntry("field", "filter");
	}

	@Test
	void theSiaoFindsPersonsAwaitingADecision() {
		UUID waiting = Fixtures.adult("Attente");
		UUID decided = Fixtures.adult("Decide");
		for (UUID person : List.of(waiting, decided)) {
			Fixtures.involve(DemoOrganizations.SIAO.id(), person, InvolvementKind.SIAO_ORIENTATION);
		}
		orientation(waiting, "REQUESTED");
		orientation(decided, "ACCEPTED");
		List<String> pending = ids("coord.siao", Map.of("needsDecision", true), "ID");
		assertThat(pending).contains(waiting.toString()).doesNotContain(decided.toString());
	}

	@Test
	void everyOrderWalksTheWholeCaseloadOnceAndNamesHiddenFromTheViewerSortLast() {
		UUID named = Fixtures.person("Anne", "Aaaordre", null);
		UUID hidden = Fixtures.person("Zoé", "Aaaordre", null);
		for (UUID person : List.of(named, hidden)) {
			Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		}
		UUID consent = Fixtures.consent(named);
		Fixtures.permitOrganization(consent, DemoOrganizations.LANDLORD.id(), List.of(DataCategory.IDENTITY),
				List.of(Purpose.HOUSING_ALLOCATION));
		for (String order : List.of("ID", "NAME", "RECENT_ACTIVITY")) {
			List<String> all = ids("gestion.bailleur", Map.of(), order);
			assertThat(all).as(order).doesNotHaveDuplicates().contains(named.toString(), hidden.toString());
			int total = (int) Answer.ask(this.partners.as("gestion.bailleur"), CASELOAD, vars(1, null, Map.of(), order))
				.at("caseload.totalCount");
			assertThat(all).as(order).hasSize(total);
			if (order.equals("NAME")) {
				assertThat(all.indexOf(named.toString())).isLessThan(all.indexOf(hidden.toString()));
				assertThat(all.get(all.size() - 1)).isNotEqualTo(named.toString());
			}
		}
		Answer wrongOrder = Answer.ask(this.partners.as("gestion.bailleur"), CASELOAD,
				vars(1, (String) Answer
					.ask(this.partners.as("gestion.bailleur"), CASELOAD, vars(1, null, Map.of(), "NAME"))
					.at("caseload.pageInfo.endCursor"), Map.of(), "RECENT_ACTIVITY"));
		assertThat(wrongOrder.codes()).containsExactly("INVALID_INPUT");
	}

	/**
	 * A filtered page in the neutral order is read by walking the caseload's index, a
	 * page in name order by walking the name index where the viewer sees every name of
	 * its caseload, and both by sorting the caseload where the walk cannot fill them (a
	 * sparse filter, the last pages): small pages, which take both ways, give every
	 * person of the caseload once, in PostgreSQL's order, and their count.
	 */
	@Test
	void smallPagesGiveTheCaseloadInItsOrderWhicheverWayTheyAreRead() {
		UUID early = followed("Aaamarche");
		UUID late = followed("Zzzmarche");
		measure(early, "AVDL", "referent.asso");
		measure(late, "ASLL", "referent.asso");
		List<Map<String, Object>> filters = List.of(Map.of(), Map.of("measureTypes", List.of("AVDL", "ASLL", "IML")),
				Map.of("arrearsOpen", true));
		for (String order : List.of("ID", "NAME")) {
			for (Map<String, Object> filter : filters) {
				List<String> expected = ids("referent.asso", filter, "RECENT_ACTIVITY");
				List<String> walked = new java.util.ArrayList<>();
				String after = null;
				int total = -1;
				do {
					Answer page = Answer.ask(this.partners.as("referent.asso"), CASELOAD,
							vars(3, after, filter, order));
					assertThat(page.errors()).as("%s", filter).isEmpty();
					for (Object edge : (List<?>) page.at("caseload.edges")) {
						walked.add((String) ((Map<?, ?>) ((Map<?, ?>) edge).get("node")).get("id"));
					}
					total = ((Number) page.at("caseload.totalCount")).intValue();
					after = Boolean.TRUE.equals(page.at("caseload.pageInfo.hasNextPage"))
							? (String) page.at("caseload.pageInfo.endCursor") : null;
				}
				while (after != null);
				assertThat(walked).as("%s %s", order, filter)
					.doesNotHaveDuplicates()
					.hasSameElementsAs(expected)
					.hasSize(total);
				String sql = "SELECT id::text FROM passerelle.person WHERE id = ANY (?::uuid[]) ORDER BY "
						+ (order.equals("NAME") ? "lower(last_name), lower(first_name), id" : "id");
				List<String> sorted = Fixtures
					.owner((dsl) -> dsl.fetch(sql, (Object) walked.toArray(String[]::new)).getValues(0, String.class));
				assertThat(walked).as("%s %s", order, filter).isEqualTo(sorted);
			}
		}
		assertThat(ids("referent.asso", Map.of("measureTypes", List.of("AVDL")), "NAME")).contains(early.toString())
			.doesNotContain(late.toString());
	}

	private List<String> ids(String user, Map<String, Object> filter, String order) {
		return idsAs(this.partners.as(user), filter, order);
	}

	private static List<String> idsAs(HttpGraphQlTester tester, Map<String, Object> filter, String order) {
		return CaseloadWalk.ids(tester, filter, order);
	}

	private static Map<String, Object> vars(int first, String after, Map<String, Object> filter, String order) {
		Map<String, Object> vars = new HashMap<>();
		vars.put("first", first);
		vars.put("after", after);
		vars.put("filter", filter);
		vars.put("orderBy", order);
		return vars;
	}

	private static UUID followed(String name) {
		UUID person = Fixtures.person("Filtre", name, null);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		return person;
	}

	private static void measure(UUID person, String type, String caseLead) {
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.support_measure (id, person_id, type, provider_organization_id, case_lead,
				    started_on, intensity, recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (gen_random_uuid(), ?, ?::passerelle.support_measure_type, ?, ?, current_date - 10, 'REGULAR', ?,
				    'fixture', 'MISSION', 'fixture')""", person, type, DemoOrganizations.ASSOCIATION.id(), caseLead,
				DemoOrganizations.ASSOCIATION.id()));
	}

	private static void arrears(UUID person) {
		arrears(person, DemoOrganizations.LANDLORD.id());
	}

	private static void arrears(UUID person, UUID recordedBy) {
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.rent_arrears (id, person_id, amount, months, since, recorded_by_organization_id,
				    recorded_by, basis, basis_rule)
				VALUES (gen_random_uuid(), ?, 812.40, 2, current_date - 60, ?, 'fixture', 'MISSION', 'fixture')""",
				person, recordedBy));
	}

	private static void orientation(UUID person, String status) {
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.siao_orientation (id, person_id, requested_on, requested_solution, status,
				    decided_on, recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (gen_random_uuid(), ?, current_date - 5, 'IML', ?::passerelle.orientation_status,
				    CASE WHEN ? = 'REQUESTED' THEN NULL ELSE current_date END, ?, 'fixture', 'MISSION', 'fixture')""",
				person, status, status, DemoOrganizations.SIAO.id()));
	}

}

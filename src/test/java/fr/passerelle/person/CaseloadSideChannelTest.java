package fr.passerelle.person;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.CaseloadWalk;
import fr.passerelle.support.Elements;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Around the fields: a caseload filter, order, count or cursor tells no more than the
 * fields the viewer may read (issue 9's findings, replayed through the API).
 */
@IntegrationTest
class CaseloadSideChannelTest {

	private static final String CASELOAD = """
			query ($first: Int, $after: String, $filter: CaseloadFilter, $orderBy: CaseloadOrder) {
			  caseload(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
			    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
			  }
			}""";

	private static final String MEASURES = """
			query ($id: ID!) { person(id: $id) { supportMeasures { id type provider { id } } } }""";

	private static final String ORIENTATIONS = """
			query ($id: ID!) { person(id: $id) { siaoOrientations { id proposals { id } } } }""";

	@Autowired
	Partners partners;

	@Test
	void aMeasureOfASensitiveProviderTheConsentHidesMatchesNoFilter() {
		UUID person = Fixtures.adult("Filtreact");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.ADDICTION_SERVICE.id(), person, InvolvementKind.CARE);
		UUID act = Elements.measure(person, "ACT", DemoOrganizations.ADDICTION_SERVICE.id(),
				DemoOrganizations.ADDICTION_SERVICE.id(), "referent.asso");
		Map<String, Object> act1 = Map.of("measureTypes", List.of("ACT"));
		// the field hides it, so does the filter, and so does "my case lead" on it
		assertThat(measureIds("referent.asso", person)).doesNotContain(act.toString());
		assertThat(ids(this.partners.as("referent.asso"), act1, "ID")).doesNotContain(person.toString());
		assertThat(ids(this.partners.as("referent.asso"), Map.of("caseLeadIsMe", true), "ID"))
			.doesNotContain(person.toString());
		// the provider itself finds it
		assertThat(ids(this.partners.as("referent.sensible"), act1, "ID")).contains(person.toString());
		// once the person's consent lets Le Relais see HEALTH, field and filter show it
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.ASSOCIATION.id(), List.of(DataCategory.HEALTH),
				List.of(Purpose.SUPPORT));
		assertThat(measureIds("referent.asso", person)).contains(act.toString());
		assertThat(ids(this.partners.as("referent.asso"), act1, "ID")).contains(person.toString());
	}

	@Test
	void anOrientationOrProposalOfAHiddenOrganizationNeedsNoDecisionForTheViewer() {
		UUID requested = Fixtures.adult("Attentecachee");
		UUID proposed = Fixtures.adult("Propositioncachee");
		for (UUID person : List.of(requested, proposed)) {
			Fixtures.involve(DemoOrganizations.SIAO.id(), person, InvolvementKind.SIAO_ORIENTATION);
			Fixtures.involve(DemoOrganizations.ADDICTION_SERVICE.id(), person, InvolvementKind.CARE);
		}
		// requested by the addiction service: the SIAO may not know it follows the person
		UUID hidden = Elements.orientation(requested, "REQUESTED", DemoOrganizations.ADDICTION_SERVICE.id());
		// decided, but a proposal with the addiction service as provider awaits
		UUID decided = Elements.orientation(proposed, "ACCEPTED", DemoOrganizations.SIAO.id());
		UUID proposal = Elements.pendingProposal(decided, proposed, DemoOrganizations.ADDICTION_SERVICE.id(),
				DemoOrganizations.SIAO.id());
		Map<String, Object> pending = Map.of("needsDecision", true);
		List<String> queue = ids(this.partners.as("coord.siao"), pending, "ID");
		assertThat(queue).doesNotContain(requested.toString(), proposed.toString());
		assertThat(String
			.valueOf(ask("coord.siao", ORIENTATIONS, Map.of("id", requested.toString())).at("person.siaoOrientations")))
			.doesNotContain(hidden.toString());
		assertThat(String
			.valueOf(ask("coord.siao", ORIENTATIONS, Map.of("id", proposed.toString())).at("person.siaoOrientations")))
			.doesNotContain(proposal.toString());
		// the SIAO's role may never see HEALTH, whatever the consent: only an orientation
		// requested by Le Relais, or a proposal with a landlord, puts them in its queue
		Elements.orientation(requested, "REQUESTED", DemoOrganizations.ASSOCIATION.id());
		UUID landlord = Elements.pendingProposal(decided, proposed, DemoOrganizations.LANDLORD.id(),
				DemoOrganizations.SIAO.id());
		assertThat(ids(this.partners.as("coord.siao"), pending, "ID")).contains(requested.toString(),
				proposed.toString());
		assertThat(String
			.valueOf(ask("coord.siao", ORIENTATIONS, Map.of("id", proposed.toString())).at("person.siaoOrientations")))
			.contains(landlord.toString())
			.doesNotContain(proposal.toString());
	}

	@Test
	void recentActivityMovesOnlyForWritesTheViewerMayRead() {
		UUID active = Fixtures.adult("Activiteconnue");
		UUID quiet = Fixtures.adult("Activitecachee");
		for (UUID person : List.of(active, quiet)) {
			Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);
			Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
			Fixtures.involve(DemoOrganizations.ADDICTION_SERVICE.id(), person, InvolvementKind.CARE);
		}
		Elements.benefit(active, DemoOrganizations.CAF.id());
		HttpGraphQlTester caf = this.partners.as("agent.caf");
		List<String> before = ids(caf, Map.of(), "RECENT_ACTIVITY");
		assertThat(before.indexOf(active.toString())).isLessThan(before.indexOf(quiet.toString()));
		// a health record of the addiction service and a note of Le Relais: the CAF reads
		// neither, its order does not move
		Elements.sensitiveRecord(quiet, "HEALTH", DemoOrganizations.ADDICTION_SERVICE.id());
		Elements.note(quiet, DemoOrganizations.ASSOCIATION.id());
		Elements.measure(quiet, "ACT", DemoOrganizations.ADDICTION_SERVICE.id(),
				DemoOrganizations.ADDICTION_SERVICE.id(), "referent.sensible");
		assertThat(ids(caf, Map.of(), "RECENT_ACTIVITY")).isEqualTo(before);
		// Le Relais reads its own note: for it the quiet person moves up
		List<String> relais = ids(this.partners.as("referent.asso"), Map.of(), "RECENT_ACTIVITY");
		assertThat(relais.indexOf(quiet.toString())).isLessThan(relais.indexOf(active.toString()));
		// a benefit the CAF reads moves the person in the CAF's order too
		Elements.benefit(quiet, DemoOrganizations.CAF.id());
		List<String> after = ids(caf, Map.of(), "RECENT_ACTIVITY");
		assertThat(after.indexOf(quiet.toString())).isLessThan(after.indexOf(active.toString()));
	}

	@Test
	void cursorsAreOpaqueAndOpenOnlyForTheirViewerOrderAndFilter() {
		HttpGraphQlTester relais = this.partners.as("referent.asso");
		for (String order : List.of("ID", "NAME", "RECENT_ACTIVITY")) {
			Answer first = Answer.ask(relais, CASELOAD, vars(2, null, Map.of(), order));
			String cursor = (String) first.at("caseload.pageInfo.endCursor");
			String person = (String) first.at("caseload.edges[1].node.id");
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1);
			assertThat(decoded).as(order).doesNotContain(person, order, "person:");
			// the same cursor walks on for its viewer, order and filter
			assertThat(Answer.ask(relais, CASELOAD, vars(2, cursor, Map.of(), order)).errors()).isEmpty();
			// and nowhere else: another viewer, order or filter, or a forged cursor
			List<Answer> refused = List.of(
					Answer.ask(this.partners.as("referent.autre-asso"), CASELOAD, vars(2, cursor, Map.of(), order)),
					Answer.ask(relais, CASELOAD, vars(2, cursor, Map.of(), order.equals("ID") ? "NAME" : "ID")),
					Answer.ask(relais, CASELOAD, vars(2, cursor, Map.of("measureTypes", List.of("AVDL")), order)),
					Answer.ask(relais.mutate().header("Passerelle-Purpose", "COORDINATION").build(), CASELOAD,
							vars(2, cursor, Map.of(), order)),
					Answer.ask(relais, CASELOAD, vars(2, tampered(cursor), Map.of(), order)));
			for (Answer answer : refused) {
				assertThat(answer.codes()).as(order).containsExactly("INVALID_INPUT");
				assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", "after");
			}
		}
		// the plain cursors of before, with a sort value chosen to probe, are garbage now
		String forged = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("person:NAME:" + UUID.randomUUID() + ":m\u0001").getBytes(StandardCharsets.UTF_8));
		Answer probe = Answer.ask(relais, CASELOAD, vars(2, forged, Map.of(), "NAME"));
		assertThat(probe.codes()).containsExactly("INVALID_INPUT");
	}

	/** The cursor with its last two characters changed (never to what they were). */
	private static String tampered(String cursor) {
		String tail = cursor.endsWith("AA") ? "BB" : "AA";
		return cursor.substring(0, cursor.length() - 2) + tail;
	}

	private Answer ask(String user, String document, Map<String, Object> variables) {
		return Answer.ask(this.partners.as(user), document, variables);
	}

	@SuppressWarnings("unchecked")
	private List<String> measureIds(String user, UUID person) {
		Object measures = ask(user, MEASURES, Map.of("id", person.toString())).at("person.supportMeasures");
		return (measures == null) ? List.of()
				: ((List<Map<String, Object>>) measures).stream().map((m) -> (String) m.get("id")).toList();
	}

	private static List<String> ids(HttpGraphQlTester tester, Map<String, Object> filter, String order) {
		return CaseloadWalk.ids(tester, filter, order);
	}

	private static Map<String, Object> vars(int first, @Nullable String after, Map<String, Object> filter,
			String order) {
		Map<String, Object> vars = new HashMap<>();
		vars.put("first", first);
		vars.put("after", after);
		vars.put("filter", filter);
		vars.put("orderBy", order);
		return vars;
	}

}

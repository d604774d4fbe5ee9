package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The SIAO as the pivot (DESIGN.md, scenario 2), driven through the API the way partners
 * do: an association registers a person, records her consent and requests an orientation;
 * the request is addressed to the SIAO of her territory, which reaches her at once and
 * finds the request in its queue; the SIAO's proposal flows back to the requester; the
 * decision ends the SIAO's involvement, with its hand-over grace period. An SIAO of
 * another territory sees none of it.
 */
@IntegrationTest
class SiaoPivotTest {

	private static final String ASSOCIATION = "referent.asso";

	private static final String OTHER_ASSOCIATION = "referent.autre-asso";

	private static final String SIAO = "coord.siao";

	private static final String SAVOIE = "coord.siao-savoie";

	private static final String PERSON = """
			query pivotPerson($id: ID!) {
			  person(id: $id) {
			    id reach firstName phone
			    siaoOrientations { id status siao { name } provenance { organization { name } } }
			    careTeam { kind organization { id } }
			  }
			}""";

	@Autowired
	Partners partners;

	@Autowired
	StatementCounter statements;

	@Test
	void aRequestReachesTheTerritorysSiaoWhichSeesThePersonAndTheRequestAtOnceAndNothingMore() {
		String lastName = name();
		UUID person = register(ASSOCIATION, "Yasmine", lastName, true, null);
		consentToRequest(ASSOCIATION, person, DemoOrganizations.ASSOCIATION.id());
		Answer application = Answer.ask(this.partners.as(ASSOCIATION), "recordHousingApplication",
				Map.of("input", Map.of("personId", person.toString(), "sneNumber", Fixtures.sneNumber(), "filedOn",
						daysAgo(40), "priority", true)));
		assertThat(application.errors()).isEmpty();
		assertThat(person(SIAO, person).at("person")).as("before the request, the SIAO does not know her").isNull();

		Answer check = check(ASSOCIATION, person, null);
		assertThat(check.errors()).isEmpty();
		assertThat((List<?>) check.at("orientationCheck.siaos")).extracting((siao) -> map(siao).get("name"))
			.containsExactly(DemoOrganizations.SIAO.name());
		assertThat(check.at("orientationCheck.siao.id")).isEqualTo(DemoOrganizations.SIAO.id().toString());
		assertThat(check.at("orientationCheck.alreadyKnownToSiao")).isEqualTo(false);

		Answer requested = request(ASSOCIATION, person, "IML", daysAgo(0), null);
		assertThat(requested.errors()).isEmpty();
		assertThat(requested.at("requestOrientation.status")).isEqualTo("REQUESTED");
		assertThat(requested.at("requestOrientation.siao.name")).isEqualTo(DemoOrganizations.SIAO.name());
		assertThat(requested.at("requestOrientation.provenance.basis")).isEqualTo("CONSENT");
		String orientation = (String) requested.at("requestOrientation.id");

		// the SIAO reaches her under its mission rule, at once: what the policy lets it
		// see
		Answer seen = person(SIAO, person);
		assertThat(seen.errors()).isEmpty();
		assertThat(seen.at("person.reach")).isEqualTo("INVOLVEMENT");
		assertThat(seen.at("person.firstName")).isEqualTo("Yasmine");
		assertThat(seen.at("person.siaoOrientations[0].id")).isEqualTo(orientation);
		assertThat(seen.at("person.siaoOrientations[0].provenance.organization.name"))
			.isEqualTo(DemoOrganizations.ASSOCIATION.name());
		assertThat(seen.at("person.phone")).as("contact needs her consent").isNull();
		assertThat(seen.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.involvement WHERE person_id = ? "
				+ "AND organization_id = ? AND kind = 'SIAO_ORIENTATION' AND started_on = current_date "
				+ "AND ended_on IS NULL", person, DemoOrganizations.SIAO.id()))
			.isEqualTo(1);

		// and in its queue, with what it may see of the request
		List<Map<String, Object>> queue = queue(SIAO, Map.of("solutions", List.of("IML")));
		assertThat(queue).extracting((entry) -> entry.get("requestedSolution")).containsOnly("IML");
		assertOldestFirst(queue);
		Map<String, Object> entry = entryOf(queue, person);
		assertThat(entry).as("the request is in the SIAO's queue").isNotNull();
		assertThat(map(entry.get("orientation")).get("id")).isEqualTo(orientation);
		assertThat(map(entry.get("requestedBy")).get("name")).isEqualTo(DemoOrganizations.ASSOCIATION.name());
		assertThat(entry.get("ageInDays")).isEqualTo(0);
		assertThat(entry.get("awaiting")).isEqualTo("PROPOSAL");
		assertThat(entry.get("household")).isEqualTo(Map.of("adults", 1, "children", 1, "others", 0));
		assertThat(entry.get("priority")).isEqualTo(Map.of("priority", true, "dalo", false));
		assertThat(map(entry.get("person")).get("phone")).isNull();
		assertThat(entryOf(queue(SIAO, Map.of("solutions", List.of("CHRS"))), person)).isNull();

		// an SIAO of another territory, another association: nothing
		assertThat(person(SAVOIE, person).at("person")).isNull();
		assertThat(entryOf(queue(SAVOIE, null), person)).isNull();
		assertThat(person(OTHER_ASSOCIATION, person).at("person")).isNull();

		assertThat(check(ASSOCIATION, person, null).at("orientationCheck.alreadyKnownToSiao")).isEqualTo(true);
	}

	@Test
	void anotherPartnersDuplicateIsAlreadyKnownToTheSiaoWithoutNamingAnyone() {
		String lastName = name();
		UUID first = register(ASSOCIATION, "Ibrahim", lastName, false, null);
		consentToRequest(ASSOCIATION, first, DemoOrganizations.ASSOCIATION.id());
		assertThat(request(ASSOCIATION, first, "PENSION_DE_FAMILLE", daysAgo(3), null).errors()).isEmpty();

		// another association registers the same man again, and is about to request
		UUID duplicate = register(OTHER_ASSOCIATION, "Ibrahim", lastName, false, null);
		consentToRequest(OTHER_ASSOCIATION, duplicate, DemoOrganizations.OTHER_ASSOCIATION.id());
		Answer check = check(OTHER_ASSOCIATION, duplicate, null);
		assertThat(check.errors()).isEmpty();
		assertThat(check.at("orientationCheck.alreadyKnownToSiao")).isEqualTo(true);
		assertThat(check.map().toString()).as("never who").doesNotContain(first.toString());

		UUID stranger = register(OTHER_ASSOCIATION, "Ibrahim", name(), false, null);
		consentToRequest(OTHER_ASSOCIATION, stranger, DemoOrganizations.OTHER_ASSOCIATION.id());
		assertThat(check(OTHER_ASSOCIATION, stranger, null).at("orientationCheck.alreadyKnownToSiao")).isEqualTo(false);

		// only for a person the partner may request for: a hidden one is not found
		assertThat(check(OTHER_ASSOCIATION, first, null).codes()).containsExactly("NOT_FOUND");
		assertThat(check(OTHER_ASSOCIATION, UUID.randomUUID(), null).codes()).containsExactly("NOT_FOUND");
	}

	@Test
	void theAnswerFlowsBackAndTheDecisionEndsTheSiaosInvolvementAfterItsGracePeriod() {
		UUID person = register(ASSOCIATION, "Sofia", name(), false, null);
		consentToRequest(ASSOCIATION, person, DemoOrganizations.ASSOCIATION.id());
		String orientation = (String) request(ASSOCIATION, person, "IML", daysAgo(6), null).at("requestOrientation.id");
		Answer proposed = Answer.ask(this.partners.as(SIAO), "proposeOrientation",
				Map.of("input", Map.of("orientationId", orientation, "proposedOn", daysAgo(2), "providerOrganizationId",
						DemoOrganizations.LANDLORD.id().toString())));
		assertThat(proposed.errors()).isEmpty();
		String proposal = (String) proposed.at("proposeOrientation.proposal.id");
		Map<String, Object> entry = entryOf(queue(SIAO, Map.of("awaiting", "DECISION")), person);
		assertThat(entry).as("a proposal awaiting the requester's decision").isNotNull();
		assertThat(entry.get("awaiting")).isEqualTo("DECISION");
		assertThat(entry.get("ageInDays")).isEqualTo(6);
		assertThat(entryOf(queue(SIAO, Map.of("awaiting", "PROPOSAL")), person)).isNull();

		// the requester sees the proposal and who offers the place
		Answer file = Answer.ask(this.partners.as(ASSOCIATION), "housingFile", Map.of("id", person.toString()));
		assertThat(file.at("person.siaoOrientations[0].status")).isEqualTo("PROPOSED");
		assertThat(file.at("person.siaoOrientations[0].proposals[0].id")).isEqualTo(proposal);
		assertThat(file.at("person.siaoOrientations[0].proposals[0].provider.name"))
			.isEqualTo(DemoOrganizations.LANDLORD.name());

		Answer outcome = Answer.ask(this.partners.as(SIAO), "recordProposalOutcome",
				Map.of("input", Map.of("id", proposal, "version", 0, "outcome", "ACCEPTED", "outcomeOn", daysAgo(0))));
		assertThat(outcome.errors()).isEmpty();
		assertThat(decide(ASSOCIATION, orientation, 1, "ACCEPTED", daysAgo(0)).errors()).isEmpty();
		assertThat(siaoInvolvementEnd(person)).isEqualTo(LocalDate.now());
		Answer after = person(SIAO, person);
		assertThat(after.at("person.reach")).as("read-only during the hand-over").isEqualTo("GRACE_PERIOD");
		assertThat(after.at("person.siaoOrientations[0].status")).isEqualTo("ACCEPTED");
		assertThat(entryOf(queue(SIAO, null), person)).as("no longer in the queue").isNull();
		assertThat(request(SIAO, person, "CHRS", daysAgo(0), null).codes()).containsExactly("READ_ONLY");

		// decided weeks ago: the grace period is over, the SIAO no longer reaches her
		UUID old = register(ASSOCIATION, "Lina", name(), false, null);
		consentToRequest(ASSOCIATION, old, DemoOrganizations.ASSOCIATION.id());
		String refused = (String) request(ASSOCIATION, old, "CHRS", daysAgo(60), null).at("requestOrientation.id");
		assertThat(decide(ASSOCIATION, refused, 0, "CANCELLED", daysAgo(45)).errors()).isEmpty();
		assertThat(siaoInvolvementEnd(old)).isEqualTo(LocalDate.now().minusDays(45));
		assertThat(person(SIAO, old).at("person")).isNull();
	}

	@Test
	void theSiaoStaysInvolvedWhileARequestAddressedToItIsOpen() {
		UUID person = register(ASSOCIATION, "Malik", name(), false, null);
		consentToRequest(ASSOCIATION, person, DemoOrganizations.ASSOCIATION.id());
		String first = (String) request(ASSOCIATION, person, "IML", daysAgo(20), null).at("requestOrientation.id");
		String second = (String) request(ASSOCIATION, person, "CHRS", daysAgo(10), null).at("requestOrientation.id");
		assertThat(
				Fixtures.count(
						"SELECT count(*) FROM passerelle.involvement WHERE person_id = ? "
								+ "AND organization_id = ? AND kind = 'SIAO_ORIENTATION'",
						person, DemoOrganizations.SIAO.id()))
			.as("one involvement, from the first request")
			.isEqualTo(1);
		assertThat(decide(ASSOCIATION, first, 0, "CANCELLED", daysAgo(5)).errors()).isEmpty();
		assertThat(siaoInvolvementEnd(person)).as("the CHRS request is still open").isNull();
		assertThat(decide(ASSOCIATION, second, 0, "REFUSED", daysAgo(1)).errors()).isEmpty();
		assertThat(siaoInvolvementEnd(person)).isEqualTo(LocalDate.now().minusDays(1));

		// a new request involves the SIAO again, from its date
		assertThat(request(ASSOCIATION, person, "PENSION_DE_FAMILLE", daysAgo(0), null).errors()).isEmpty();
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.involvement WHERE person_id = ? "
						+ "AND organization_id = ? AND kind = 'SIAO_ORIENTATION' AND ended_on IS NULL",
				person, DemoOrganizations.SIAO.id()))
			.isEqualTo(1);
		assertThat(person(SIAO, person).at("person.reach")).isEqualTo("INVOLVEMENT");
	}

	@Test
	void aTerritoryWithSeveralSiaoNeedsTheRequesterToChooseOne() {
		// a territory of its own, with two SIAO (the directory is not personal data)
		String territory = "04";
		UUID north = siao("SIAO des Alpes-de-Haute-Provence — nord", territory);
		UUID south = siao("SIAO des Alpes-de-Haute-Provence — sud", territory);
		UUID person = register(SIAO, "Nour", name(), false, territory);
		Answer check = check(SIAO, person, null);
		assertThat(check.errors()).isEmpty();
		assertThat((List<?>) check.at("orientationCheck.siaos")).extracting((siao) -> map(siao).get("id"))
			.containsExactlyInAnyOrder(north.toString(), south.toString());
		assertThat(check.at("orientationCheck.siao")).isNull();
		assertThat(check.at("orientationCheck.alreadyKnownToSiao")).isNull();

		Answer unnamed = request(SIAO, person, "EMERGENCY_SHELTER", daysAgo(0), null);
		assertThat(unnamed.codes()).containsExactly("INVALID_INPUT");
		assertThat(unnamed.errors().get(0).getExtensions()).containsEntry("field", "input.siaoId");
		Answer elsewhere = request(SIAO, person, "EMERGENCY_SHELTER", daysAgo(0),
				DemoOrganizations.SIAO.id().toString());
		assertThat(elsewhere.codes()).as("not an SIAO of her territory").containsExactly("INVALID_INPUT");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.siao_orientation WHERE person_id = ?", person))
			.as("nothing recorded")
			.isZero();

		Answer named = request(SIAO, person, "EMERGENCY_SHELTER", daysAgo(0), south.toString());
		assertThat(named.errors()).isEmpty();
		assertThat(named.at("requestOrientation.siao.id")).isEqualTo(south.toString());
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.involvement WHERE person_id = ? "
				+ "AND organization_id = ? AND kind = 'SIAO_ORIENTATION'", person, south))
			.isEqualTo(1);
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.involvement WHERE person_id = ? " + "AND organization_id = ?", person,
				north))
			.isZero();
		Answer proposed = Answer.ask(this.partners.as(SIAO), "proposeOrientation",
				Map.of("input", Map.of("orientationId", named.at("requestOrientation.id"), "proposedOn", daysAgo(0))));
		assertThat(proposed.codes()).as("only the SIAO addressed proposes").containsExactly("FORBIDDEN");
	}

	@Test
	void onlyTheSiaoHasAQueue() {
		for (String user : List.of(ASSOCIATION, "agent.caf", "gestion.bailleur", "pilote.metropole")) {
			Answer refused = Answer.ask(this.partners.as(user), "siaoQueue", Map.of("first", 5));
			assertThat(refused.codes()).as(user).containsExactly("FORBIDDEN");
		}
		Answer support = Answer.ask(this.partners.as(SIAO, "SUPPORT"), "siaoQueue", Map.of("first", 5));
		assertThat(support.codes()).as("a purpose the SIAO may not act for").containsExactly("PURPOSE_NOT_ALLOWED");
		Answer allocation = Answer.ask(this.partners.as(SIAO, "HOUSING_ALLOCATION"), "siaoQueue", Map.of("first", 5));
		assertThat(allocation.errors()).as("the SIAO's other purpose").isEmpty();
		assertThat(Answer.ask(this.partners.as(SIAO), "siaoQueue", Map.of("first", 0)).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(Answer.ask(this.partners.as(SIAO), "siaoQueue", Map.of("first", 5, "after", "garbage")).codes())
			.containsExactly("INVALID_INPUT");
		String cursor = (String) Answer.ask(this.partners.as(SIAO), "siaoQueue", Map.of("first", 1))
			.at("siaoQueue.pageInfo.endCursor");
		assertThat(cursor).isNotNull();
		assertThat(Answer
			.ask(this.partners.as(SIAO), "siaoQueue",
					Map.of("first", 1, "after", cursor, "filter", Map.of("solutions", List.of("IML"))))
			.codes()).as("a cursor opens only with the filter it was made for").containsExactly("INVALID_INPUT");
	}

	/**
	 * The queue of the Savoie's SIAO holds only what this test requests: its page costs
	 * the same statements, in one transaction, with 10 open requests as with 1,000.
	 */
	@Test
	void theQueuesPageCostsThePageNotTheQueue() {
		List<UUID> persons = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			persons.add(register(SAVOIE, "Queue", name(), i % 3 == 0, null));
		}
		List<String> dates = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			dates.add(daysAgo(400 + i));
		}
		bulkRequests(persons, dates);
		long ten = queueStatements();
		List<Map<String, Object>> small = queue(SAVOIE, null);
		assertOldestFirst(small);
		assertThat(small).hasSizeGreaterThanOrEqualTo(10);

		List<String> more = new ArrayList<>();
		for (int i = 0; i < 990; i++) {
			more.add(daysAgo(i % 380));
		}
		bulkRequests(persons, more);
		long thousand = queueStatements();
		if (thousand != ten) {
			// an organization's 30 s cache entry expired in between: measured again
			ten = queueStatements();
			thousand = queueStatements();
		}
		assertThat(thousand).isEqualTo(ten).isLessThanOrEqualTo(QUEUE_DEPTH + 2);
		List<Map<String, Object>> all = queue(SAVOIE, null);
		assertThat(all).hasSizeGreaterThanOrEqualTo(1000);
		assertOldestFirst(all);
		assertThat(all.get(0).get("requestedOn")).isEqualTo(daysAgo(409));
	}

	/** siaoQueue > edges > node > orientation > proposals > provider > name */
	private static final int QUEUE_DEPTH = 7;

	private long queueStatements() {
		long before = this.statements.count();
		long transactions = this.statements.transactions();
		Answer page = Answer.ask(this.partners.as(SAVOIE), "siaoQueue", Map.of("first", 8));
		long used = this.statements.count() - before;
		assertThat(page.errors()).isEmpty();
		assertThat((List<?>) page.at("siaoQueue.edges")).hasSize(8);
		assertThat(this.statements.transactions() - transactions).as("transactions").isEqualTo(1);
		return used;
	}

	/** Requests through the API, 25 to a document (the edge's alias limit is 30). */
	private void bulkRequests(List<UUID> persons, List<String> dates) {
		for (int start = 0; start < dates.size(); start += 25) {
			StringBuilder document = new StringBuilder("mutation bulk {\n");
			for (int i = start; i < Math.min(start + 25, dates.size()); i++) {
				document
					.append("  r%d: requestOrientation(input: {personId: \"%s\", requestedOn: \"%s\", ".formatted(i,
							persons.get(i % persons.size()), dates.get(i)))
					.append("requestedSolution: ")
					.append((i % 2 == 0) ? "IML" : "PENSION_DE_FAMILLE")
					.append("}) { id }\n");
			}
			document.append("}");
			Answer answer = Answer.ask(this.partners.as(SAVOIE), document.toString(), Map.of());
			assertThat(answer.errors()).isEmpty();
		}
	}

	// helpers

	private UUID register(String user, String firstName, String lastName, boolean withChild,
			@Nullable String territory) {
		Map<String, Object> input = new HashMap<>(Map.of("firstName", firstName, "lastName", lastName, "birthDate",
				"1991-04-23", "reason", "Orientation SIAO"));
		if (withChild) {
			input.put("household", Map.of("role", "ADULT", "members", List
				.of(Map.of("firstName", "Adam", "lastName", lastName, "birthDate", "2019-09-01", "role", "CHILD"))));
		}
		if (territory != null) {
			input.put("territory", territory);
		}
		Answer registered = Answer.ask(this.partners.as(user), "registerPerson", Map.of("input", input));
		assertThat(registered.errors()).isEmpty();
		return UUID.fromString((String) registered.at("registerPerson.id"));
	}

	/**
	 * Her consent that the organization sees (and so requests) her housing application.
	 */
	private void consentToRequest(String user, UUID person, UUID organization) {
		Map<String, Object> input = Map.of("personId", person.toString(), "grantor", "SELF", "periodStart", daysAgo(90),
				"method", "ORAL", "collectedAt", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString(),
				"textVersion", "v3", "textSha256", DemoTerritory.CONSENT_TEXT_SHA256, "provisions",
				List.of(Map.of("type", "PERMIT", "recipientOrganizationId", organization.toString(), "categories",
						List.of("HOUSING_APPLICATION"), "purposes", List.of("SUPPORT"))));
		Answer consent = Answer.ask(this.partners.as(user), "recordConsent", Map.of("input", input));
		assertThat(consent.errors()).isEmpty();
	}

	private Answer request(String user, UUID person, String solution, String requestedOn, @Nullable String siao) {
		Map<String, Object> input = new HashMap<>(Map.of("personId", person.toString(), "requestedOn", requestedOn,
				"requestedSolution", solution, "requestNote", "Sans solution d'hébergement"));
		if (siao != null) {
			input.put("siaoId", siao);
		}
		return Answer.ask(this.partners.as(user), "requestOrientation", Map.of("input", input));
	}

	private Answer decide(String user, String orientation, int version, String status, String decidedOn) {
		return Answer.ask(this.partners.as(user), "decideOrientation", Map.of("input",
				Map.of("id", orientation, "version", version, "status", status, "decidedOn", decidedOn)));
	}

	private Answer check(String user, UUID person, @Nullable String siao) {
		Map<String, Object> variables = new HashMap<>(Map.of("personId", person.toString()));
		if (siao != null) {
			variables.put("siaoId", siao);
		}
		return Answer.ask(this.partners.as(user), "orientationCheck", variables);
	}

	private Answer person(String user, UUID person) {
		return Answer.ask(this.partners.as(user), PERSON, Map.of("id", person.toString()));
	}

	/** The whole queue, page after page, as a front-end would walk it. */
	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> queue(String user, @Nullable Map<String, Object> filter) {
		List<Map<String, Object>> entries = new ArrayList<>();
		String after = null;
		boolean more = true;
		while (more) {
			Map<String, Object> variables = new HashMap<>(Map.of("first", 100));
			if (after != null) {
				variables.put("after", after);
			}
			if (filter != null) {
				variables.put("filter", filter);
			}
			Answer page = Answer.ask(this.partners.as(user), "siaoQueue", variables);
			assertThat(page.errors()).isEmpty();
			for (Object edge : (List<Object>) page.at("siaoQueue.edges")) {
				entries.add(map(map(edge).get("node")));
			}
			more = Boolean.TRUE.equals(page.at("siaoQueue.pageInfo.hasNextPage"));
			after = (String) page.at("siaoQueue.pageInfo.endCursor");
		}
		return entries;
	}

	private static @Nullable Map<String, Object> entryOf(List<Map<String, Object>> queue, UUID person) {
		return queue.stream()
			.filter((entry) -> person.toString().equals(map(entry.get("person")).get("id")))
			.findFirst()
			.orElse(null);
	}

	private static void assertOldestFirst(List<Map<String, Object>> queue) {
		List<String> dates = queue.stream().map((entry) -> (String) entry.get("requestedOn")).toList();
		assertThat(dates).isSorted();
	}

	private static @Nullable LocalDate siaoInvolvementEnd(UUID person) {
		Object end = Fixtures.owner((dsl) -> dsl
			.fetchValue("SELECT max(ended_on) FROM passerelle.involvement WHERE person_id = ? AND organization_id = ? "
					+ "AND kind = 'SIAO_ORIENTATION'", person, DemoOrganizations.SIAO.id()));
		return (end != null) ? LocalDate.parse(end.toString()) : null;
	}

	private static UUID siao(String name, String territory) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.execute(
				"INSERT INTO passerelle.organization (id, name, type, territory) VALUES (?, ?, 'SIAO', ?)", id, name,
				territory));
		return id;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	/** A last name of its own, so that no other test's person shares her identity. */
	private static String name() {
		StringBuilder name = new StringBuilder("Pivot");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 8; i++) {
			name.append((char) ('a' + random.nextInt(26)));
		}
		return name.toString();
	}

	private static String daysAgo(int days) {
		return LocalDate.now().minusDays(days).toString();
	}

}

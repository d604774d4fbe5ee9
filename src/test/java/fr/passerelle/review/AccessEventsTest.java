package fr.passerelle.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.support.Answer;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The privacy officer reads the access log: Relay-paged newest first, narrowed by person,
 * organization, user, purpose and period; nobody else reads it at all.
 */
@IntegrationTest
class AccessEventsTest {

	static final List<String> OTHERS = List.of("referent.asso", "agent.caf", "admin", "pilote.metropole",
			"analyste.metropole");

	@AfterAll
	static void removeTheEventsWrittenHere() {
		ReviewFixtures.removeEvents();
	}

	@Autowired
	Partners partners;

	private final OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.MILLIS);

	@Test
	void thePrivacyOfficerPagesThroughEveryEventOnceNewestFirst() {
		String user = "page." + UUID.randomUUID();
		UUID person = UUID.randomUUID();
		List<Long> appended = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			appended.add(ReviewFixtures.event(user, DemoOrganizations.ASSOCIATION, Purpose.SUPPORT, "personFile",
					this.now.minusMinutes(10 - i), List.of(ReviewFixtures.person(person, List.of(DataCategory.IDENTITY),
							Map.of(DataCategory.HEALTH, "SENSITIVE_NEEDS_NAMED_CONSENT")))));
		}

		List<Long> walked = new ArrayList<>();
		List<Boolean> more = new ArrayList<>();
		String after = null;
		do {
			Map<String, Object> variables = new HashMap<>(Map.of("filter", Map.of("username", user), "first", 3));
			if (after != null) {
				variables.put("after", after);
			}
			Answer page = Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-events"), variables);
			assertThat(page.errors()).isEmpty();
			assertThat(page.at("accessEvents.totalCount")).isEqualTo(7);
			List<?> edges = (List<?>) page.at("accessEvents.edges");
			for (int i = 0; i < edges.size(); i++) {
				walked.add(Long.valueOf((String) page.at("accessEvents.edges[" + i + "].node.seq")));
				assertThat(page.at("accessEvents.edges[" + i + "].cursor")).isNotNull();
			}
			more.add((Boolean) page.at("accessEvents.pageInfo.hasNextPage"));
			after = (String) page.at("accessEvents.pageInfo.endCursor");
		}
		while (Boolean.TRUE.equals(more.get(more.size() - 1)));

		assertThat(walked).containsExactlyElementsOf(appended.reversed());
		assertThat(more).containsExactly(true, true, false);
	}

	@Test
	void anEventShowsWhoSawWhatOfWhomAndWhy() {
		String user = "detail." + UUID.randomUUID();
		UUID seen = UUID.randomUUID();
		UUID consented = UUID.randomUUID();
		UUID unreached = UUID.randomUUID();
		UUID consent = UUID.randomUUID();
		UUID provision = UUID.randomUUID();
		long seq = ReviewFixtures.event(user, DemoOrganizations.ASSOCIATION, Purpose.SUPPORT, "personFile", this.now,
				List.of(ReviewFixtures.person(seen, List.of(DataCategory.IDENTITY),
						Map.of(DataCategory.HEALTH, "SENSITIVE_NEEDS_NAMED_CONSENT")),
						ReviewFixtures.consented(consented, DataCategory.RESOURCES, consent, provision),
						ReviewFixtures.notReached(unreached)));

		Answer answer = Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-events"),
				Map.of("filter", Map.of("username", user)));
		assertThat(answer.errors()).isEmpty();
		String node = "accessEvents.edges[0].node.";
		assertThat(answer.at(node + "seq")).isEqualTo(Long.toString(seq));
		assertThat(answer.at(node + "username")).isEqualTo(user);
		assertThat(answer.at(node + "userId")).isEqualTo("sub-" + user);
		assertThat(answer.at(node + "organization.name")).isEqualTo(DemoOrganizations.ASSOCIATION.name());
		assertThat(answer.at(node + "purpose")).isEqualTo("SUPPORT");
		assertThat(answer.at(node + "operation")).isEqualTo("personFile");
		assertThat(answer.at(node + "hash")).isEqualTo(ReviewFixtures.sha256("event " + seq));
		assertThat(answer.at(node + "previousHash")).isEqualTo(ReviewFixtures.sha256("previous " + seq));
		assertThat(answer.at(node + "persons[0].personId")).isEqualTo(seen.toString());
		assertThat(answer.at(node + "persons[0].disclosed[0]")).isEqualTo(map("category", "IDENTITY", "basis",
				"MISSION", "consentId", null, "provisionId", null, "rule", "ASSOCIATION/CASE_WORKER/IDENTITY/SUPPORT"));
		assertThat(answer.at(node + "persons[0].refused"))
			.isEqualTo(List.of(map("category", "HEALTH", "reason", "SENSITIVE_NEEDS_NAMED_CONSENT")));
		assertThat(answer.at(node + "persons[1].disclosed[0]")).isEqualTo(map("category", "RESOURCES", "basis",
				"CONSENT", "consentId", consent.toString(), "provisionId", provision.toString(), "rule", null));
		assertThat(answer.at(node + "persons[2].disclosed")).isEqualTo(List.of());
		assertThat(answer.at(node + "persons[2].refused"))
			.isEqualTo(List.of(map("category", null, "reason", "NOT_REACHED")));
	}

	@Test
	void eachFilterNarrowsTheLog() {
		String association = "filter.asso." + UUID.randomUUID();
		String caf = "filter.caf." + UUID.randomUUID();
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		UUID third = UUID.randomUUID();
		long supportOfFirst = ReviewFixtures.event(association, DemoOrganizations.ASSOCIATION, Purpose.SUPPORT,
				"personFile", this.now.minusMinutes(180),
				List.of(ReviewFixtures.person(first, List.of(DataCategory.IDENTITY), Map.of())));
		long coordinationOfBoth = ReviewFixtures.event(association, DemoOrganizations.ASSOCIATION, Purpose.COORDINATION,
				"caseload", this.now.minusMinutes(120),
				List.of(ReviewFixtures.person(first, List.of(DataCategory.IDENTITY), Map.of()),
						ReviewFixtures.person(second, List.of(DataCategory.IDENTITY), Map.of())));
		long benefitsOfSecond = ReviewFixtures.event(caf, DemoOrganizations.CAF, Purpose.BENEFITS, "resourcesFile",
				this.now.minusMinutes(60),
				List.of(ReviewFixtures.person(second, List.of(DataCategory.RESOURCES), Map.of())));
		long refusedThird = ReviewFixtures.event(caf, DemoOrganizations.CAF, Purpose.BENEFITS, "personFile",
				this.now.minusMinutes(30),
				List.of(ReviewFixtures.person(third, List.of(), Map.of(DataCategory.RESOURCES, "NO_CONSENT"))));

		assertThat(seqs(Map.of("personId", first.toString()))).containsExactly(coordinationOfBoth, supportOfFirst);
		assertThat(seqs(Map.of("personId", second.toString()))).containsExactly(benefitsOfSecond, coordinationOfBoth);
		assertThat(seqs(Map.of("personId", third.toString()))).containsExactly(refusedThird);
		assertThat(seqs(Map.of("username", association))).containsExactly(coordinationOfBoth, supportOfFirst);
		assertThat(seqs(Map.of("username", caf))).containsExactly(refusedThird, benefitsOfSecond);
		assertThat(seqs(Map.of("personId", second.toString(), "organizationId", DemoOrganizations.CAF.id().toString())))
			.containsExactly(benefitsOfSecond);
		assertThat(seqs(
				Map.of("personId", second.toString(), "organizationId", DemoOrganizations.ASSOCIATION.id().toString())))
			.containsExactly(coordinationOfBoth);
		assertThat(seqs(Map.of("username", association, "purpose", "SUPPORT"))).containsExactly(supportOfFirst);
		assertThat(seqs(Map.of("username", association, "purpose", "BENEFITS"))).isEmpty();
		String between = iso(this.now.minusMinutes(150));
		assertThat(seqs(Map.of("username", association, "from", between))).containsExactly(coordinationOfBoth);
		assertThat(seqs(Map.of("username", association, "to", between))).containsExactly(supportOfFirst);
		assertThat(seqs(
				Map.of("username", caf, "from", iso(this.now.minusMinutes(60)), "to", iso(this.now.minusMinutes(30)))))
			.as("from inclusive, to exclusive")
			.containsExactly(benefitsOfSecond);
	}

	@Test
	void aFilterOrCursorThatMeansNothingIsInvalidInput() {
		assertThat(field(Map.of("filter", Map.of("personId", "nobody")))).isEqualTo("filter.personId");
		assertThat(field(Map.of("filter", Map.of("organizationId", "nowhere")))).isEqualTo("filter.organizationId");
		assertThat(field(Map.of("filter", Map.of("username", "  ")))).isEqualTo("filter.username");
		assertThat(field(Map.of("filter", Map.of("from", iso(this.now), "to", iso(this.now.minusHours(1))))))
			.isEqualTo("filter.to");
		assertThat(field(Map.of("first", 0))).isEqualTo("first");
		assertThat(field(Map.of("first", 501))).isEqualTo("first");
		assertThat(field(Map.of("after", "not-a-cursor"))).isEqualTo("after");
	}

	@Test
	void nobodyButThePrivacyOfficerReadsTheLog() {
		String user = "deny." + UUID.randomUUID();
		ReviewFixtures.event(user, DemoOrganizations.ASSOCIATION, Purpose.SUPPORT, "personFile", this.now,
				List.of(ReviewFixtures.person(UUID.randomUUID(), List.of(DataCategory.IDENTITY), Map.of())));
		Map<String, Object> variables = Map.of("filter", Map.of("username", user));
		assertThat(Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-events"), variables)
			.at("accessEvents.totalCount")).isEqualTo(1);
		for (String other : OTHERS) {
			Answer denied = Answer.ask(this.partners.as(other), ReviewFixtures.document("access-events"), variables);
			assertThat(denied.codes()).as(other).containsExactly("FORBIDDEN");
			assertThat(denied.map().toString()).as(other).doesNotContain(user);
		}
	}

	private List<Long> seqs(Map<String, Object> filter) {
		Answer answer = Answer.ask(this.partners.as("dpo"),
				"query ($filter: AccessEventFilter) { accessEvents(filter: $filter, first: 500) { totalCount edges { node { seq } } } }",
				Map.of("filter", filter));
		assertThat(answer.errors()).as(filter.toString()).isEmpty();
		List<?> edges = (List<?>) answer.at("accessEvents.edges");
		List<Long> seqs = new ArrayList<>();
		for (int i = 0; i < edges.size(); i++) {
			seqs.add(Long.valueOf((String) answer.at("accessEvents.edges[" + i + "].node.seq")));
		}
		assertThat(answer.at("accessEvents.totalCount")).isEqualTo(seqs.size());
		return seqs;
	}

	private @Nullable Object field(Map<String, Object> variables) {
		Answer answer = Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-events"), variables);
		assertThat(answer.codes()).as(variables.toString()).containsExactly("INVALID_INPUT");
		return answer.errors().get(0).getExtensions().get("field");
	}

	/** RFC 3339 with seconds always, as the DateTime scalar wants it. */
	static String iso(OffsetDateTime at) {
		return at.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
	}

	static Map<String, @Nullable Object> map(@Nullable Object... keysAndValues) {
		Map<String, @Nullable Object> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}

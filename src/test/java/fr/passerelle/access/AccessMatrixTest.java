package fr.passerelle.access;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;
import static fr.passerelle.jooq.Tables.HOUSEHOLD;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_MEMBER;
import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.PERSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.support.CaseloadWalk;
import fr.passerelle.support.Elements;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The access matrix a privacy officer reviews,
 * {@code src/test/resources/access-matrix.csv}: organization type × role × category ×
 * consent state × path → expected outcome, each line checked through the real API with
 * real tokens, on a fresh person of its own.
 *
 * <p>
 * Paths: {@code root} is {@code person(id:)}; {@code nested} is the federation entry
 * point {@code _entities(representations: [{__typename: "Person", id}])}, the way a
 * gateway reaches a Person from another subgraph; {@code count} is
 * {@code caseload.totalCount} before and after the person is created; {@code mutation} is
 * {@code addToCareTeam} (and, for a person not found, {@code revokeConsent} of their
 * consent). A person not found must get exactly the answer an id that exists nowhere
 * gets, and nothing may change.
 *
 * <p>
 * The persons created here are deleted after the class, so the demo territory's counts
 * hold for the other test classes of the run.
 */
@IntegrationTest
class AccessMatrixTest {

	@Autowired
	Partners partners;

	private static final Set<UUID> created = ConcurrentHashMap.newKeySet();

	private static final Map<String, HttpGraphQlTester> testers = new ConcurrentHashMap<>();

	private static final String UNKNOWN = "<id>";

	/** The demo users, as the realm file describes them. */
	private static final Map<String, DemoViewer> VIEWERS = Map.ofEntries(
			viewer("referent.asso", DemoOrganizations.ASSOCIATION, Purpose.SUPPORT, true),
			viewer("referent.autre-asso", DemoOrganizations.OTHER_ASSOCIATION, Purpose.SUPPORT, true),
			viewer("referent.sensible", DemoOrganizations.ADDICTION_SERVICE, Purpose.SUPPORT, true),
			viewer("coord.siao", DemoOrganizations.SIAO, Purpose.COORDINATION, true),
			viewer("agent.caf", DemoOrganizations.CAF, Purpose.BENEFITS, false),
			viewer("gestion.bailleur", DemoOrganizations.LANDLORD, Purpose.HOUSING_ALLOCATION, false),
			viewer("as.departement", DemoOrganizations.DEPARTMENT, Purpose.SUPPORT, true),
			viewer("agent.etat", DemoOrganizations.STATE, Purpose.HOUSING_ALLOCATION, false),
			viewer("pilote.metropole", DemoOrganizations.METROPOLE, Purpose.COORDINATION, true));

	/** The answers about an id that exists nowhere, per viewer, purpose and document. */
	private static final Map<String, String> unknownIdAnswers = new ConcurrentHashMap<>();

	/** The fields of Person each category guards; HEALTH shows through careTeam. */
	private static final Map<DataCategory, List<String>> FIELDS = Map.of(DataCategory.IDENTITY,
			List.of("firstName", "lastName", "birthDate", "identityVersion"), DataCategory.CONTACT,
			List.of("phone", "email"), DataCategory.SUPPORT_MEASURES, List.of("careTeam"), DataCategory.HEALTH,
			List.of("careTeam"), DataCategory.CONSENTS, List.of("consents"));

	private static final String ROOT = """
			query matrixRoot($id: ID!) {
			  person(id: $id) { id %s }
			}""";

	private static final String ROOT_EXPLAINED = """
			query matrixRoot($id: ID!) {
			  person(id: $id) { id %s }
			  accessExplanation(personId: $id) { category permitted reason cap }
			}""";

	private static final String NESTED = """
			query matrixNested($representations: [_Any!]!) {
			  _entities(representations: $representations) { ... on Person { id %s } }
			}""";

	private static final String COUNT = "query matrixCount { caseload(first: 1) { totalCount } }";

	private static final String ADD_TO_CARE_TEAM = """
			mutation matrixAdd($personId: ID!, $organizationId: ID!) {
			  addToCareTeam(input: {personId: $personId, organizationId: $organizationId, kind: TENANCY,
			                        reason: "access matrix"}) { id }
			}""";

	private static final String CASELOAD = """
			query matrixCaseload($filter: CaseloadFilter) { caseload(first: 1, filter: $filter) { totalCount } }""";

	private static final String QUEUE = """
			query matrixQueue($after: String) {
			  siaoQueue(first: 100, after: $after) { edges { node { person { id } } } pageInfo { hasNextPage endCursor } }
			}""";

	private static final String EXPLAIN = """
			query matrixExplain($id: ID!) { accessExplanation(personId: $id) { category cap } }""";

	private static final String REVOKE_CONSENT = """
			mutation matrixRevoke($consentId: ID!) {
			  revokeConsent(consentId: $consentId, reason: "access matrix") { id }
			}""";

	@ParameterizedTest(name = "[{index}] {0}, involved {1}, purpose {2}, {3}, consent {4}, path {5} -> {7}")
	@CsvFileSource(resources = "/access-matrix.csv", numLinesToSkip = 1)
	void matrix(String viewer, String involved, @Nullable String purpose, DataCategory category, String consent,
			String path, String policy, String expected) {
		Row row = new Row(VIEWERS.get(viewer), viewer, yesNo(involved), purpose(purpose), category, consent, path,
				policy, Expected.parse(expected));
		assertThat(row.viewer()).as("a demo user of the realm: " + viewer).isNotNull();
		assertThat(row.expected().notFound()).as("a person is not found exactly when not involved")
			.isEqualTo(!row.involved());
		HttpGraphQlTester tester = tester(row);
		switch (path) {
			case "root" -> root(row, tester, fixture(row));
			case "nested" -> nested(row, tester, fixture(row));
			case "count" -> count(row, tester);
			case "mutation" -> mutation(row, tester, fixture(row));
			case "order:RECENT_ACTIVITY" -> recentActivity(row, tester);
			case "queue" -> queue(row, tester);
			default -> {
				if (!path.startsWith("filter:")) {
					throw new IllegalArgumentException("Unknown path " + path);
				}
				filter(row, tester, path.substring("filter:".length()));
			}
		}
	}

	private void root(Row row, HttpGraphQlTester tester, Fixture fixture) {
		String document = (row.expected().notFound() ? ROOT : ROOT_EXPLAINED).formatted(selection(row.category()));
		Map<String, Object> answer = execute(tester, document, Map.of("id", fixture.person().toString()));
		if (row.expected().notFound()) {
			assertThat(data(answer).get("person")).as("person").isNull();
			assertSameAsUnknownId(row, tester, document, answer, fixture.person(), (id) -> Map.of("id", id.toString()));
			return;
		}
		assertThat(answer.get("errors")).as("errors of %s", answer).isNull();
		Map<String, Object> person = map(data(answer).get("person"));
		assertThat(person).as("person").isNotNull();
		assertFields(row, fixture, person, List.of("person"), redactions(answer));
		Map<String, Object> decision = list(data(answer).get("accessExplanation")).stream()
			.map(AccessMatrixTest::map)
			.filter((explained) -> row.category().name().equals(explained.get("category")))
			.findFirst()
			.orElseThrow();
		assertThat(decision.get("cap")).as("policy cell explained").isEqualTo(row.policy());
		assertThat(decision.get("permitted")).as("permitted, explained").isEqualTo(row.expected().visible());
		assertThat(decision.get("reason")).as("reason, explained").isEqualTo(row.expected().reason(row));
	}

	private void nested(Row row, HttpGraphQlTester tester, Fixture fixture) {
		String document = NESTED.formatted(selection(row.category()));
		Map<String, Object> answer = execute(tester, document, representations(fixture.person()));
		List<Object> entities = list(data(answer).get("_entities"));
		assertThat(entities).as("_entities").hasSize(1);
		if (row.expected().notFound()) {
			assertThat(entities.get(0)).as("entity").isNull();
			assertSameAsUnknownId(row, tester, document, answer, fixture.person(), AccessMatrixTest::representations);
			return;
		}
		assertThat(answer.get("errors")).as("errors of %s", answer).isNull();
		Map<String, Object> person = map(entities.get(0));
		assertThat(person).as("entity").isNotNull();
		assertFields(row, fixture, person, List.of("_entities", 0), redactions(answer));
	}

	private void count(Row row, HttpGraphQlTester tester) {
		int before = totalCount(tester);
		fixture(row);
		int after = totalCount(tester);
		assertThat(after - before).as("persons added to caseload.totalCount")
			.isEqualTo(row.expected().notFound() ? 0 : 1);
	}

	private void mutation(Row row, HttpGraphQlTester tester, Fixture fixture) {
		UUID other = DemoOrganizations.LANDLORD.id();
		int involvements = Fixtures.count("SELECT count(*) FROM passerelle.involvement WHERE person_id = ?",
				fixture.person());
		Map<String, Object> added = execute(tester, ADD_TO_CARE_TEAM,
				Map.of("personId", fixture.person().toString(), "organizationId", other.toString()));
		if (!row.expected().notFound()) {
			assertThat(codes(added)).as("addToCareTeam on a person reached: %s", added)
				.isEqualTo(row.viewer().collects() ? List.of() : List.of("FORBIDDEN"));
			return;
		}
		assertThat(codes(added)).as("addToCareTeam")
			.containsExactly(row.viewer().collects() ? "NOT_FOUND" : "FORBIDDEN");
		assertSameAsUnknownId(row, tester, ADD_TO_CARE_TEAM, added, fixture.person(),
				(id) -> Map.of("personId", id.toString(), "organizationId", other.toString()));
		assertThat(fixture.consent()).as("a consent to revoke").isNotNull();
		Map<String, Object> revoked = execute(tester, REVOKE_CONSENT,
				Map.of("consentId", fixture.consent().toString()));
		assertThat(codes(revoked)).as("revokeConsent").containsExactly("NOT_FOUND");
		assertSameAsUnknownId(row, tester, REVOKE_CONSENT, revoked, fixture.consent(),
				(id) -> Map.of("consentId", id.toString()));
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.involvement WHERE person_id = ?", fixture.person()))
			.as("involvements after the refused mutation")
			.isEqualTo(involvements);
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE id = ? AND status = 'ACTIVE'",
				fixture.consent()))
			.as("the consent is still active")
			.isEqualTo(1);
	}

	/**
	 * A caseload filter matches the person through a fact of the row's category exactly
	 * when the viewer may see that fact in the person's file; {@code totalCount} and the
	 * pages agree ({@link CaseloadWalk}).
	 */
	private void filter(Row row, HttpGraphQlTester tester, String filter) {
		Fixture fixture = fixture(row);
		assertPolicyCell(row, tester, fixture);
		UUID author = author(row);
		String username = row.username();
		switch (filter) {
			case "measureTypes", "caseLeadIsMe" -> Elements.measure(fixture.person(), "ACT", author, author, username);
			case "arrearsOpen" -> Elements.arrears(fixture.person(), author);
			case "needsDecision" -> Elements.orientation(fixture.person(), "REQUESTED", author);
			default -> throw new IllegalArgumentException("Unknown filter " + filter);
		}
		Map<String, Object> arguments = filter.equals("measureTypes") ? Map.of(filter, List.of("ACT"))
				: Map.of(filter, true);
		if (row.expected().caseload() == CaseloadOutcome.REFUSED) {
			Map<String, Object> refused = execute(tester, CASELOAD, Map.of("filter", arguments));
			assertThat(codes(refused)).as("filter refused: %s", refused).containsExactly("FORBIDDEN");
			return;
		}
		List<String> matched = CaseloadWalk.ids(tester, arguments, "ID");
		assertThat(matched.contains(fixture.person().toString())).as("the filter matches the person")
			.isEqualTo(row.expected().caseload() == CaseloadOutcome.MATCHES);
	}

	/**
	 * The SIAO's queue lists the person's open request, addressed to the viewer's
	 * organization by another one, exactly when the viewer may see that request; a viewer
	 * whose organization is not an SIAO has no queue at all (refused).
	 */
	private void queue(Row row, HttpGraphQlTester tester) {
		Fixture fixture = fixture(row);
		if (row.involved()) {
			assertPolicyCell(row, tester, fixture);
		}
		Elements.orientation(fixture.person(), "REQUESTED", author(row), row.viewer().organization().id());
		if (row.expected().caseload() == CaseloadOutcome.REFUSED) {
			Map<String, Object> refused = execute(tester, QUEUE, Map.of());
			assertThat(codes(refused)).as("no queue: %s", refused).containsExactly("FORBIDDEN");
			return;
		}
		List<String> listed = new ArrayList<>();
		Map<String, Object> variables = new java.util.HashMap<>();
		boolean more = true;
		while (more) {
			Map<String, Object> page = map(data(execute(tester, QUEUE, variables)).get("siaoQueue"));
			list(page.get("edges"))
				.forEach((edge) -> listed.add((String) map(map(map(edge).get("node")).get("person")).get("id")));
			more = Boolean.TRUE.equals(map(page.get("pageInfo")).get("hasNextPage"));
			variables.put("after", map(page.get("pageInfo")).get("endCursor"));
		}
		assertThat(listed.contains(fixture.person().toString())).as("the queue lists the person")
			.isEqualTo(row.expected().caseload() == CaseloadOutcome.MATCHES);
	}

	/**
	 * Two persons alike but for one fresh element of the row's category, written by
	 * another organization: ordered by recent activity, the one with it comes first
	 * exactly when the viewer may see it; otherwise both keep the order of persons with
	 * no activity (by id, descending).
	 */
	private void recentActivity(Row row, HttpGraphQlTester tester) {
		Fixture one = fixture(row);
		Fixture other = fixture(row);
		assertPolicyCell(row, tester, one);
		// the database orders uuids as unsigned bytes, as their text sorts (not as Java's
		// UUID.compareTo)
		UUID written = (one.person().toString().compareTo(other.person().toString()) < 0) ? one.person()
				: other.person();
		UUID twin = written.equals(one.person()) ? other.person() : one.person();
		UUID author = author(row);
		switch (row.category()) {
			case SUPPORT_MEASURES -> Elements.measure(written, "AVDL", author, author, "fixture");
			case SUPPORT_NOTES -> Elements.note(written, author);
			case RENT_ARREARS -> Elements.arrears(written, author);
			case HOUSING_APPLICATION -> Elements.orientation(written, "ACCEPTED", author);
			case RESOURCES -> Elements.benefit(written, author);
			case HEALTH -> Elements.sensitiveRecord(written, "HEALTH", author);
			default -> throw new IllegalArgumentException("No fact of " + row.category());
		}
		List<String> order = CaseloadWalk.ids(tester, Map.of(), "RECENT_ACTIVITY");
		assertThat(order).contains(written.toString(), twin.toString());
		assertThat(order.indexOf(written.toString()) < order.indexOf(twin.toString()))
			.as("the person with the element comes first")
			.isEqualTo(row.expected().caseload() == CaseloadOutcome.MATCHES);
	}

	/** The organization that writes a caseload row's fact: never the viewer's. */
	private static UUID author(Row row) {
		List<Organization> candidates = switch (row.category()) {
			case SUPPORT_MEASURES, SUPPORT_NOTES ->
				List.of(DemoOrganizations.OTHER_ASSOCIATION, DemoOrganizations.ASSOCIATION);
			case RENT_ARREARS -> List.of(DemoOrganizations.DEPARTMENT, DemoOrganizations.LANDLORD);
			case HOUSING_APPLICATION -> List.of(DemoOrganizations.ASSOCIATION, DemoOrganizations.SIAO);
			case RESOURCES -> List.of(DemoOrganizations.CAF, DemoOrganizations.DEPARTMENT);
			case HEALTH -> List.of(DemoOrganizations.ADDICTION_SERVICE);
			default -> throw new IllegalArgumentException("No fact of " + row.category());
		};
		return candidates.stream()
			.filter((organization) -> !organization.equals(row.viewer().organization()))
			.findFirst()
			.orElseThrow()
			.id();
	}

	private static void assertPolicyCell(Row row, HttpGraphQlTester tester, Fixture fixture) {
		Map<String, Object> answer = execute(tester, EXPLAIN, Map.of("id", fixture.person().toString()));
		assertThat(list(data(answer).get("accessExplanation")).stream()
			.map(AccessMatrixTest::map)
			.filter((explained) -> row.category().name().equals(explained.get("category")))
			.findFirst()
			.orElseThrow()
			.get("cap")).as("policy cell explained").isEqualTo(row.policy());
	}

	/**
	 * The category's fields on a person that was found: values when visible; nulls, each
	 * with its redaction, when redacted. HEALTH shows as the sensitive service's entry in
	 * careTeam, dropped silently when HEALTH is refused.
	 */
	private static void assertFields(Row row, Fixture fixture, Map<String, Object> person, List<Object> at,
			List<Map<String, Object>> redactions) {
		assertThat(person.get("id")).isEqualTo(fixture.person().toString());
		DataCategory category = row.category();
		if (category == DataCategory.HEALTH) {
			assertThat(redactions).as("redactions").isEmpty();
			List<Object> careTeam = list(person.get("careTeam"));
			assertThat(careTeam).as("careTeam, shown to observe HEALTH").isNotNull();
			Set<Object> organizations = careTeam.stream()
				.map((member) -> map(map(member).get("organization")).get("id"))
				.collect(Collectors.toSet());
			assertThat(organizations).as("careTeam organizations")
				.contains(row.viewer().organization().id().toString());
			assertThat(organizations.contains(DemoOrganizations.ADDICTION_SERVICE.id().toString()))
				.as("the addiction service shown in careTeam")
				.isEqualTo(row.expected().visible());
			return;
		}
		if (row.expected().visible()) {
			assertThat(redactions).as("redactions").isEmpty();
			switch (category) {
				case IDENTITY -> {
					assertThat(person.get("firstName")).isEqualTo(fixture.firstName());
					assertThat(person.get("lastName")).isEqualTo("Fixture");
					assertThat(person.get("birthDate")).isNotNull();
				}
				case CONTACT -> {
					assertThat(person.get("phone")).isEqualTo("06 00 00 00 00");
					assertThat(person.get("email")).as("email: none recorded").isNull();
				}
				case CONSENTS -> assertThat(list(person.get("consents"))).as("consents")
					.hasSize(row.consent().equals("none") ? 0 : 1);
				case SUPPORT_MEASURES -> assertThat(list(person.get("careTeam"))).as("careTeam")
					.extracting((member) -> map(map(member).get("organization")).get("id"))
					.contains(row.viewer().organization().id().toString());
				default -> throw new IllegalArgumentException("No field observes " + category);
			}
			return;
		}
		List<Map<String, Object>> expected = new ArrayList<>();
		for (String field : FIELDS.get(category)) {
			assertThat(person.get(field)).as(field).isNull();
			List<Object> path = new ArrayList<>(at);
			path.add(field);
			expected.add(Map.of("path", path, "category", category.name(), "reason", row.expected().reason(row)));
		}
		assertThat(redactions).as("extensions.redactions").containsExactlyInAnyOrderElementsOf(expected);
	}

	/**
	 * A fresh person for the row, linked to the viewer's organization (or only to another
	 * one), with the row's consent about the row's category, purpose and viewer; written
	 * on one connection.
	 */
	private static Fixture fixture(Row row) {
		return Fixtures.owner((dsl) -> write(row));
	}

	private static Fixture write(Row row) {
		String firstName = "Matrix";
		UUID person = Fixtures.person(firstName, "Fixture", LocalDate.of(1980, 5, 17));
		created.add(person);
		GrantorKind grantor = GrantorKind.SELF;
		if (row.consent().equals("representative")) {
			person = Fixtures.child(person);
			created.add(person);
			firstName = "Enfant";
			grantor = GrantorKind.LEGAL_REPRESENTATIVE;
		}
		Organization organization = row.viewer().organization();
		Organization linked = row.involved() ? organization : elsewhere(organization);
		Fixtures.involve(linked.id(), person, InvolvementKind.SUPPORT_MEASURE);
		LocalDate monthAgo = LocalDate.now().minusMonths(1);
		if (row.category() == DataCategory.HEALTH) {
			// followed by the addiction service, and a consent letting the viewer's
			// careTeam show, so that the HEALTH decision can be seen
			Fixtures.involve(DemoOrganizations.ADDICTION_SERVICE.id(), person, InvolvementKind.CARE);
			UUID support = Fixtures.consent(person, monthAgo, null, grantor);
			Fixtures.permitOrganization(support, organization.id(), List.of(DataCategory.SUPPORT_MEASURES),
					List.of(row.purpose()));
		}
		List<DataCategory> categories = List.of(row.category());
		List<Purpose> purposes = List.of(row.purpose());
		UUID consent = switch (row.consent()) {
			case "none" -> null;
			case "permit-organization", "representative" -> {
				UUID id = Fixtures.consent(person, monthAgo, null, grantor);
				Fixtures.permitOrganization(id, organization.id(), categories, purposes);
				yield id;
			}
			case "permit-type" -> {
				UUID id = Fixtures.consent(person, monthAgo, null, grantor);
				Fixtures.permitType(id, organization.type(), categories, purposes);
				yield id;
			}
			case "deny-overrides-permit" -> {
				UUID id = Fixtures.consent(person, monthAgo, null, grantor);
				Fixtures.permitType(id, organization.type(), categories, purposes);
				Fixtures.provision(id, null, ProvisionType.DENY, categories, organization.id(), null, purposes, null,
						null);
				yield id;
			}
			case "expired" -> {
				UUID id = Fixtures.consent(person, monthAgo, LocalDate.now().minusDays(1), grantor);
				Fixtures.permitOrganization(id, organization.id(), categories, purposes);
				yield id;
			}
			case "revoked" -> {
				UUID id = Fixtures.consent(person, monthAgo, null, grantor);
				Fixtures.permitOrganization(id, organization.id(), categories, purposes);
				Fixtures.revoke(id);
				yield id;
			}
			case "other-purpose" -> {
				UUID id = Fixtures.consent(person, monthAgo, null, grantor);
				Fixtures.permitOrganization(id, organization.id(), categories, List.of(otherPurpose(row.purpose())));
				yield id;
			}
			default -> throw new IllegalArgumentException("Unknown consent state " + row.consent());
		};
		return new Fixture(person, firstName, consent);
	}

	/**
	 * Another organization than the viewer's, that the person is involved with instead.
	 */
	private static Organization elsewhere(Organization organization) {
		return organization.equals(DemoOrganizations.ASSOCIATION) ? DemoOrganizations.OTHER_ASSOCIATION
				: DemoOrganizations.ASSOCIATION;
	}

	private static Purpose otherPurpose(Purpose purpose) {
		return (purpose == Purpose.SUPPORT) ? Purpose.COORDINATION : Purpose.SUPPORT;
	}

	/**
	 * The answer about a person not found is the answer about an id that exists nowhere,
	 * to the character once the ids are masked.
	 */
	private static void assertSameAsUnknownId(Row row, HttpGraphQlTester tester, String document,
			Map<String, Object> answer, UUID id, Function<UUID, Map<String, Object>> variables) {
		String reference = unknownIdAnswers
			.computeIfAbsent(row.username() + "|" + row.declaredPurpose() + "|" + document, (key) -> {
				UUID unknown = UUID.randomUUID();
				return execute(tester, document, variables.apply(unknown)).toString()
					.replace(unknown.toString(), UNKNOWN);
			});
		assertThat(answer.toString().replace(id.toString(), UNKNOWN))
			.as("the answer about a person not found, compared with an unknown id's")
			.isEqualTo(reference);
	}

	private static String selection(DataCategory category) {
		return FIELDS.get(category).stream().map((field) -> switch (field) {
			case "careTeam" -> "careTeam { organization { id } }";
			case "consents" -> "consents { id }";
			default -> field;
		}).collect(Collectors.joining(" "));
	}

	private static Map<String, Object> representations(UUID person) {
		return Map.of("representations", List.of(Map.of("__typename", "Person", "id", person.toString())));
	}

	private int totalCount(HttpGraphQlTester tester) {
		Map<String, Object> answer = execute(tester, COUNT, Map.of());
		assertThat(answer.get("errors")).as("errors of %s", answer).isNull();
		return ((Number) map(data(answer).get("caseload")).get("totalCount")).intValue();
	}

	private HttpGraphQlTester tester(Row row) {
		return testers.computeIfAbsent(row.username() + "|" + row.declaredPurpose(), (key) -> {
			HttpGraphQlTester tester = this.partners.as(row.username());
			return (row.declaredPurpose() == null) ? tester
					: tester.mutate().header(AccessContexts.PURPOSE_HEADER, row.declaredPurpose().name()).build();
		});
	}

	private static Map<String, Object> execute(HttpGraphQlTester tester, String document,
			Map<String, Object> variables) {
		return tester.document(document).variables(variables).execute().returnResponse().toMap();
	}

	private static Map<String, Object> data(Map<String, Object> answer) {
		Map<String, Object> data = map(answer.get("data"));
		assertThat(data).as("data of %s", answer).isNotNull();
		return data;
	}

	private static List<Map<String, Object>> redactions(Map<String, Object> answer) {
		Map<String, Object> extensions = map(answer.get("extensions"));
		if (extensions == null || extensions.get("redactions") == null) {
			return List.of();
		}
		return list(extensions.get("redactions")).stream().map(AccessMatrixTest::map).toList();
	}

	private static List<Object> codes(Map<String, Object> answer) {
		List<Object> errors = list(answer.get("errors"));
		return (errors != null) ? errors.stream().map((error) -> map(map(error).get("extensions")).get("code")).toList()
				: List.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(@Nullable Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(@Nullable Object value) {
		return (List<Object>) value;
	}

	private static boolean yesNo(String value) {
		return switch (value) {
			case "yes" -> true;
			case "no" -> false;
			default -> throw new IllegalArgumentException("involved is yes or no, not " + value);
		};
	}

	private static @Nullable Purpose purpose(@Nullable String value) {
		return (value == null || value.isBlank() || value.equals("default")) ? null : Purpose.valueOf(value);
	}

	@AfterAll
	static void deleteCreatedPersons() {
		if (created.isEmpty()) {
			return;
		}
		Fixtures.owner((dsl) -> {
			var consents = dsl.select(CONSENT.ID).from(CONSENT).where(CONSENT.PERSON_ID.in(created));
			var households = dsl.select(HOUSEHOLD_MEMBER.HOUSEHOLD_ID)
				.from(HOUSEHOLD_MEMBER)
				.where(HOUSEHOLD_MEMBER.PERSON_ID.in(created))
				.fetch(HOUSEHOLD_MEMBER.HOUSEHOLD_ID);
			// the alerts the test's writes raised, then the file
			dsl.execute(
					"DELETE FROM passerelle.alert_receipt WHERE event_id IN"
							+ " (SELECT id FROM passerelle.alert_event WHERE person_id = ANY (?))",
					(Object) created.toArray(UUID[]::new));
			for (String table : List.of("alert_recipient", "alert_event", "support_note", "support_measure",
					"rent_arrears", "siao_orientation", "benefit", "sensitive_record", "person_activity")) {
				dsl.execute("DELETE FROM passerelle." + table + " WHERE person_id = ANY (?)",
						(Object) created.toArray(UUID[]::new));
			}
			dsl.deleteFrom(CONSENT_PROVISION).where(CONSENT_PROVISION.CONSENT_ID.in(consents)).execute();
			dsl.deleteFrom(CONSENT).where(CONSENT.PERSON_ID.in(created)).execute();
			dsl.deleteFrom(INVOLVEMENT).where(INVOLVEMENT.PERSON_ID.in(created)).execute();
			dsl.deleteFrom(HOUSEHOLD_MEMBER).where(HOUSEHOLD_MEMBER.HOUSEHOLD_ID.in(households)).execute();
			dsl.deleteFrom(HOUSEHOLD).where(HOUSEHOLD.ID.in(households)).execute();
			return dsl.deleteFrom(PERSON).where(PERSON.ID.in(created)).execute();
		});
		created.clear();
	}

	/**
	 * @param organization the demo user's organization
	 * @param defaultPurpose the role's default purpose (V3 policy_default_purpose)
	 * @param collects whether the role may add to a care team and record consents (case
	 * workers, coordinators)
	 */
	private static Map.Entry<String, DemoViewer> viewer(String username, Organization organization,
			Purpose defaultPurpose, boolean collects) {
		return Map.entry(username, new DemoViewer(organization, defaultPurpose, collects));
	}

	private record DemoViewer(Organization organization, Purpose defaultPurpose, boolean collects) {
	}

	private record Row(DemoViewer viewer, String username, boolean involved, @Nullable Purpose declaredPurpose,
			DataCategory category, String consent, String path, String policy, Expected expected) {

		/** The purpose the request acts for: declared, or the role's default. */
		Purpose purpose() {
			return (this.declaredPurpose != null) ? this.declaredPurpose : this.viewer.defaultPurpose();
		}

	}

	/** What a caseload filter or order does with the person's fact. */
	private enum CaseloadOutcome {

		MATCHES, NO_MATCH, REFUSED

	}

	/**
	 * {@code visible}, {@code redacted:<REASON>} or {@code not-found}; on caseload lines
	 * {@code matches}, {@code no-match} or {@code refused}.
	 */
	private record Expected(boolean notFound, boolean visible, @Nullable Reason redactedFor,
			@Nullable CaseloadOutcome caseload) {

		static Expected parse(String value) {
			if (value.equals("not-found")) {
				return new Expected(true, false, null, null);
			}
			if (value.equals("visible")) {
				return new Expected(false, true, null, null);
			}
			if (value.startsWith("redacted:")) {
				return new Expected(false, false, Reason.valueOf(value.substring("redacted:".length())), null);
			}
			if (List.of("matches", "no-match", "refused").contains(value)) {
				return new Expected(false, false, null,
						CaseloadOutcome.valueOf(value.replace('-', '_').toUpperCase(java.util.Locale.ROOT)));
			}
			throw new IllegalArgumentException(
					"expected is visible, redacted:<REASON>, not-found, matches, no-match or refused, not " + value);
		}

		/**
		 * The reason the decision gives: the redaction's, or why it is visible (the
		 * mission, for a non-sensitive category under a MISSION cell; else a consent).
		 */
		String reason(Row row) {
			if (this.redactedFor != null) {
				return this.redactedFor.name();
			}
			boolean mission = row.policy().equals("MISSION") && !row.category().isSensitive();
			return (mission ? Reason.MISSION : Reason.CONSENT).name();
		}

	}

	private record Fixture(UUID person, String firstName, @Nullable UUID consent) {
	}

}

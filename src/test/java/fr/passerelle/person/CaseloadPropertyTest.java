package fr.passerelle.person;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.CaseloadWalk;
import fr.passerelle.support.Elements;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.PropertyHub;

/**
 * Property: a fact the viewer may not read in a person's file (a sensitive provider's
 * measure, another organization's arrears, an orientation or proposal naming a hidden
 * organization, a write in a category the viewer may not see) changes nothing in the
 * viewer's caseload: not which persons a filter matches, not their order in any order,
 * not {@code totalCount}, not {@code hasNextPage}, not where a cursor taken before leads.
 *
 * <p>
 * Each try gives a viewer's organization two fresh persons with random consents to it and
 * random facts, observes every filter in every order, adds one generated fact to one of
 * them, checks through the API that the viewer indeed cannot read it in the person's file
 * (else the try is skipped), and observes again.
 */
class CaseloadPropertyTest {

	private static final String CASELOAD = """
			query PropertyCaseload($first: Int, $after: String, $filter: CaseloadFilter, $orderBy: CaseloadOrder) {
			  caseload(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
			    totalCount pageInfo { hasNextPage endCursor } edges { node { id } }
			  }
			}""";

	private static final String FILE = """
			query PropertyFile($id: ID!) {
			  person(id: $id) {
			    supportMeasures { id } supportNotes { id } rentArrears { id } benefits { id }
			    siaoOrientations { id proposals { id } } healthRecords { id }
			  }
			}""";

	/** The viewers, with the purpose they declare (null: the role's default). */
	record Viewer(String username, Organization organization, @Nullable String purpose) {

		@Override
		public String toString() {
			return this.username + ((this.purpose != null) ? "/" + this.purpose : "");
		}

	}

	private static final List<Viewer> VIEWERS = List.of(
			new Viewer("referent.asso", DemoOrganizations.ASSOCIATION, null),
			new Viewer("referent.autre-asso", DemoOrganizations.OTHER_ASSOCIATION, null),
			new Viewer("as.departement", DemoOrganizations.DEPARTMENT, null),
			new Viewer("coord.siao", DemoOrganizations.SIAO, null),
			new Viewer("agent.caf", DemoOrganizations.CAF, null),
			new Viewer("agent.caf", DemoOrganizations.CAF, "EVICTION_PREVENTION"),
			new Viewer("gestion.bailleur", DemoOrganizations.LANDLORD, "EVICTION_PREVENTION"));

	private static final List<Map<String, Object>> FILTERS = List.of(Map.of(),
			Map.of("measureTypes", List.of("ACT", "AVDL")), Map.of("caseLeadIsMe", true), Map.of("arrearsOpen", true),
			Map.of("needsDecision", true));

	private static final List<String> ORDERS = List.of("ID", "NAME", "RECENT_ACTIVITY");

	/** What a consent of a generated person gives the viewer's organization. */
	enum Consent {

		NONE, SOME_BY_NAME, SOME_BY_TYPE, HEALTH_BY_NAME

	}

	/** A fact: a kind of element, written by an organization (by index in the list). */
	enum Kind {

		MEASURE, NOTE, ARREARS, BENEFIT, ORIENTATION, PROPOSAL, HEALTH_RECORD

	}

	record Fact(Kind kind, Organization author, @Nullable Organization provider) {

		@Override
		public String toString() {
			return this.kind + " by " + this.author.name()
					+ ((this.provider != null) ? " with " + this.provider.name() : "");
		}

	}

	record World(Viewer viewer, List<Consent> consents, List<List<Fact>> facts, int target, Fact hidden) {
	}

	@BeforeContainer
	static void startHub() {
		PropertyHub.start();
	}

	@Property(tries = 6, edgeCases = EdgeCasesMode.NONE)
	void aFactTheViewerMayNotReadChangesNothingInTheCaseload(@ForAll("worlds") World world) {
		Viewer viewer = world.viewer();
		List<UUID> persons = new ArrayList<>();
		Map<UUID, UUID> orientations = new HashMap<>();
		for (int i = 0; i < 2; i++) {
			UUID person = Fixtures.adult("Propriete" + i);
			Fixtures.involve(viewer.organization().id(), person, InvolvementKind.SUPPORT_MEASURE);
			Fixtures.involve(DemoOrganizations.ADDICTION_SERVICE.id(), person, InvolvementKind.CARE);
			consent(person, viewer, world.consents().get(i));
			// decided: proposals answer it
			orientations.put(person, Elements.orientation(person, "ACCEPTED", DemoOrganizations.SIAO.id()));
			for (Fact fact : world.facts().get(i)) {
				write(person, orientations.get(person), fact, viewer);
			}
			persons.add(person);
		}
		Map<String, Observation> before = observeAll(viewer);
		UUID target = persons.get(world.target());
		UUID written = write(target, orientations.get(target), world.hidden(), viewer);
		String file = String.valueOf(
				tester(viewer).document(FILE).variable("id", target.toString()).execute().returnResponse().toMap());
		Assume.that(!file.contains(written.toString()));
		Statistics.label("hidden fact").collect(world.hidden().kind());
		Statistics.label("viewer").collect(viewer.toString());
		Map<String, Observation> after = observeAll(viewer);
		for (Map.Entry<String, Observation> observed : before.entrySet()) {
			Observation then = observed.getValue();
			Observation now = after.get(observed.getKey());
			assertThat(now).as("%s after %s on %s", observed.getKey(), world.hidden(), target).isEqualTo(then);
			if (then.cursor() != null) {
				// a cursor taken before leads to the same next page
				assertThat(secondPage(viewer, observed.getKey(), then.cursor()))
					.as("%s: the page after a cursor taken before, after %s", observed.getKey(), world.hidden())
					.isEqualTo(then.secondPage());
			}
		}
	}

	/**
	 * What a viewer sees of a listing: every id in order, totalCount, and the first page
	 * of 7 (its ids, hasNextPage) with the page after it.
	 */
	record Observation(@Nullable String refused, List<String> ids, int totalCount, List<String> firstPage,
			boolean hasNextPage, List<String> secondPage, @Nullable String cursor) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Observation o && java.util.Objects.equals(this.refused, o.refused)
					&& this.ids.equals(o.ids) && this.totalCount == o.totalCount && this.firstPage.equals(o.firstPage)
					&& this.hasNextPage == o.hasNextPage && this.secondPage.equals(o.secondPage);
		}

		@Override
		public int hashCode() {
			return this.ids.hashCode();
		}

	}

	private static Map<String, Observation> observeAll(Viewer viewer) {
		Map<String, Observation> observations = new LinkedHashMap<>();
		for (int f = 0; f < FILTERS.size(); f++) {
			for (String order : ORDERS) {
				observations.put(f + "/" + order, observe(viewer, FILTERS.get(f), order));
			}
		}
		return observations;
	}

	@SuppressWarnings("unchecked")
	private static Observation observe(Viewer viewer, Map<String, Object> filter, String order) {
		Map<String, Object> small = page(viewer, filter, order, 7, null);
		if (small.get("errors") != null) {
			return new Observation(String.valueOf(small.get("errors")), List.of(), 0, List.of(), false, List.of(),
					null);
		}
		Map<String, Object> connection = caseload(small);
		Map<String, Object> info = (Map<String, Object>) connection.get("pageInfo");
		String cursor = (String) info.get("endCursor");
		List<String> second = (cursor != null) ? ids(caseload(page(viewer, filter, order, 7, cursor))) : List.of();
		List<String> all = CaseloadWalk.ids(tester(viewer), filter, order);
		return new Observation(null, all, ((Number) connection.get("totalCount")).intValue(), ids(connection),
				Boolean.TRUE.equals(info.get("hasNextPage")), second, cursor);
	}

	private static List<String> secondPage(Viewer viewer, String key, String cursor) {
		String[] parts = key.split("/");
		return ids(caseload(page(viewer, FILTERS.get(Integer.parseInt(parts[0])), parts[1], 7, cursor)));
	}

	private static Map<String, Object> page(Viewer viewer, Map<String, Object> filter, String order, int first,
			@Nullable String after) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("first", first);
		variables.put("after", after);
		variables.put("filter", filter);
		variables.put("orderBy", order);
		return tester(viewer).document(CASELOAD).variables(variables).execute().returnResponse().toMap();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> caseload(Map<String, Object> answer) {
		assertThat(answer.get("errors")).as("errors of %s", answer).isNull();
		return (Map<String, Object>) ((Map<String, Object>) answer.get("data")).get("caseload");
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Map<String, Object> connection) {
		return ((List<Map<String, Object>>) connection.get("edges")).stream()
			.map((edge) -> (String) ((Map<String, Object>) edge.get("node")).get("id"))
			.toList();
	}

	private static HttpGraphQlTester tester(Viewer viewer) {
		return PropertyHub.as(viewer.username(), viewer.purpose());
	}

	private static void consent(UUID person, Viewer viewer, Consent consent) {
		Purpose purpose = (viewer.purpose() != null) ? Purpose.valueOf(viewer.purpose()) : defaultPurpose(viewer);
		List<DataCategory> some = List.of(DataCategory.SUPPORT_MEASURES, DataCategory.RENT_ARREARS,
				DataCategory.HOUSING_APPLICATION, DataCategory.IDENTITY);
		switch (consent) {
			case NONE -> {
			}
			case SOME_BY_NAME -> Fixtures.permitOrganization(Fixtures.consent(person), viewer.organization().id(), some,
					List.of(purpose));
			case SOME_BY_TYPE ->
				Fixtures.permitType(Fixtures.consent(person), viewer.organization().type(), some, List.of(purpose));
			case HEALTH_BY_NAME -> Fixtures.permitOrganization(Fixtures.consent(person), viewer.organization().id(),
					List.of(DataCategory.HEALTH, DataCategory.SUPPORT_MEASURES), List.of(purpose));
		}
	}

	private static Purpose defaultPurpose(Viewer viewer) {
		return switch (viewer.organization().type()) {
			case SIAO, METROPOLE -> Purpose.COORDINATION;
			case CAF -> Purpose.BENEFITS;
			case LANDLORD, STATE -> Purpose.HOUSING_ALLOCATION;
			default -> Purpose.SUPPORT;
		};
	}

	/** Writes a fact on the person (a proposal answers the orientation given); its id. */
	private static UUID write(UUID person, UUID orientation, Fact fact, Viewer viewer) {
		UUID author = fact.author().id();
		UUID provider = (fact.provider() != null) ? fact.provider().id() : author;
		return switch (fact.kind()) {
			case MEASURE -> Elements.measure(person, "ACT", provider, author, viewer.username());
			case NOTE -> Elements.note(person, author);
			case ARREARS -> Elements.arrears(person, author);
			case BENEFIT -> Elements.benefit(person, author);
			case ORIENTATION -> Elements.orientation(person, "REQUESTED", author);
			case PROPOSAL -> Elements.pendingProposal(orientation, person, provider, author);
			case HEALTH_RECORD -> Elements.sensitiveRecord(person, "HEALTH", author);
		};
	}

	@Provide
	Arbitrary<World> worlds() {
		Arbitrary<Viewer> viewers = Arbitraries.of(VIEWERS);
		Arbitrary<Consent> consents = Arbitraries.of(Consent.class);
		return viewers.flatMap((viewer) -> {
			Arbitrary<Fact> facts = facts(viewer);
			return Combinators
				.combine(consents.list().ofSize(2), facts.list().ofMaxSize(3).list().ofSize(2),
						Arbitraries.integers().between(0, 1), hiddenFacts(viewer))
				.as((chosen, written, target, hidden) -> new World(viewer, chosen, written, target, hidden));
		});
	}

	/** Any fact by any organization but the viewer's. */
	private static Arbitrary<Fact> facts(Viewer viewer) {
		List<Organization> others = DemoOrganizations.ALL.stream()
			.filter((organization) -> !organization.equals(viewer.organization()))
			.toList();
		return Combinators
			.combine(Arbitraries.of(Kind.class), Arbitraries.of(others), Arbitraries.of(others).injectNull(0.6))
			.as(Fact::new);
	}

	/**
	 * Facts likely hidden from the viewer: a sensitive provider's measure or proposal, a
	 * health record, an orientation requested by the addiction service, another
	 * organization's arrears, a note or benefit (hidden where the category is).
	 */
	private static Arbitrary<Fact> hiddenFacts(Viewer viewer) {
		Organization sensitive = DemoOrganizations.ADDICTION_SERVICE;
		Organization otherArrears = viewer.organization().equals(DemoOrganizations.DEPARTMENT)
				? DemoOrganizations.LANDLORD : DemoOrganizations.DEPARTMENT;
		Organization other = viewer.organization().equals(DemoOrganizations.OTHER_ASSOCIATION)
				? DemoOrganizations.ASSOCIATION : DemoOrganizations.OTHER_ASSOCIATION;
		return Arbitraries.of(new Fact(Kind.MEASURE, sensitive, null),
				new Fact(Kind.MEASURE, DemoOrganizations.ASSOCIATION, sensitive),
				new Fact(Kind.HEALTH_RECORD, sensitive, null), new Fact(Kind.ORIENTATION, sensitive, null),
				new Fact(Kind.PROPOSAL, DemoOrganizations.SIAO, sensitive), new Fact(Kind.ARREARS, otherArrears, null),
				new Fact(Kind.NOTE, other, null), new Fact(Kind.BENEFIT, DemoOrganizations.CAF, null),
				new Fact(Kind.MEASURE, other, null), new Fact(Kind.ORIENTATION, other, null));
	}

}

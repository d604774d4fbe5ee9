package fr.passerelle.access;

import static fr.passerelle.jooq.Tables.ORGANIZATION;
import static fr.passerelle.jooq.Tables.PERSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.access.ReferenceRules.Cell;
import fr.passerelle.access.ReferenceRules.ConsentFact;
import fr.passerelle.access.ReferenceRules.ExpectedDecision;
import fr.passerelle.access.ReferenceRules.ExpectedReach;
import fr.passerelle.access.ReferenceRules.InvolvementFact;
import fr.passerelle.access.ReferenceRules.MatrixEffect;
import fr.passerelle.access.ReferenceRules.PolicyMatrix;
import fr.passerelle.access.ReferenceRules.ProvisionFact;
import fr.passerelle.access.ReferenceRules.ReferenceViewer;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.PropertyHub;

/**
 * Property: whatever the involvements, consents and policy, every guarded field of
 * {@code person(id)} (and every category of {@code accessExplanation}) is exactly what an
 * independent reference of the rules ({@link ReferenceRules}) says, for real Keycloak
 * users through the real GraphQL API on a real PostgreSQL.
 *
 * <p>
 * Each try generates a fresh person, involvements of random organizations (active, in the
 * grace period, ended long ago, not started), 0 to 3 consents (active, expired, not yet
 * started, revoked) with nested permit/deny provisions, a few changes of the policy
 * matrix for the viewer's cells (made by the privacy officer through {@code updatePolicy}
 * and undone through it in a {@code finally}), a viewer among the demo users and a
 * declared purpose (or none).
 *
 * <p>
 * The hub is {@link PropertyHub}'s, shared by the run's properties.
 */
class AccessPropertyTest {

	// ---------------------------------------------------------------------------------
	// The universe: organizations, the demo users who view, the stored person
	// ---------------------------------------------------------------------------------

	/** An organization a generated fact may name. */
	record KnownOrganization(String label, UUID id, OrganizationType type, @Nullable DataCategory sensitiveCategory) {

		@Override
		public String toString() {
			return this.label;
		}

	}

	private static final List<KnownOrganization> DEMO_ORGANIZATIONS = DemoOrganizations.ALL.stream()
		.map((o) -> new KnownOrganization(
				"demo:" + o.type() + ((o.sensitiveCategory() != null) ? "/" + o.sensitiveCategory() : "") + "#"
						+ o.id().toString().substring(o.id().toString().length() - 1),
				o.id(), o.type(), o.sensitiveCategory()))
		.toList();

	/** Organizations no demo user belongs to: recipients and care-team members only. */
	private static final List<KnownOrganization> EXTRA_ORGANIZATIONS = List.of(
			extra(1, "Accueil de jour Les Tilleuls", OrganizationType.ASSOCIATION, null),
			extra(2, "Foyer Refuge des Alpes", OrganizationType.ASSOCIATION, DataCategory.VIOLENCE),
			extra(3, "Service pénitentiaire d'insertion", OrganizationType.STATE, DataCategory.JUSTICE),
			extra(4, "Alpes Logement", OrganizationType.LANDLORD, null));

	private static final List<KnownOrganization> ALL_ORGANIZATIONS = Stream
		.concat(DEMO_ORGANIZATIONS.stream(), EXTRA_ORGANIZATIONS.stream())
		.toList();

	/** A demo user of the realm: their organization and platform roles. */
	record DemoViewer(String username, KnownOrganization organization, Set<Role> roles) {

		ReferenceViewer reference() {
			return new ReferenceViewer(this.organization.id(), this.organization.type(), this.roles);
		}

		@Override
		public String toString() {
			return this.username;
		}

	}

	private static final List<DemoViewer> VIEWERS = List.of(
			viewer("referent.asso", DemoOrganizations.ASSOCIATION, Role.CASE_WORKER),
			viewer("referent.autre-asso", DemoOrganizations.OTHER_ASSOCIATION, Role.CASE_WORKER),
			viewer("maraude.autre-asso", DemoOrganizations.OTHER_ASSOCIATION, Role.CASE_WORKER, Role.EMERGENCY_ACCESS),
			viewer("referent.sensible", DemoOrganizations.ADDICTION_SERVICE, Role.CASE_WORKER),
			viewer("coord.siao", DemoOrganizations.SIAO, Role.COORDINATOR),
			viewer("agent.caf", DemoOrganizations.CAF, Role.AGENT),
			viewer("gestion.bailleur", DemoOrganizations.LANDLORD, Role.AGENT),
			viewer("as.departement", DemoOrganizations.DEPARTMENT, Role.CASE_WORKER),
			viewer("agent.etat", DemoOrganizations.STATE, Role.AGENT),
			viewer("pilote.metropole", DemoOrganizations.METROPOLE, Role.COORDINATOR),
			viewer("analyste.metropole", DemoOrganizations.METROPOLE, Role.ANALYST));

	private static final String PRIVACY_OFFICER = "dpo";

	/**
	 * What every generated person holds, so a visible field can be checked for its value.
	 */
	private static final Map<String, String> PERSON_VALUES = Map.of("firstName", "Camille", "lastName", "Essai",
			"birthDate", "1985-03-14", "phone", "06 12 34 56 78", "email", "camille.essai@example.invalid");

	/** The guarded scalar fields of Person and their categories (schema @category). */
	private static final Map<String, DataCategory> PERSON_FIELDS = Map.of("firstName", DataCategory.IDENTITY,
			"lastName", DataCategory.IDENTITY, "birthDate", DataCategory.IDENTITY, "phone", DataCategory.CONTACT,
			"email", DataCategory.CONTACT);

	private static final PolicyMatrix V3_MATRIX = PolicyMatrix.v3Defaults();

	private static final String PERSON_FILE = """
			query PropertyPersonFile($id: ID!) {
			  person(id: $id) {
			    id reach firstName lastName birthDate phone email
			    careTeam { id kind organization { id } }
			  }
			}""";

	private static final String EXPLANATION = """
			query PropertyExplanation($id: ID!) {
			  accessExplanation(personId: $id) { category permitted reason cap consentId provisionId }
			}""";

	private static final String UPDATE_POLICY = """
			mutation PropertyPolicyChange($changes: [PolicyChangeInput!]!, $reason: String!) {
			  updatePolicy(changes: $changes, reason: $reason) {
			    version
			    changes { organizationType role category purpose previousEffect effect }
			  }
			}""";

	private static final String POLICY_RULES = """
			query PropertyPolicyRules {
			  policyRules { organizationType role category purpose effect }
			}""";

	// ---------------------------------------------------------------------------------
	// The hub, shared by the run's properties
	// ---------------------------------------------------------------------------------

	@BeforeContainer
	static void startHub() {
		PropertyHub.start();
		Fixtures.owner((dsl) -> {
			for (KnownOrganization extra : EXTRA_ORGANIZATIONS) {
				dsl.insertInto(ORGANIZATION)
					.set(ORGANIZATION.ID, extra.id())
					.set(ORGANIZATION.NAME, extra.label())
					.set(ORGANIZATION.TYPE, extra.type())
					.set(ORGANIZATION.TERRITORY, DemoOrganizations.TERRITORY)
					.set(ORGANIZATION.SENSITIVE, extra.sensitiveCategory() != null)
					.set(ORGANIZATION.SENSITIVE_CATEGORY, extra.sensitiveCategory())
					.onConflictDoNothing()
					.execute();
			}
			for (KnownOrganization known : ALL_ORGANIZATIONS) {
				var stored = dsl.selectFrom(ORGANIZATION).where(ORGANIZATION.ID.eq(known.id())).fetchOne();
				assertThat(stored).as("organization %s in the database", known).isNotNull();
				assertThat(stored.getType()).as("type of %s", known).isEqualTo(known.type());
				assertThat(stored.getSensitiveCategory()).as("sensitive category of %s", known)
					.isEqualTo(known.sensitiveCategory());
			}
			return null;
		});
		assertThat(storedMatrix()).as("the policy matrix in the database is V3's, as the reference transcribes it")
			.isEqualTo(V3_MATRIX.cells());
	}

	// ---------------------------------------------------------------------------------
	// The property
	// ---------------------------------------------------------------------------------

	/**
	 * One generated scenario per try, checked through the API against the reference.
	 * jqwik's edge cases are off: mixed into the generators nested by {@code flatMap}
	 * they skew every weight below (half the tries would get no consent at all); the
	 * boundary days are weighted in explicitly instead ({@link #days},
	 * {@link #involvement}). The seed is printed and {@code target/jqwik-database}
	 * replays a failure first.
	 */
	@Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
	void everyGuardedFieldIsWhatTheReferenceDecides(@ForAll("scenarios") Scenario scenario) {
		LocalDate today = LocalDate.now();
		StoredPerson person = store(scenario, today);
		Map<Cell, MatrixEffect> toRestore = new LinkedHashMap<>();
		List<String> mismatches = new ArrayList<>();
		try {
			if (scenario.refusedMissionOnSensitive() != null) {
				attemptMissionOnSensitive(scenario, scenario.refusedMissionOnSensitive(), mismatches);
			}
			PolicyMatrix matrix = changePolicy(scenario.policyChanges(), toRestore, mismatches);
			Outcome outcome = checkPersonFile(scenario, person, matrix, today, mismatches);
			checkExplanation(scenario, person, matrix, today, mismatches);
			checkSqlDecision(scenario, person, matrix, today, mismatches);
			Statistics.label("outcome").collect(outcome);
			Statistics.label("viewer").collect(scenario.viewer().username());
		}
		finally {
			restorePolicy(toRestore, mismatches);
		}
		assertThat(mismatches)
			.as("differences from the reference for %s (person %s, today %s)", scenario, person.id(), today)
			.isEmpty();
	}

	enum Outcome {

		PURPOSE_NOT_ALLOWED, NOT_REACHED, REACHED_NOTHING_VISIBLE, REACHED_SOME_VISIBLE

	}

	// ---------------------------------------------------------------------------------
	// Generated scenarios
	// ---------------------------------------------------------------------------------

	/**
	 * Days are relative to the day of the try (0 = today, -1 = yesterday); null is an
	 * open bound.
	 */
	record DayPeriod(@Nullable Integer start, @Nullable Integer end) {

		@Nullable LocalDate startDate(LocalDate today) {
			return (this.start != null) ? today.plusDays(this.start) : null;
		}

		@Nullable LocalDate endDate(LocalDate today) {
			return (this.end != null) ? today.plusDays(this.end) : null;
		}

		@Override
		public String toString() {
			return "[" + ((this.start != null) ? this.start : "…") + ".." + ((this.end != null) ? this.end : "…") + "]";
		}

	}

	record GeneratedInvolvement(KnownOrganization organization, InvolvementKind kind, DayPeriod period) {
	}

	sealed interface Recipient permits NamedOrganization, OfType, Everyone {

	}

	record NamedOrganization(KnownOrganization organization) implements Recipient {
	}

	record OfType(OrganizationType type) implements Recipient {
	}

	record Everyone() implements Recipient {
	}

	/**
	 * @param parent index of an earlier provision of the same consent, or null
	 */
	record GeneratedProvision(boolean permit, Set<DataCategory> categories, Set<Purpose> purposes, Recipient recipient,
			DayPeriod period, @Nullable Integer parent) {
	}

	record GeneratedConsent(boolean revoked, DayPeriod period, List<GeneratedProvision> provisions) {
	}

	record PolicyChange(Cell cell, MatrixEffect effect) {
	}

	/**
	 * @param declaredPurpose the {@code Passerelle-Purpose} header; empty: none sent
	 * @param refusedMissionOnSensitive a sensitive category to try setting to MISSION
	 * (the API must refuse it and change nothing), or null
	 */
	record Scenario(DemoViewer viewer, Optional<Purpose> declaredPurpose, List<PolicyChange> policyChanges,
			@Nullable DataCategory refusedMissionOnSensitive, List<GeneratedInvolvement> involvements,
			List<GeneratedConsent> consents) {

		Purpose effectivePurpose() {
			return this.declaredPurpose.orElseGet(() -> V3_MATRIX.defaultPurpose(this.viewer.reference())
				.orElseThrow(() -> new IllegalStateException(this.viewer + " has no default purpose")));
		}

	}

	@Provide
	Arbitrary<Scenario> scenarios() {
		return uniform(VIEWERS).withoutEdgeCases().flatMap((viewer) -> declaredPurposes(viewer).flatMap((declared) -> {
			Purpose purpose = declared.orElseGet(() -> V3_MATRIX.defaultPurpose(viewer.reference()).orElseThrow());
			Arbitrary<@Nullable DataCategory> refused = Arbitraries
				.of(DataCategory.HEALTH, DataCategory.JUSTICE, DataCategory.VIOLENCE)
				.injectNull(0.8);
			return Combinators
				.combine(policyChanges(viewer, purpose), refused, involvements(viewer), consents(viewer, purpose))
				.as((changes, refusal, involvements, consents) -> new Scenario(viewer, declared, changes, refusal,
						involvements, consents));
		}));
	}

	/** Mostly no header or a purpose the role uses; sometimes any purpose at all. */
	private Arbitrary<Optional<Purpose>> declaredPurposes(DemoViewer viewer) {
		List<Purpose> usual = Stream.of(Purpose.values())
			.filter((purpose) -> V3_MATRIX.allowsPurpose(viewer.reference(), purpose))
			.toList();
		Arbitrary<Optional<Purpose>> none = Arbitraries.just(Optional.empty());
		Arbitrary<Optional<Purpose>> usually = uniform(usual).map(Optional::of);
		Arbitrary<Optional<Purpose>> any = uniform(Purpose.values()).map(Optional::of);
		return Arbitraries.frequencyOf(Tuple.of(3, none), Tuple.of(4, usually), Tuple.of(2, any));
	}

	/**
	 * A category, weighted towards those where consent decides for this viewer and
	 * purpose (cap CONSENT_REQUIRED in V3), then those the person query shows or filters
	 * its care team by.
	 */
	private Arbitrary<DataCategory> categories(DemoViewer viewer, Purpose purpose) {
		List<Tuple.Tuple2<Integer, DataCategory>> weighted = new ArrayList<>();
		for (DataCategory category : DataCategory.values()) {
			int weight = switch (category) {
				case IDENTITY, CONTACT, SUPPORT_MEASURES -> 3;
				case HOUSING_APPLICATION, TENANCY, RESOURCES, HEALTH, JUSTICE, VIOLENCE -> 2;
				default -> 1;
			};
			if (V3_MATRIX.cap(viewer.reference(), category, purpose) == MatrixEffect.CONSENT_REQUIRED) {
				weight += 4;
			}
			weighted.add(Tuple.of(weight, category));
		}
		return Arbitraries.frequency(weighted);
	}

	/** A purpose, this one {@code weight} times likelier than each other. */
	private Arbitrary<Purpose> purposesAround(Purpose purpose, int weight) {
		List<Tuple.Tuple2<Integer, Purpose>> weighted = new ArrayList<>();
		for (Purpose candidate : Purpose.values()) {
			weighted.add(Tuple.of((candidate == purpose) ? weight : 1, candidate));
		}
		return Arbitraries.frequency(weighted);
	}

	/**
	 * 0 to 3 distinct cells of the viewer's type and roles, mostly for the request's
	 * purpose; never MISSION on a sensitive category (the API refuses it).
	 */
	private Arbitrary<List<PolicyChange>> policyChanges(DemoViewer viewer, Purpose purpose) {
		Arbitrary<PolicyChange> change = Combinators
			.combine(uniform(List.copyOf(viewer.roles())), categories(viewer, purpose), purposesAround(purpose, 4),
					uniform(MatrixEffect.values()))
			.as((role, category, cellPurpose, effect) -> new PolicyChange(
					new Cell(viewer.organization().type(), role, category, cellPurpose),
					(effect == MatrixEffect.MISSION && ReferenceRules.SENSITIVE.contains(category))
							? MatrixEffect.CONSENT_REQUIRED : effect));
		return Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(2, 1), Tuple.of(2, 2), Tuple.of(1, 3))
			.flatMap((size) -> change.list().ofSize(size).uniqueElements(PolicyChange::cell));
	}

	/** 0 to 2 involvements of the viewer's organization, 0 to 3 of any organization. */
	private Arbitrary<List<GeneratedInvolvement>> involvements(DemoViewer viewer) {
		Arbitrary<List<GeneratedInvolvement>> own = Arbitraries
			.frequency(Tuple.of(1, 0), Tuple.of(6, 1), Tuple.of(3, 2))
			.flatMap((size) -> involvement(Arbitraries.just(viewer.organization())).list().ofSize(size));
		Arbitrary<List<GeneratedInvolvement>> others = involvement(uniform(ALL_ORGANIZATIONS)).list()
			.ofMaxSize(3)
			.withSizeDistribution(RandomDistribution.uniform());
		return Combinators.combine(own, others).as((a, b) -> Stream.concat(a.stream(), b.stream()).toList());
	}

	/**
	 * An involvement: active, in the grace period, ended long ago or not started, with
	 * the boundary days (starts today or tomorrow, ends today, last day of grace, first
	 * day after it) drawn on their own, not left to chance.
	 */
	private Arbitrary<GeneratedInvolvement> involvement(Arbitrary<KnownOrganization> organizations) {
		int lastGraceDay = -ReferenceRules.GRACE_DAYS;
		Arbitrary<DayPeriod> active = Combinators.combine(days(-400, 0), days(0, 200).injectNull(0.6))
			.as(DayPeriod::new);
		Arbitrary<DayPeriod> startsToday = days(0, 200).injectNull(0.6).map((end) -> new DayPeriod(0, end));
		Arbitrary<DayPeriod> endsToday = endedBetween(Arbitraries.just(0));
		Arbitrary<DayPeriod> inGrace = endedBetween(days(lastGraceDay, -1));
		Arbitrary<DayPeriod> lastDayOfGrace = endedBetween(Arbitraries.just(lastGraceDay));
		Arbitrary<DayPeriod> firstDayAfterGrace = endedBetween(Arbitraries.just(lastGraceDay - 1));
		Arbitrary<DayPeriod> endedLongAgo = endedBetween(days(-400, lastGraceDay - 1));
		Arbitrary<DayPeriod> notStarted = Combinators.combine(days(1, 60), days(0, 100).injectNull(0.5))
			.as((start, length) -> new DayPeriod(start, (length != null) ? start + length : null));
		Arbitrary<DayPeriod> startsTomorrow = days(0, 100).injectNull(0.5)
			.map((length) -> new DayPeriod(1, (length != null) ? 1 + length : null));
		Arbitrary<DayPeriod> periods = Arbitraries.frequencyOf(Tuple.of(6, active), Tuple.of(1, startsToday),
				Tuple.of(1, endsToday), Tuple.of(3, inGrace), Tuple.of(1, lastDayOfGrace),
				Tuple.of(1, firstDayAfterGrace), Tuple.of(2, endedLongAgo), Tuple.of(1, notStarted),
				Tuple.of(1, startsTomorrow));
		return Combinators.combine(organizations, uniform(InvolvementKind.values()), periods)
			.as(GeneratedInvolvement::new);
	}

	/** A period that ended on one of these days, after lasting 0 to 300 days. */
	private static Arbitrary<DayPeriod> endedBetween(Arbitrary<Integer> ends) {
		return Combinators.combine(ends, days(0, 300)).as((end, length) -> new DayPeriod(end - length, end));
	}

	private Arbitrary<List<GeneratedConsent>> consents(DemoViewer viewer, Purpose purpose) {
		Arbitrary<DayPeriod> active = Combinators.combine(days(-400, 0), days(0, 400).injectNull(0.5))
			.as(DayPeriod::new);
		Arbitrary<DayPeriod> expired = endedBetween(days(-400, -1));
		Arbitrary<DayPeriod> notStarted = Combinators.combine(days(1, 100), days(0, 300).injectNull(0.5))
			.as((start, length) -> new DayPeriod(start, (length != null) ? start + length : null));
		Arbitrary<DayPeriod> periods = Arbitraries.frequencyOf(Tuple.of(6, active), Tuple.of(1, expired),
				Tuple.of(1, notStarted));
		Arbitrary<GeneratedConsent> consent = Combinators
			.combine(Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)), periods,
					provision(viewer, purpose).list()
						.ofMinSize(1)
						.ofMaxSize(4)
						.withSizeDistribution(RandomDistribution.uniform()))
			.as((revoked, period, provisions) -> new GeneratedConsent(revoked, period, withValidParents(provisions)));
		return Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(4, 1), Tuple.of(3, 2), Tuple.of(2, 3))
			.flatMap((size) -> consent.list().ofSize(size));
	}

	/**
	 * A parent must come earlier in the consent: other choices mean no parent. A nested
	 * provision refines its parent: it covers the parent's categories and purposes (and
	 * its own), so parent and child often compete for the same category.
	 */
	private static List<GeneratedProvision> withValidParents(List<GeneratedProvision> provisions) {
		List<GeneratedProvision> valid = new ArrayList<>();
		for (int i = 0; i < provisions.size(); i++) {
			GeneratedProvision p = provisions.get(i);
			if (p.parent() == null || p.parent() >= i) {
				valid.add(new GeneratedProvision(p.permit(), p.categories(), p.purposes(), p.recipient(), p.period(),
						null));
				continue;
			}
			GeneratedProvision parent = valid.get(p.parent());
			Set<DataCategory> categories = EnumSet.copyOf(p.categories());
			categories.addAll(parent.categories());
			Set<Purpose> purposes = EnumSet.copyOf(p.purposes());
			purposes.addAll(parent.purposes());
			valid.add(new GeneratedProvision(p.permit(), categories, purposes, p.recipient(), p.period(), p.parent()));
		}
		return valid;
	}

	private Arbitrary<GeneratedProvision> provision(DemoViewer viewer, Purpose purpose) {
		Arbitrary<Recipient> viewersOrganization = Arbitraries.just(new NamedOrganization(viewer.organization()));
		Arbitrary<Recipient> viewersType = Arbitraries.just(new OfType(viewer.organization().type()));
		Arbitrary<Recipient> anyOrganization = uniform(ALL_ORGANIZATIONS).map(NamedOrganization::new);
		Arbitrary<Recipient> anyType = uniform(OrganizationType.values()).map(OfType::new);
		Arbitrary<Recipient> everyone = Arbitraries.just(new Everyone());
		Arbitrary<Recipient> recipients = Arbitraries.frequencyOf(Tuple.of(6, viewersOrganization),
				Tuple.of(4, viewersType), Tuple.of(2, anyOrganization), Tuple.of(1, anyType), Tuple.of(2, everyone));
		Arbitrary<DayPeriod> none = Arbitraries.just(new DayPeriod(null, null));
		Arbitrary<DayPeriod> current = Combinators.combine(days(-300, 0).injectNull(0.4), days(0, 300).injectNull(0.4))
			.as(DayPeriod::new);
		Arbitrary<DayPeriod> past = Combinators.combine(days(-300, -1), days(0, 300).injectNull(0.4))
			.as((end, length) -> new DayPeriod((length != null) ? end - length : null, end));
		Arbitrary<DayPeriod> future = Combinators.combine(days(1, 100), days(0, 300).injectNull(0.4))
			.as((start, length) -> new DayPeriod(start, (length != null) ? start + length : null));
		Arbitrary<DayPeriod> periods = Arbitraries.frequencyOf(Tuple.of(5, none), Tuple.of(2, current),
				Tuple.of(1, past), Tuple.of(1, future));
		return Combinators
			.combine(Arbitraries.frequency(Tuple.of(3, true), Tuple.of(2, false)),
					categories(viewer, purpose).set()
						.ofMinSize(1)
						.ofMaxSize(4)
						.withSizeDistribution(RandomDistribution.uniform()),
					purposesAround(purpose, 12).set()
						.ofMinSize(1)
						.ofMaxSize(3)
						.withSizeDistribution(RandomDistribution.uniform()),
					recipients, periods, Arbitraries.integers().between(0, 2).injectNull(0.4))
			.as((permit, categories, purposes, recipient, period, parent) -> new GeneratedProvision(
					permit && !(recipient instanceof Everyone), EnumSet.copyOf(categories), EnumSet.copyOf(purposes),
					recipient, period, parent));
	}

	/**
	 * A day (or a number of days) in this range, either end of it one time in five: the
	 * boundaries of periods (today, yesterday, tomorrow, the last day of the grace
	 * period, the first day after it) are where the rules are likeliest to be off by one.
	 */
	private static Arbitrary<Integer> days(int from, int to) {
		return Arbitraries.frequencyOf(Tuple.of(1, uniform(from, to)),
				Tuple.of(4, Arbitraries.integers().between(from, to)));
	}

	/**
	 * One of these values, each as likely: {@code Arbitraries.of} draws its index with
	 * jqwik's default distribution, biased towards the first values.
	 */
	private static <T> Arbitrary<T> uniform(List<T> values) {
		return Arbitraries.integers()
			.between(0, values.size() - 1)
			.withDistribution(RandomDistribution.uniform())
			.map(values::get);
	}

	@SafeVarargs
	private static <T> Arbitrary<T> uniform(T... values) {
		return uniform(List.of(values));
	}

	// ---------------------------------------------------------------------------------
	// Storing a scenario's person (as the schema owner, below the API)
	// ---------------------------------------------------------------------------------

	/** The stored person and the facts the reference reads. */
	record StoredPerson(UUID id, List<InvolvementFact> involvements, List<ConsentFact> consents) {
	}

	private static StoredPerson store(Scenario scenario, LocalDate today) {
		UUID person = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.insertInto(PERSON)
			.set(PERSON.ID, person)
			.set(PERSON.TERRITORY, DemoOrganizations.TERRITORY)
			.set(PERSON.FIRST_NAME, PERSON_VALUES.get("firstName"))
			.set(PERSON.LAST_NAME, PERSON_VALUES.get("lastName"))
			.set(PERSON.BIRTH_DATE, LocalDate.parse(PERSON_VALUES.get("birthDate")))
			.set(PERSON.PHONE, PERSON_VALUES.get("phone"))
			.set(PERSON.EMAIL, PERSON_VALUES.get("email"))
			.execute());
		List<InvolvementFact> involvements = new ArrayList<>();
		for (GeneratedInvolvement involvement : scenario.involvements()) {
			KnownOrganization organization = involvement.organization();
			LocalDate start = Objects.requireNonNull(involvement.period().startDate(today));
			LocalDate end = involvement.period().endDate(today);
			UUID id = Fixtures.involve(organization.id(), person, involvement.kind(), start, end);
			involvements.add(new InvolvementFact(id, organization.id(), organization.sensitiveCategory(),
					involvement.kind(), start, end));
		}
		List<ConsentFact> consents = new ArrayList<>();
		for (GeneratedConsent consent : scenario.consents()) {
			LocalDate start = Objects.requireNonNull(consent.period().startDate(today));
			LocalDate end = consent.period().endDate(today);
			UUID consentId = Fixtures.consent(person, start, end, GrantorKind.SELF);
			List<ProvisionFact> provisions = new ArrayList<>();
			for (GeneratedProvision provision : consent.provisions()) {
				UUID parent = (provision.parent() != null) ? provisions.get(provision.parent()).id() : null;
				UUID organization = (provision.recipient() instanceof NamedOrganization named)
						? named.organization().id() : null;
				OrganizationType type = (provision.recipient() instanceof OfType ofType) ? ofType.type() : null;
				LocalDate provisionStart = provision.period().startDate(today);
				LocalDate provisionEnd = provision.period().endDate(today);
				UUID id = Fixtures.provision(consentId, parent,
						provision.permit() ? ProvisionType.PERMIT : ProvisionType.DENY,
						List.copyOf(provision.categories()), organization, type, List.copyOf(provision.purposes()),
						provisionStart, provisionEnd);
				provisions.add(new ProvisionFact(id, parent, provision.permit(), provision.categories(),
						provision.purposes(), organization, type, provisionStart, provisionEnd));
			}
			if (consent.revoked()) {
				Fixtures.revoke(consentId);
			}
			consents.add(new ConsentFact(consentId, consent.revoked(), start, end, provisions));
		}
		return new StoredPerson(person, involvements, consents);
	}

	// ---------------------------------------------------------------------------------
	// The policy matrix, changed and restored through the API
	// ---------------------------------------------------------------------------------

	/**
	 * Applies the changes as the privacy officer; the matrix of the try starts as V3's
	 * (every try restores what it changed).
	 */
	private static PolicyMatrix changePolicy(List<PolicyChange> changes, Map<Cell, MatrixEffect> toRestore,
			List<String> mismatches) {
		if (changes.isEmpty()) {
			return V3_MATRIX;
		}
		Map<Cell, MatrixEffect> wanted = new LinkedHashMap<>();
		changes.forEach((change) -> wanted.put(change.cell(), change.effect()));
		wanted.keySet().forEach((cell) -> toRestore.put(cell, V3_MATRIX.effect(cell)));
		Map<String, Object> response = updatePolicy(wanted, "property test: random policy for one try");
		if (!errors(response).isEmpty()) {
			mismatches.add("updatePolicy failed: " + errors(response));
			return V3_MATRIX;
		}
		Set<String> expected = new TreeSet<>();
		wanted.forEach((cell, effect) -> {
			if (V3_MATRIX.effect(cell) != effect) {
				expected.add(describe(cell) + " " + V3_MATRIX.effect(cell) + "->" + effect);
			}
		});
		Set<String> reported = new TreeSet<>();
		for (Map<String, Object> change : listAt(response, "data", "updatePolicy", "changes")) {
			reported.add(change.get("organizationType") + "/" + change.get("role") + "/" + change.get("category") + "/"
					+ change.get("purpose") + " " + change.get("previousEffect") + "->" + change.get("effect"));
		}
		if (!reported.equals(expected)) {
			mismatches.add("updatePolicy reported changes " + reported + ", expected " + expected);
		}
		return V3_MATRIX.with(wanted);
	}

	/**
	 * Setting a sensitive category to MISSION is refused, as a whole, with INVALID_INPUT.
	 */
	private static void attemptMissionOnSensitive(Scenario scenario, DataCategory category, List<String> mismatches) {
		Cell cell = new Cell(scenario.viewer().organization().type(), scenario.viewer().roles().iterator().next(),
				category, scenario.effectivePurpose());
		Map<String, Object> response = updatePolicy(Map.of(cell, MatrixEffect.MISSION),
				"property test: this must be refused");
		if (!errorCodes(response).equals(List.of("INVALID_INPUT"))) {
			mismatches.add("MISSION on " + describe(cell) + " gave errors " + errors(response));
		}
	}

	private static void restorePolicy(Map<Cell, MatrixEffect> toRestore, List<String> mismatches) {
		if (toRestore.isEmpty()) {
			return;
		}
		Map<String, Object> response = updatePolicy(toRestore, "property test: restore the matrix after a try");
		assertThat(errors(response)).as("restoring the policy matrix").isEmpty();
		Map<Cell, MatrixEffect> stored = storedMatrix();
		if (!stored.equals(V3_MATRIX.cells())) {
			mismatches.add("the matrix is not V3's after restoring " + toRestore.keySet());
		}
	}

	private static Map<String, Object> updatePolicy(Map<Cell, MatrixEffect> cells, String reason) {
		List<Map<String, Object>> changes = new ArrayList<>();
		cells.forEach((cell, effect) -> changes
			.add(Map.of("organizationType", cell.type().name(), "role", cell.role().name(), "category",
					cell.category().name(), "purpose", cell.purpose().name(), "effect", effect.name())));
		return as(PRIVACY_OFFICER, Optional.empty()).document(UPDATE_POLICY)
			.variable("changes", changes)
			.variable("reason", reason)
			.execute()
			.returnResponse()
			.toMap();
	}

	/** The matrix as the policyRules query returns it (data, not logic). */
	private static Map<Cell, MatrixEffect> storedMatrix() {
		Map<String, Object> response = as(PRIVACY_OFFICER, Optional.empty()).document(POLICY_RULES)
			.execute()
			.returnResponse()
			.toMap();
		assertThat(errors(response)).as("policyRules").isEmpty();
		Map<Cell, MatrixEffect> cells = new HashMap<>();
		for (Map<String, Object> rule : listAt(response, "data", "policyRules")) {
			cells.put(new Cell(OrganizationType.valueOf((String) rule.get("organizationType")),
					Role.valueOf((String) rule.get("role")), DataCategory.valueOf((String) rule.get("category")),
					Purpose.valueOf((String) rule.get("purpose"))), MatrixEffect.valueOf((String) rule.get("effect")));
		}
		return cells;
	}

	// ---------------------------------------------------------------------------------
	// The checks
	// ---------------------------------------------------------------------------------

	private static Outcome checkPersonFile(Scenario scenario, StoredPerson person, PolicyMatrix matrix, LocalDate today,
			List<String> mismatches) {
		ReferenceViewer viewer = scenario.viewer().reference();
		Purpose purpose = scenario.effectivePurpose();
		Map<String, Object> response = as(scenario.viewer().username(), scenario.declaredPurpose())
			.document(PERSON_FILE)
			.variable("id", person.id().toString())
			.execute()
			.returnResponse()
			.toMap();
		Object returned = mapAt(response, "data").get("person");
		List<Map<String, Object>> redactions = listAt(response, "extensions", "redactions");

		if (!matrix.allowsPurpose(viewer, purpose)) {
			expect(mismatches, "errors for a purpose the role may not use", errorCodes(response),
					List.of("PURPOSE_NOT_ALLOWED"));
			expect(mismatches, "person for a purpose the role may not use", returned, null);
			expect(mismatches, "redactions for a purpose the role may not use", redactions, List.of());
			return Outcome.PURPOSE_NOT_ALLOWED;
		}
		expect(mismatches, "errors", errors(response), List.of());
		Optional<ExpectedReach> reach = ReferenceRules.reach(viewer, person.involvements(), today);
		if (reach.isEmpty()) {
			expect(mismatches, "person without reach", returned, null);
			expect(mismatches, "redactions without reach", redactions, List.of());
			return Outcome.NOT_REACHED;
		}
		if (!(returned instanceof Map<?, ?>)) {
			mismatches.add("person is " + returned + " though reached by " + reach.get());
			return Outcome.REACHED_NOTHING_VISIBLE;
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> file = (Map<String, Object>) returned;
		Map<DataCategory, ExpectedDecision> decisions = decisions(viewer, purpose, matrix, person, today);
		expect(mismatches, "id", file.get("id"), person.id().toString());
		expect(mismatches, "reach", file.get("reach"), reach.get().name());

		Set<String> expectedRedactions = new TreeSet<>();
		boolean anyVisible = false;
		for (Map.Entry<String, DataCategory> field : PERSON_FIELDS.entrySet()) {
			ExpectedDecision decision = decisions.get(field.getValue());
			if (decision.permitted()) {
				anyVisible = true;
				expect(mismatches, field.getKey() + " (" + decision.reason() + ")", file.get(field.getKey()),
						PERSON_VALUES.get(field.getKey()));
			}
			else {
				expect(mismatches, field.getKey() + " (" + decision.reason() + ")", file.get(field.getKey()), null);
				expectedRedactions.add(redaction(List.of("person", field.getKey()), field.getValue(), decision));
			}
		}
		ExpectedDecision careTeamDecision = decisions.get(DataCategory.SUPPORT_MEASURES);
		Object careTeam = file.get("careTeam");
		if (careTeamDecision.permitted()) {
			anyVisible = true;
			checkCareTeam(viewer, person, decisions, careTeam, mismatches);
		}
		else {
			expect(mismatches, "careTeam (" + careTeamDecision.reason() + ")", careTeam, null);
			expectedRedactions
				.add(redaction(List.of("person", "careTeam"), DataCategory.SUPPORT_MEASURES, careTeamDecision));
		}
		PERSON_FIELDS.values()
			.stream()
			.distinct()
			.forEach((category) -> Statistics.label(category.name()).collect(decisions.get(category).reason()));
		Statistics.label(DataCategory.SUPPORT_MEASURES.name()).collect(careTeamDecision.reason());
		Set<String> actualRedactions = new TreeSet<>();
		for (Map<String, Object> redaction : redactions) {
			actualRedactions.add(String.join(".", asStrings(redaction.get("path"))) + " " + redaction.get("category")
					+ " " + redaction.get("reason"));
		}
		if (redactions.size() != actualRedactions.size()) {
			mismatches.add("duplicate redactions " + redactions);
		}
		expect(mismatches, "redactions", actualRedactions, expectedRedactions);
		return anyVisible ? Outcome.REACHED_SOME_VISIBLE : Outcome.REACHED_NOTHING_VISIBLE;
	}

	private static void checkCareTeam(ReferenceViewer viewer, StoredPerson person,
			Map<DataCategory, ExpectedDecision> decisions, @Nullable Object careTeam, List<String> mismatches) {
		if (!(careTeam instanceof List<?> entries)) {
			mismatches.add("careTeam is " + careTeam + " though SUPPORT_MEASURES is permitted");
			return;
		}
		Map<UUID, InvolvementFact> byId = new HashMap<>();
		person.involvements().forEach((involvement) -> byId.put(involvement.id(), involvement));
		Set<UUID> returned = new HashSet<>();
		for (Object entry : entries) {
			Map<?, ?> involvement = (Map<?, ?>) entry;
			UUID id = UUID.fromString((String) involvement.get("id"));
			returned.add(id);
			InvolvementFact fact = byId.get(id);
			if (fact == null) {
				mismatches.add("careTeam lists an involvement not of this person: " + id);
				continue;
			}
			expect(mismatches, "careTeam kind of " + id, involvement.get("kind"), fact.kind().name());
			expect(mismatches, "careTeam organization of " + id,
					((Map<?, ?>) involvement.get("organization")).get("id"), fact.organizationId().toString());
		}
		Set<UUID> expected = ReferenceRules.visibleCareTeam(viewer, person.involvements(), decisions);
		if (!returned.equals(expected)) {
			List<String> details = new ArrayList<>();
			for (InvolvementFact fact : person.involvements()) {
				DataCategory category = ReferenceRules.careTeamCategory(fact);
				details.add(fact.id() + " " + fact.kind() + " of " + fact.organizationId() + " (" + category + " "
						+ decisions.get(category).reason() + ", expected "
						+ (expected.contains(fact.id()) ? "shown" : "hidden") + ", "
						+ (returned.contains(fact.id()) ? "shown" : "hidden") + ")");
			}
			mismatches.add("careTeam entries differ: " + details);
		}
	}

	/**
	 * Every category of accessExplanation: permitted, reason, cap, the deciding
	 * provision.
	 */
	private static void checkExplanation(Scenario scenario, StoredPerson person, PolicyMatrix matrix, LocalDate today,
			List<String> mismatches) {
		ReferenceViewer viewer = scenario.viewer().reference();
		Purpose purpose = scenario.effectivePurpose();
		Map<String, Object> response = as(scenario.viewer().username(), scenario.declaredPurpose())
			.document(EXPLANATION)
			.variable("id", person.id().toString())
			.execute()
			.returnResponse()
			.toMap();
		if (!matrix.allowsPurpose(viewer, purpose)) {
			expect(mismatches, "explanation errors for a purpose the role may not use", errorCodes(response),
					List.of("PURPOSE_NOT_ALLOWED"));
			return;
		}
		if (ReferenceRules.reach(viewer, person.involvements(), today).isEmpty()) {
			expect(mismatches, "explanation errors without reach", errorCodes(response), List.of("NOT_FOUND"));
			return;
		}
		expect(mismatches, "explanation errors", errors(response), List.of());
		Map<DataCategory, ExpectedDecision> decisions = decisions(viewer, purpose, matrix, person, today);
		Set<DataCategory> explained = EnumSet.noneOf(DataCategory.class);
		for (Map<String, Object> decision : listAt(response, "data", "accessExplanation")) {
			DataCategory category = DataCategory.valueOf((String) decision.get("category"));
			explained.add(category);
			ExpectedDecision expected = decisions.get(category);
			Statistics.label("explained reasons (all categories)").collect(expected.reason());
			String what = "explanation of " + category;
			expect(mismatches, what + ": reason", decision.get("reason"), expected.reason().name());
			expect(mismatches, what + ": permitted", decision.get("permitted"), expected.permitted());
			expect(mismatches, what + ": cap", decision.get("cap"), expected.cap().name());
			Object provision = decision.get("provisionId");
			if (expected.decisiveProvisions().isEmpty()) {
				expect(mismatches, what + ": provisionId", provision, null);
			}
			else if (provision == null
					|| !expected.decisiveProvisions().contains(UUID.fromString((String) provision))) {
				mismatches
					.add(what + ": provisionId " + provision + ", expected one of " + expected.decisiveProvisions());
			}
		}
		expect(mismatches, "explained categories", explained, EnumSet.allOf(DataCategory.class));
	}

	/**
	 * The consent step as the database decides it for the caseload's filters and orders
	 * ({@code consent_decisions}) agrees with the reference on every category where
	 * consent decides (cap CONSENT_REQUIRED, or any cap but DENY on a sensitive one).
	 */
	private static void checkSqlDecision(Scenario scenario, StoredPerson person, PolicyMatrix matrix, LocalDate today,
			List<String> mismatches) {
		ReferenceViewer viewer = scenario.viewer().reference();
		Purpose purpose = scenario.effectivePurpose();
		Map<DataCategory, ExpectedDecision> expected = decisions(viewer, purpose, matrix, person, today);
		Map<DataCategory, Boolean> decided = new EnumMap<>(DataCategory.class);
		Fixtures.owner((dsl) -> {
			dsl.fetch("""
					SELECT category::text, permitted FROM passerelle.consent_decisions(ARRAY[?::uuid],
					    enum_range(NULL::passerelle.data_category), ?::passerelle.purpose, ?::uuid,
					    ?::passerelle.organization_type, ?::date)""", person.id(), purpose.name(),
					viewer.organizationId(), viewer.organizationType().name(), today)
				.forEach((row) -> decided.put(DataCategory.valueOf(row.get(0, String.class)),
						row.get(1, Boolean.class)));
			return null;
		});
		for (ExpectedDecision decision : expected.values()) {
			boolean consentDecides = decision.cap() == MatrixEffect.CONSENT_REQUIRED
					|| (decision.cap() != MatrixEffect.DENY && ReferenceRules.SENSITIVE.contains(decision.category()));
			if (consentDecides) {
				expect(mismatches, "consent_decisions of " + decision.category(),
						decided.getOrDefault(decision.category(), false), decision.permitted());
			}
		}
	}

	private static Map<DataCategory, ExpectedDecision> decisions(ReferenceViewer viewer, Purpose purpose,
			PolicyMatrix matrix, StoredPerson person, LocalDate today) {
		Map<DataCategory, ExpectedDecision> decisions = new EnumMap<>(DataCategory.class);
		for (DataCategory category : DataCategory.values()) {
			decisions.put(category, ReferenceRules.decide(category, purpose, viewer, matrix, person.consents(), today));
		}
		return decisions;
	}

	// ---------------------------------------------------------------------------------
	// Helpers
	// ---------------------------------------------------------------------------------

	private static HttpGraphQlTester as(String username, Optional<Purpose> purpose) {
		return PropertyHub.as(username, purpose.map(Purpose::name).orElse(null));
	}

	private static String redaction(List<String> path, DataCategory category, ExpectedDecision decision) {
		return String.join(".", path) + " " + category + " " + decision.reason();
	}

	private static String describe(Cell cell) {
		return cell.type() + "/" + cell.role() + "/" + cell.category() + "/" + cell.purpose();
	}

	private static void expect(List<String> mismatches, String what, @Nullable Object actual,
			@Nullable Object expected) {
		if (!Objects.equals(actual, expected)) {
			mismatches.add(what + ": got " + actual + ", expected " + expected);
		}
	}

	private static List<Map<String, Object>> errors(Map<String, Object> response) {
		return listAt(response, "errors");
	}

	private static List<String> errorCodes(Map<String, Object> response) {
		return errors(response).stream().map((error) -> {
			Object extensions = error.get("extensions");
			return (extensions instanceof Map<?, ?> map) ? String.valueOf(map.get("code")) : "no code";
		}).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> mapAt(Map<String, Object> root, String... path) {
		Object node = root;
		for (String key : path) {
			node = (node instanceof Map<?, ?> map) ? map.get(key) : null;
		}
		return (node instanceof Map<?, ?>) ? (Map<String, Object>) node : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> listAt(Map<String, Object> root, String... path) {
		Object node = root;
		for (String key : path) {
			node = (node instanceof Map<?, ?> map) ? map.get(key) : null;
		}
		return (node instanceof List<?>) ? (List<Map<String, Object>>) node : List.of();
	}

	private static List<String> asStrings(@Nullable Object list) {
		return (list instanceof List<?> items) ? items.stream().map(String::valueOf).toList() : List.of();
	}

	private static DemoViewer viewer(String username, Organization organization, Role... roles) {
		KnownOrganization known = DEMO_ORGANIZATIONS.stream()
			.filter((o) -> o.id().equals(organization.id()))
			.findFirst()
			.orElseThrow();
		return new DemoViewer(username, known, EnumSet.copyOf(List.of(roles)));
	}

	private static KnownOrganization extra(int number, String name, OrganizationType type,
			@Nullable DataCategory sensitiveCategory) {
		return new KnownOrganization(name, UUID.fromString("b0000000-0000-4000-8000-%012d".formatted(number)), type,
				sensitiveCategory);
	}

}

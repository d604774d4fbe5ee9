package fr.passerelle.access;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.jooq.enums.InvolvementKind;

/**
 * An independent reference implementation of the access decision, written for the tests
 * from DESIGN.md ("The access decision") and the default matrix of
 * {@code V3__insert_default_policy.sql}. It shares only vocabulary (the enums) with the
 * production code, none of its logic: the production decision is what it checks.
 *
 * <ol>
 * <li>reach: an involvement of the viewer's organization that started on or before today
 * and has not ended, or ended at most {@value #GRACE_DAYS} days ago; none for a viewer
 * whose only role is ANALYST (aggregates only, DESIGN.md "Statistics");</li>
 * <li>cap: the strongest effect over the viewer's roles for (type, role, category,
 * purpose), a missing cell being DENY; DENY refuses (POLICY);</li>
 * <li>MISSION on a non-sensitive category permits (MISSION);</li>
 * <li>otherwise the applicable provisions decide: most specific recipient level first,
 * then the deepest nesting, then a deny before a permit; for a sensitive category a
 * permit counts only if it names the organization itself.</li>
 * </ol>
 */
final class ReferenceRules {

	/** The read-only hand-over period after an involvement ends (the hub's default). */
	static final int GRACE_DAYS = 30;

	/** The categories that always need a consent naming the organization itself. */
	static final Set<DataCategory> SENSITIVE = Collections
		.unmodifiableSet(EnumSet.of(DataCategory.HEALTH, DataCategory.JUSTICE, DataCategory.VIOLENCE));

	private ReferenceRules() {
	}

	// ---------------------------------------------------------------------------------
	// The facts the decision reads
	// ---------------------------------------------------------------------------------

	/** Who asks: an organization (id and type) and the platform roles of the token. */
	record ReferenceViewer(UUID organizationId, OrganizationType organizationType, Set<Role> roles) {
	}

	/** An organization's link with the person. */
	record InvolvementFact(UUID id, UUID organizationId, @Nullable DataCategory organizationSensitiveCategory,
			InvolvementKind kind, LocalDate startedOn, @Nullable LocalDate endedOn) {
	}

	/** A consent of the person; {@code revoked} is status REVOKED. */
	record ConsentFact(UUID id, boolean revoked, LocalDate periodStart, @Nullable LocalDate periodEnd,
			List<ProvisionFact> provisions) {
	}

	/**
	 * A provision: recipient is one organization, or one type, or neither (everyone, deny
	 * only).
	 */
	record ProvisionFact(UUID id, @Nullable UUID parentId, boolean permit, Set<DataCategory> categories,
			Set<Purpose> purposes, @Nullable UUID recipientOrganization, @Nullable OrganizationType recipientType,
			@Nullable LocalDate periodStart, @Nullable LocalDate periodEnd) {
	}

	// ---------------------------------------------------------------------------------
	// Step 1: reach
	// ---------------------------------------------------------------------------------

	enum ExpectedReach {

		/**
		 * An involvement that started and has not ended: the end date is the first day
		 * without it (an involvement ended today is already in its grace period).
		 */
		INVOLVEMENT,
		/** Only involvements that ended at most {@value #GRACE_DAYS} days ago. */
		GRACE_PERIOD

	}

	static Optional<ExpectedReach> reach(ReferenceViewer viewer, List<InvolvementFact> involvements, LocalDate today) {
		if (viewer.roles().equals(Set.of(Role.ANALYST))) {
			return Optional.empty();
		}
		boolean active = false;
		boolean grace = false;
		for (InvolvementFact involvement : involvements) {
			if (!involvement.organizationId().equals(viewer.organizationId())
					|| involvement.startedOn().isAfter(today)) {
				continue;
			}
			LocalDate end = involvement.endedOn();
			if (end == null || end.isAfter(today)) {
				active = true;
			}
			else if (!end.plusDays(GRACE_DAYS).isBefore(today)) {
				grace = true;
			}
		}
		if (active) {
			return Optional.of(ExpectedReach.INVOLVEMENT);
		}
		return grace ? Optional.of(ExpectedReach.GRACE_PERIOD) : Optional.empty();
	}

	// ---------------------------------------------------------------------------------
	// Step 2: the policy matrix
	// ---------------------------------------------------------------------------------

	/** The matrix's effects, weakest first. */
	enum MatrixEffect {

		DENY(0), CONSENT_REQUIRED(1), MISSION(2);

		private final int strength;

		MatrixEffect(int strength) {
			this.strength = strength;
		}

		MatrixEffect strongest(MatrixEffect other) {
			return (other.strength > this.strength) ? other : this;
		}

	}

	record Cell(OrganizationType type, Role role, DataCategory category, Purpose purpose) {
	}

	/**
	 * A policy matrix: the cells listed, every other cell DENY. Immutable; changes give a
	 * new matrix.
	 */
	static final class PolicyMatrix {

		private final Map<Cell, MatrixEffect> cells;

		private final Map<OrganizationType, Map<Role, Purpose>> defaultPurposes;

		private PolicyMatrix(Map<Cell, MatrixEffect> cells, Map<OrganizationType, Map<Role, Purpose>> defaults) {
			this.cells = Map.copyOf(cells);
			this.defaultPurposes = defaults;
		}

		MatrixEffect effect(Cell cell) {
			return this.cells.getOrDefault(cell, MatrixEffect.DENY);
		}

		/** The non-DENY cells. */
		Map<Cell, MatrixEffect> cells() {
			return this.cells;
		}

		PolicyMatrix with(Map<Cell, MatrixEffect> changes) {
			Map<Cell, MatrixEffect> changed = new HashMap<>(this.cells);
			changes.forEach((cell, effect) -> {
				if (effect == MatrixEffect.DENY) {
					changed.remove(cell);
				}
				else {
					changed.put(cell, effect);
				}
			});
			return new PolicyMatrix(changed, this.defaultPurposes);
		}

		/** The strongest effect over the viewer's roles; no cell at all is DENY. */
		MatrixEffect cap(ReferenceViewer viewer, DataCategory category, Purpose purpose) {
			MatrixEffect cap = MatrixEffect.DENY;
			for (Role role : viewer.roles()) {
				cap = cap.strongest(effect(new Cell(viewer.organizationType(), role, category, purpose)));
			}
			return cap;
		}

		/**
		 * The purpose of a request that declares none: the default of the viewer's role
		 * (the test's viewers have exactly one role with a default).
		 */
		Optional<Purpose> defaultPurpose(ReferenceViewer viewer) {
			Set<Purpose> found = EnumSet.noneOf(Purpose.class);
			Map<Role, Purpose> ofType = this.defaultPurposes.getOrDefault(viewer.organizationType(), Map.of());
			for (Role role : viewer.roles()) {
				if (ofType.containsKey(role)) {
					found.add(ofType.get(role));
				}
			}
			if (found.size() > 1) {
				throw new IllegalArgumentException("The reference does not choose between default purposes " + found);
			}
			return found.stream().findFirst();
		}

		/**
		 * Whether the viewer's roles may act for a purpose at all: it is a role's default
		 * purpose, or the matrix lets a role see something (anything but DENY) for it.
		 */
		boolean allowsPurpose(ReferenceViewer viewer, Purpose purpose) {
			if (defaultPurpose(viewer).filter(purpose::equals).isPresent()) {
				return true;
			}
			for (DataCategory category : DataCategory.values()) {
				if (cap(viewer, category, purpose) != MatrixEffect.DENY) {
					return true;
				}
			}
			return false;
		}

		/**
		 * The default matrix, transcribed by hand from V3__insert_default_policy.sql (and
		 * V25's CONSENTS cells).
		 */
		static PolicyMatrix v3Defaults() {
			Map<Cell, MatrixEffect> cells = new LinkedHashMap<>();
			V3 v3 = new V3(cells);
			MatrixEffect mission = MatrixEffect.MISSION;
			MatrixEffect consent = MatrixEffect.CONSENT_REQUIRED;
			OrganizationType association = OrganizationType.ASSOCIATION;
			v3.rules(association, Role.CASE_WORKER, Purpose.SUPPORT, mission, "IDENTITY", "CONTACT", "HOUSEHOLD",
					"RESIDENTIAL_SITUATION", "HOUSING_WISHES", "NEEDS_ASSESSMENT", "SUPPORT_MEASURES", "SUPPORT_NOTES");
			v3.rules(association, Role.CASE_WORKER, Purpose.SUPPORT, consent, "HOUSING_APPLICATION", "TENANCY",
					"RESOURCES", "RENT_ARREARS", "HEALTH", "JUSTICE", "VIOLENCE");
			v3.rules(association, Role.CASE_WORKER, Purpose.COORDINATION, consent, "IDENTITY", "CONTACT", "HOUSEHOLD",
					"RESIDENTIAL_SITUATION", "HOUSING_WISHES", "NEEDS_ASSESSMENT", "SUPPORT_MEASURES",
					"HOUSING_APPLICATION", "TENANCY", "RESOURCES", "RENT_ARREARS");
			v3.rules(association, Role.CASE_WORKER, Purpose.HOUSING_ALLOCATION, consent, "IDENTITY", "HOUSEHOLD",
					"RESIDENTIAL_SITUATION", "HOUSING_WISHES", "HOUSING_APPLICATION", "RESOURCES");
			v3.rules(association, Role.CASE_WORKER, Purpose.EVICTION_PREVENTION, consent, "IDENTITY", "CONTACT",
					"HOUSEHOLD", "TENANCY", "RESOURCES", "RENT_ARREARS");
			v3.rules(association, Role.CASE_WORKER, Purpose.EMERGENCY, mission, "IDENTITY", "CONTACT", "HOUSEHOLD",
					"RESIDENTIAL_SITUATION", "SUPPORT_MEASURES");
			v3.rules(association, Role.CASE_WORKER, Purpose.EMERGENCY, consent, "NEEDS_ASSESSMENT", "HEALTH");

			OrganizationType siao = OrganizationType.SIAO;
			v3.rules(siao, Role.COORDINATOR, Purpose.COORDINATION, mission, "IDENTITY", "HOUSEHOLD",
					"RESIDENTIAL_SITUATION", "HOUSING_WISHES", "HOUSING_APPLICATION");
			v3.rules(siao, Role.COORDINATOR, Purpose.COORDINATION, consent, "CONTACT", "NEEDS_ASSESSMENT",
					"SUPPORT_MEASURES", "RESOURCES");
			v3.rules(siao, Role.COORDINATOR, Purpose.HOUSING_ALLOCATION, mission, "IDENTITY", "HOUSEHOLD",
					"RESIDENTIAL_SITUATION", "HOUSING_WISHES", "HOUSING_APPLICATION");
			v3.rules(siao, Role.COORDINATOR, Purpose.HOUSING_ALLOCATION, consent, "CONTACT", "NEEDS_ASSESSMENT",
					"RESOURCES");

			OrganizationType caf = OrganizationType.CAF;
			v3.rules(caf, Role.AGENT, Purpose.BENEFITS, mission, "IDENTITY", "HOUSEHOLD", "RESOURCES");
			v3.rules(caf, Role.AGENT, Purpose.BENEFITS, consent, "CONTACT", "RESIDENTIAL_SITUATION", "TENANCY");
			v3.rules(caf, Role.AGENT, Purpose.EVICTION_PREVENTION, mission, "IDENTITY", "RESOURCES", "RENT_ARREARS");
			v3.rules(caf, Role.AGENT, Purpose.EVICTION_PREVENTION, consent, "CONTACT", "HOUSEHOLD", "TENANCY");
			v3.rules(caf, Role.AGENT, Purpose.COORDINATION, consent, "IDENTITY", "RESIDENTIAL_SITUATION", "RESOURCES");

			OrganizationType landlord = OrganizationType.LANDLORD;
			v3.rules(landlord, Role.AGENT, Purpose.HOUSING_ALLOCATION, mission, "TENANCY");
			v3.rules(landlord, Role.AGENT, Purpose.HOUSING_ALLOCATION, consent, "IDENTITY", "CONTACT", "HOUSEHOLD",
					"HOUSING_APPLICATION");
			v3.rules(landlord, Role.AGENT, Purpose.EVICTION_PREVENTION, mission, "TENANCY", "RENT_ARREARS");
			v3.rules(landlord, Role.AGENT, Purpose.EVICTION_PREVENTION, consent, "IDENTITY", "CONTACT", "HOUSEHOLD",
					"RESOURCES");
			v3.rules(landlord, Role.AGENT, Purpose.SUPPORT, consent, "IDENTITY", "HOUSEHOLD", "TENANCY");

			OrganizationType department = OrganizationType.DEPARTMENT;
			v3.rules(department, Role.CASE_WORKER, Purpose.SUPPORT, consent, "IDENTITY", "CONTACT", "HOUSEHOLD",
					"RESIDENTIAL_SITUATION", "HOUSING_WISHES", "NEEDS_ASSESSMENT", "SUPPORT_MEASURES", "SUPPORT_NOTES",
					"RESOURCES", "RENT_ARREARS", "TENANCY", "HEALTH", "JUSTICE", "VIOLENCE");
			v3.rules(department, Role.CASE_WORKER, Purpose.EVICTION_PREVENTION, consent, "IDENTITY", "CONTACT",
					"HOUSEHOLD", "TENANCY", "RESOURCES", "RENT_ARREARS", "SUPPORT_MEASURES");

			OrganizationType state = OrganizationType.STATE;
			v3.rules(state, Role.AGENT, Purpose.HOUSING_ALLOCATION, consent, "IDENTITY", "HOUSEHOLD",
					"RESIDENTIAL_SITUATION", "HOUSING_APPLICATION");
			v3.rules(state, Role.AGENT, Purpose.EVICTION_PREVENTION, consent, "IDENTITY", "HOUSEHOLD", "TENANCY",
					"RENT_ARREARS", "RESOURCES");

			v3.rules(OrganizationType.METROPOLE, Role.COORDINATOR, Purpose.COORDINATION, consent, "IDENTITY",
					"RESIDENTIAL_SITUATION", "HOUSING_WISHES", "SUPPORT_MEASURES");

			// V25: the persons' consents, read back by the case workers who follow them
			v3.rules(association, Role.CASE_WORKER, Purpose.SUPPORT, mission, "CONSENTS");
			v3.rules(department, Role.CASE_WORKER, Purpose.SUPPORT, mission, "CONSENTS");

			Map<OrganizationType, Map<Role, Purpose>> defaults = new HashMap<>();
			v3.defaultPurpose(defaults, association, Role.CASE_WORKER, Purpose.SUPPORT);
			v3.defaultPurpose(defaults, siao, Role.COORDINATOR, Purpose.COORDINATION);
			v3.defaultPurpose(defaults, caf, Role.AGENT, Purpose.BENEFITS);
			v3.defaultPurpose(defaults, landlord, Role.AGENT, Purpose.HOUSING_ALLOCATION);
			v3.defaultPurpose(defaults, department, Role.CASE_WORKER, Purpose.SUPPORT);
			v3.defaultPurpose(defaults, state, Role.AGENT, Purpose.HOUSING_ALLOCATION);
			v3.defaultPurpose(defaults, OrganizationType.METROPOLE, Role.COORDINATOR, Purpose.COORDINATION);
			v3.defaultPurpose(defaults, OrganizationType.METROPOLE, Role.ANALYST, Purpose.STATISTICS);
			v3.defaultPurpose(defaults, OrganizationType.METROPOLE, Role.PRIVACY_OFFICER, Purpose.COORDINATION);
			v3.defaultPurpose(defaults, OrganizationType.METROPOLE, Role.ADMIN, Purpose.COORDINATION);
			return new PolicyMatrix(cells, defaults);
		}

		/**
		 * The shape of V3's {@code grant_rules(type, role, purpose, effect, categories)}.
		 */
		private record V3(Map<Cell, MatrixEffect> cells) {

			void rules(OrganizationType type, Role role, Purpose purpose, MatrixEffect effect, String... categories) {
				for (String category : categories) {
					Cell cell = new Cell(type, role, DataCategory.valueOf(category), purpose);
					if (this.cells.put(cell, effect) != null) {
						throw new IllegalStateException("V3 lists " + cell + " twice");
					}
				}
			}

			void defaultPurpose(Map<OrganizationType, Map<Role, Purpose>> defaults, OrganizationType type, Role role,
					Purpose purpose) {
				defaults.computeIfAbsent(type, (t) -> new HashMap<>()).put(role, purpose);
			}

		}

	}

	// ---------------------------------------------------------------------------------
	// Steps 2 to 4: the decision for one category
	// ---------------------------------------------------------------------------------

	/** Why a category is visible or hidden, as the API names it. */
	enum ExpectedReason {

		MISSION(true), CONSENT(true), POLICY(false), NO_CONSENT(false), CONSENT_REFUSED(false),
		SENSITIVE_NEEDS_NAMED_CONSENT(false);

		private final boolean permits;

		ExpectedReason(boolean permits) {
			this.permits = permits;
		}

		boolean permits() {
			return this.permits;
		}

	}

	/**
	 * The reference decision for one category.
	 *
	 * @param decisiveProvisions the provisions that tie for the win (empty when no
	 * provision decided): any of them may be named as the decisive one
	 */
	record ExpectedDecision(DataCategory category, ExpectedReason reason, MatrixEffect cap,
			Set<UUID> decisiveProvisions) {

		boolean permitted() {
			return this.reason.permits();
		}

	}

	/** How precisely a provision names its recipient: lower is more specific. */
	private enum RecipientLevel {

		ORGANIZATION, TYPE, EVERYONE

	}

	private record Candidate(ProvisionFact provision, RecipientLevel level, int depth) {

		/**
		 * Lower sorts first: most specific, then deepest, then a deny before a permit.
		 */
		List<Integer> rank() {
			return List.of(this.level.ordinal(), -this.depth, this.provision.permit() ? 1 : 0);
		}

	}

	static ExpectedDecision decide(DataCategory category, Purpose purpose, ReferenceViewer viewer, PolicyMatrix matrix,
			List<ConsentFact> consents, LocalDate today) {
		MatrixEffect cap = matrix.cap(viewer, category, purpose);
		if (cap == MatrixEffect.DENY) {
			return new ExpectedDecision(category, ExpectedReason.POLICY, cap, Set.of());
		}
		boolean sensitive = SENSITIVE.contains(category);
		if (cap == MatrixEffect.MISSION && !sensitive) {
			return new ExpectedDecision(category, ExpectedReason.MISSION, cap, Set.of());
		}
		List<Candidate> candidates = new ArrayList<>();
		for (ConsentFact consent : consents) {
			if (consent.revoked() || !within(today, consent.periodStart(), consent.periodEnd())) {
				continue;
			}
			Map<UUID, ProvisionFact> byId = new HashMap<>();
			consent.provisions().forEach((provision) -> byId.put(provision.id(), provision));
			for (ProvisionFact provision : consent.provisions()) {
				if (!provision.categories().contains(category) || !provision.purposes().contains(purpose)) {
					continue;
				}
				RecipientLevel level = level(provision, viewer);
				if (level == null) {
					continue;
				}
				if (sensitive && provision.permit() && level != RecipientLevel.ORGANIZATION) {
					continue;
				}
				int depth = 0;
				boolean inPeriod = true;
				for (ProvisionFact p = provision; p != null; p = (p.parentId() != null) ? byId.get(p.parentId())
						: null) {
					inPeriod &= within(today, p.periodStart(), p.periodEnd());
					if (p != provision) {
						depth++;
					}
				}
				if (inPeriod) {
					candidates.add(new Candidate(provision, level, depth));
				}
			}
		}
		if (candidates.isEmpty()) {
			return new ExpectedDecision(category,
					sensitive ? ExpectedReason.SENSITIVE_NEEDS_NAMED_CONSENT : ExpectedReason.NO_CONSENT, cap,
					Set.of());
		}
		List<Integer> best = null;
		for (Candidate candidate : candidates) {
			if (best == null || compare(candidate.rank(), best) < 0) {
				best = candidate.rank();
			}
		}
		Set<UUID> winners = new java.util.HashSet<>();
		for (Candidate candidate : candidates) {
			if (candidate.rank().equals(best)) {
				winners.add(candidate.provision().id());
			}
		}
		boolean permit = best.get(2) == 1;
		return new ExpectedDecision(category, permit ? ExpectedReason.CONSENT : ExpectedReason.CONSENT_REFUSED, cap,
				winners);
	}

	private static @Nullable RecipientLevel level(ProvisionFact provision, ReferenceViewer viewer) {
		if (provision.recipientOrganization() != null) {
			return provision.recipientOrganization().equals(viewer.organizationId()) ? RecipientLevel.ORGANIZATION
					: null;
		}
		if (provision.recipientType() != null) {
			return (provision.recipientType() == viewer.organizationType()) ? RecipientLevel.TYPE : null;
		}
		return RecipientLevel.EVERYONE;
	}

	private static boolean within(LocalDate day, @Nullable LocalDate start, @Nullable LocalDate end) {
		return (start == null || !day.isBefore(start)) && (end == null || !day.isAfter(end));
	}

	private static int compare(List<Integer> a, List<Integer> b) {
		for (int i = 0; i < a.size(); i++) {
			int c = Integer.compare(a.get(i), b.get(i));
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	// ---------------------------------------------------------------------------------
	// The care team
	// ---------------------------------------------------------------------------------

	/**
	 * The category the mere existence of a care-team entry belongs to (schema doc of
	 * {@code Person.careTeam}).
	 */
	static DataCategory careTeamCategory(InvolvementFact involvement) {
		if (involvement.organizationSensitiveCategory() != null) {
			return involvement.organizationSensitiveCategory();
		}
		return switch (involvement.kind()) {
			case SUPPORT_MEASURE, SOCIAL_SERVICE -> DataCategory.SUPPORT_MEASURES;
			case HOUSING_APPLICATION, SIAO_ORIENTATION -> DataCategory.HOUSING_APPLICATION;
			case TENANCY -> DataCategory.TENANCY;
			case BENEFITS -> DataCategory.RESOURCES;
			case CARE -> DataCategory.HEALTH;
		};
	}

	/**
	 * The entries a viewer sees: all of its own organization's, and the others' whose
	 * category is permitted.
	 */
	static Set<UUID> visibleCareTeam(ReferenceViewer viewer, List<InvolvementFact> involvements,
			Map<DataCategory, ExpectedDecision> decisions) {
		Set<UUID> visible = new java.util.HashSet<>();
		for (InvolvementFact involvement : involvements) {
			if (involvement.organizationId().equals(viewer.organizationId())
					|| decisions.get(careTeamCategory(involvement)).permitted()) {
				visible.add(involvement.id());
			}
		}
		return visible;
	}

}

package fr.passerelle.demo;

import static fr.passerelle.jooq.Tables.ATTRIBUTION;
import static fr.passerelle.jooq.Tables.BENEFIT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;
import static fr.passerelle.jooq.Tables.HOUSING_APPLICATION;
import static fr.passerelle.jooq.Tables.HOUSING_WISH;
import static fr.passerelle.jooq.Tables.NEEDS_ASSESSMENT;
import static fr.passerelle.jooq.Tables.NEEDS_ASSESSMENT_ITEM;
import static fr.passerelle.jooq.Tables.POLICY_DEFAULT_PURPOSE;
import static fr.passerelle.jooq.Tables.POLICY_RULE;
import static fr.passerelle.jooq.Tables.PREVENTION_STEP;
import static fr.passerelle.jooq.Tables.RENT_ARREARS;
import static fr.passerelle.jooq.Tables.RESIDENTIAL_SITUATION;
import static fr.passerelle.jooq.Tables.SENSITIVE_RECORD;
import static fr.passerelle.jooq.Tables.SIAO_ORIENTATION;
import static fr.passerelle.jooq.Tables.SIAO_PROPOSAL;
import static fr.passerelle.jooq.Tables.SUPPORT_MEASURE;
import static fr.passerelle.jooq.Tables.SUPPORT_NOTE;
import static fr.passerelle.jooq.Tables.TENANCY;
import static fr.passerelle.jooq.Tables.WRITE_RULE;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.Purpose;
import fr.passerelle.access.Role;
import fr.passerelle.file.SiaoReferrals;
import fr.passerelle.jooq.enums.ApplicationStatus;
import fr.passerelle.jooq.enums.ArrearsStatus;
import fr.passerelle.jooq.enums.BenefitStatus;
import fr.passerelle.jooq.enums.BenefitType;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.DwellingType;
import fr.passerelle.jooq.enums.ElementBasis;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.LeaseKind;
import fr.passerelle.jooq.enums.NeedLevel;
import fr.passerelle.jooq.enums.NeedsDimension;
import fr.passerelle.jooq.enums.OrientationSolution;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.jooq.enums.PolicyEffect;
import fr.passerelle.jooq.enums.PreventionStepKind;
import fr.passerelle.jooq.enums.ProposalOutcome;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.jooq.enums.ResidentialSituationKind;
import fr.passerelle.jooq.enums.SensitiveRecordKind;
import fr.passerelle.jooq.enums.StepOutcome;
import fr.passerelle.jooq.enums.SupportIntensity;
import fr.passerelle.jooq.enums.SupportMeasureType;
import fr.passerelle.jooq.tables.records.AttributionRecord;
import fr.passerelle.jooq.tables.records.BenefitRecord;
import fr.passerelle.jooq.tables.records.ConsentProvisionRecord;
import fr.passerelle.jooq.tables.records.ConsentRecord;
import fr.passerelle.jooq.tables.records.HousingApplicationRecord;
import fr.passerelle.jooq.tables.records.HousingWishRecord;
import fr.passerelle.jooq.tables.records.InvolvementRecord;
import fr.passerelle.jooq.tables.records.NeedsAssessmentItemRecord;
import fr.passerelle.jooq.tables.records.NeedsAssessmentRecord;
import fr.passerelle.jooq.tables.records.PersonRecord;
import fr.passerelle.jooq.tables.records.PreventionStepRecord;
import fr.passerelle.jooq.tables.records.RentArrearsRecord;
import fr.passerelle.jooq.tables.records.ResidentialSituationRecord;
import fr.passerelle.jooq.tables.records.SensitiveRecordRecord;
import fr.passerelle.jooq.tables.records.SiaoOrientationRecord;
import fr.passerelle.jooq.tables.records.SiaoProposalRecord;
import fr.passerelle.jooq.tables.records.SupportMeasureRecord;
import fr.passerelle.jooq.tables.records.SupportNoteRecord;
import fr.passerelle.jooq.tables.records.TenancyRecord;

/**
 * The shared support file of the demo territory's persons: residential situations,
 * housing wishes, needs assessments, support measures and notes, SIAO orientations,
 * housing applications, attributions and tenancies, benefits, rent arrears with their
 * prevention steps, and sensitive records, in realistic proportions.
 *
 * <p>
 * Each element is recorded the way the hub would have let it be: by an organization the
 * write policy lets write its category, which is involved with the person, by that
 * organization's demo user, on the basis of that organization's own access decision (a
 * mission cell of the policy, else a permit of an active consent of the person; without
 * either the element is not generated). Policy cells and write rules are read from the
 * database being filled, so the file follows the migrations' defaults.
 *
 * <p>
 * Its own random sequence: the persons, involvements and consents of a seed are the same
 * as before the file was generated. Household by household, like the territory, so the
 * chunk size changes nothing.
 */
final class DemoFile {

	/** The demo user who records in each organization's name. */
	static final Map<UUID, String> USERS = Map.of(DemoOrganizations.STATE.id(), "agent.etat",
			DemoOrganizations.DEPARTMENT.id(), "as.departement", DemoOrganizations.CAF.id(), "agent.caf",
			DemoOrganizations.LANDLORD.id(), "gestion.bailleur", DemoOrganizations.ASSOCIATION.id(), "referent.asso",
			DemoOrganizations.OTHER_ASSOCIATION.id(), "referent.autre-asso", DemoOrganizations.SIAO.id(), "coord.siao",
			DemoOrganizations.ADDICTION_SERVICE.id(), "referent.sensible");

	/** The role of each organization type's demo user who records. */
	private static final Map<OrganizationType, Role> ROLES = Map.of(OrganizationType.ASSOCIATION, Role.CASE_WORKER,
			OrganizationType.DEPARTMENT, Role.CASE_WORKER, OrganizationType.SIAO, Role.COORDINATOR,
			OrganizationType.CAF, Role.AGENT, OrganizationType.LANDLORD, Role.AGENT, OrganizationType.STATE,
			Role.AGENT);

	private static final Map<UUID, Organization> ORGANIZATIONS = organizations();

	private static final String[] STREET = { "Grenoble, abords de la gare", "Grenoble, parc Paul Mistral",
			"Échirolles, près du centre commercial", "Voiron, centre-ville", "Grenoble, quais de l'Isère" };

	private static final String[] SHELTER = { "Accueil de nuit, Grenoble", "Halte de nuit Saint-Bruno, Grenoble",
			"Hébergement d'urgence (115), Échirolles", "Centre d'hébergement d'urgence, Vienne" };

	private static final String[] HOTEL = { "Hôtel social (nuitées 115), Saint-Martin-d'Hères",
			"Hôtel, Grenoble (prise en charge 115)", "Hôtel, Bourgoin-Jallieu" };

	private static final String[] CHRS = { "CHRS Le Relais, Grenoble", "CHRS, Vienne", "CHRS, Voiron" };

	private static final String[] FAMILY = { "Hébergé par sa sœur, Fontaine", "Chez un ami, Seyssinet-Pariset",
			"Chez ses parents, Voiron", "Hébergé par un cousin, Grenoble", "Chez une amie, Échirolles" };

	private static final String[] SQUAT = { "Squat, Grenoble", "Camion aménagé, Saint-Égrève",
			"Campement, Pont-de-Claix" };

	private static final String[] TOWNS = { "Grenoble", "Échirolles", "Saint-Martin-d'Hères", "Fontaine", "Voiron",
			"Vienne", "Meylan", "Seyssinet-Pariset", "Bourgoin-Jallieu", "Pont-de-Claix" };

	private static final String[] STREETS = { "rue Anatole France", "avenue Jean Jaurès", "rue des Alliés",
			"cours Berriat", "rue Paul Langevin", "allée des Tilleuls", "rue Léon Blum", "avenue de la République",
			"rue du Vercors", "place Marcel Cachin" };

	private static final String[] CITIES = { "38100 Grenoble", "38000 Grenoble", "38130 Échirolles",
			"38400 Saint-Martin-d'Hères", "38600 Fontaine", "38500 Voiron", "38200 Vienne", "38300 Bourgoin-Jallieu" };

	private static final String[] CONSTRAINTS = { "Rez-de-chaussée ou ascenseur", "Proche des transports en commun",
			"Près de l'école des enfants", "Pas de colocation", "Avec son chien", "Pas trop loin de son travail",
			"Hors du quartier où vit son ancien conjoint" };

	private static final String[] OWN_WORDS = { "Un logement à moi, même petit, pour pouvoir souffler.",
			"Je voudrais rester près de mes enfants et de leur école.",
			"Un endroit calme, pas trop loin du tram, pour reprendre le travail.",
			"Je veux un vrai bail à mon nom, plus d'hébergement chez les autres.",
			"Quelque chose de stable pour que ma fille ait sa chambre." };

	private static final String[] NOTES = { "Entretien au bureau : point sur la demande de logement.",
			"Accompagnement à la CAF pour l'ouverture des droits.",
			"Visite à domicile ; le logement est bien entretenu.",
			"Rendez-vous manqué, relance par téléphone, nouveau rendez-vous fixé.",
			"Dossier FSL préparé avec la personne.",
			"Point budget : loyer et charges payés ce mois-ci, un échéancier est tenu.",
			"Accompagnement en préfecture pour le renouvellement du titre de séjour.",
			"Inscription à France Travail faite ensemble.",
			"Point sur les souhaits de logement ; la personne préfère rester sur l'agglomération.",
			"Aide à la constitution du dossier de demande de logement social.",
			"Échange avec le bailleur sur l'entrée dans les lieux.",
			"Ouverture d'un compte bancaire avec la personne." };

	private static final String[] SUSPENSIONS = { "Déclaration trimestrielle de ressources non reçue",
			"Contrôle de situation en cours", "Changement de situation à justifier",
			"Impayé de loyer signalé par le bailleur" };

	private final Random random;

	/**
	 * Draws for what happens after a tenancy starts (its end, an eviction): separate, so
	 * that the rest of the territory is the same as before they were drawn.
	 */
	private final Random outcomes;

	private final LocalDate today;

	private final Policy policy;

	/** The chunk being generated, per table in write order: written, then cleared. */
	private final Map<Table<?>, List<Record>> chunk = new LinkedHashMap<>();

	/** Ids given so far per table, across chunks: numbers the ids. */
	private final Map<Table<?>, Integer> ids = new HashMap<>();

	/** Rows generated so far per table, across chunks. */
	private final Map<Table<?>, Long> counts = new LinkedHashMap<>();

	/** SNE sequence numbers used so far per filing month ({@code yyMM}). */
	private final Map<Integer, Integer> sneSequences = new HashMap<>();

	/** Purposes per writer type, mission rules per writer type and category. */
	private final Map<OrganizationType, List<Purpose>> purposes = new EnumMap<>(OrganizationType.class);

	private final Map<String, Optional<String>> missions = new HashMap<>();

	/** The latest recording or update per person of the household being generated. */
	private final Map<UUID, OffsetDateTime> activity = new HashMap<>();

	DemoFile(long seed, LocalDate today, Policy policy) {
		this.random = new Random(Long.rotateLeft(seed, 32) ^ 0x5E1F_F11EL);
		this.outcomes = new Random(Long.rotateLeft(seed, 16) ^ 0x0DD5_7A75L);
		this.today = today;
		this.policy = policy;
		// consent provisions first: sensitive records refer to the ones added here
		for (Table<?> table : List.of(CONSENT_PROVISION, RESIDENTIAL_SITUATION, HOUSING_WISH, NEEDS_ASSESSMENT,
				NEEDS_ASSESSMENT_ITEM, SUPPORT_MEASURE, SUPPORT_NOTE, SIAO_ORIENTATION, SIAO_PROPOSAL,
				HOUSING_APPLICATION, ATTRIBUTION, TENANCY, BENEFIT, RENT_ARREARS, PREVENTION_STEP, SENSITIVE_RECORD)) {
			this.chunk.put(table, new ArrayList<>());
			this.ids.put(table, 0);
			this.counts.put(table, 0L);
		}
	}

	/**
	 * A member of the household being generated, with the involvements, consents and
	 * provisions the territory gave them.
	 */
	record Member(PersonRecord person, boolean adult, boolean female, List<InvolvementRecord> involvements,
			List<ConsentRecord> consents, List<ConsentProvisionRecord> provisions) {
	}

	/**
	 * The policy cells and write rules of the database being filled, keyed
	 * {@code TYPE/ROLE/CATEGORY/PURPOSE} and {@code TYPE/CATEGORY}.
	 */
	record Policy(Map<String, PolicyEffect> cells, Set<String> writes, Map<String, Purpose> defaults) {

		static Policy read(DSLContext dsl) {
			Map<String, PolicyEffect> cells = new HashMap<>();
			dsl.selectFrom(POLICY_RULE)
				.forEach((rule) -> cells.put(String.join("/", rule.getOrganizationType().name(), rule.getRole().name(),
						rule.getCategory().name(), rule.getPurpose().name()), rule.getEffect()));
			Set<String> writes = new HashSet<>();
			dsl.selectFrom(WRITE_RULE)
				.forEach((rule) -> writes.add(rule.getOrganizationType().name() + "/" + rule.getCategory().name()));
			Map<String, Purpose> defaults = new HashMap<>();
			dsl.selectFrom(POLICY_DEFAULT_PURPOSE)
				.forEach((row) -> defaults.put(row.getOrganizationType().name() + "/" + row.getRole().name(),
						row.getPurpose()));
			return new Policy(cells, writes, defaults);
		}

	}

	/**
	 * On what an element is recorded: the author organization, the basis, and the day
	 * before which it cannot have been recorded (the author's involvement, the consent).
	 */
	private record Basis(Organization organization, @Nullable String rule, @Nullable UUID consentId,
			@Nullable UUID provisionId, LocalDate notBefore) {
	}

	private record Period(ResidentialSituationKind kind, LocalDate start, @Nullable LocalDate end, String place,
			@Nullable String note) {
	}

	private record MeasurePlan(SupportMeasureType type, SupportIntensity intensity) {
	}

	private record TenancyPlan(LeaseKind lease, DwellingType dwelling, String address, BigDecimal rent,
			BigDecimal charges) {
	}

	private record StepPlan(PreventionStepKind kind, LocalDate on, @Nullable BigDecimal amount, StepOutcome outcome) {
	}

	private record ArrearsPlan(BigDecimal amount, int months, LocalDate since, ArrearsStatus status,
			@Nullable LocalDate closedOn, List<StepPlan> steps) {

		boolean evicted() {
			return this.steps.stream().anyMatch((step) -> step.kind() == PreventionStepKind.EVICTION);
		}

	}

	// Karim

	/**
	 * Karim at the end of his intake (DESIGN.md, "A week on the platform"): sleeping
	 * rough, an AVDL measure with {@code referent.asso} as case lead, an assessment of
	 * his needs, an orientation towards IML for which the SIAO has just proposed a
	 * dwelling of the landlord, his RSA, and the addiction service's follow-up. No
	 * tenancy yet.
	 */
	void karim(Member karim) {
		LocalDate intake = involvement(karim, DemoOrganizations.ASSOCIATION).getStartedOn();
		Basis association = required(karim, DataCategory.RESIDENTIAL_SITUATION, DemoOrganizations.ASSOCIATION);
		situation(karim, association, new Period(ResidentialSituationKind.FAMILY_OR_FRIENDS, intake.minusDays(400),
				intake.minusDays(75), "Hébergé par un cousin, Grenoble", null));
		situation(karim, association, new Period(ResidentialSituationKind.STREET, intake.minusDays(75), null,
				"Grenoble, abords de la gare", "Dort dehors depuis qu'il a quitté l'appartement de son cousin."));
		wish(karim, required(karim, DataCategory.HOUSING_WISHES, DemoOrganizations.ASSOCIATION),
				new String[] { "Grenoble", "Échirolles" }, new DwellingType[] { DwellingType.STUDIO, DwellingType.T1 },
				"Proche du tram", "Un endroit à moi, même petit, pour pouvoir reprendre le travail.", intake);
		Map<NeedsDimension, NeedLevel> needs = new EnumMap<>(NeedsDimension.class);
		needs.put(NeedsDimension.HOUSING, NeedLevel.HIGH);
		needs.put(NeedsDimension.RESOURCES, NeedLevel.HIGH);
		needs.put(NeedsDimension.ADMINISTRATIVE_RIGHTS, NeedLevel.MODERATE);
		needs.put(NeedsDimension.EMPLOYMENT, NeedLevel.MODERATE);
		needs.put(NeedsDimension.SOCIAL_TIES, NeedLevel.LOW);
		assessment(karim, required(karim, DataCategory.NEEDS_ASSESSMENT, DemoOrganizations.ASSOCIATION), intake,
				"Évaluation à l'accueil : sans logement, RSA seul revenu, souhaite reprendre un emploi.", needs);
		UUID measure = measure(karim, required(karim, DataCategory.SUPPORT_MEASURES, DemoOrganizations.ASSOCIATION),
				new MeasurePlan(SupportMeasureType.AVDL, SupportIntensity.REGULAR), intake, null);
		Basis notes = required(karim, DataCategory.SUPPORT_NOTES, DemoOrganizations.ASSOCIATION);
		note(karim, notes, measure, intake,
				"Premier entretien : M. Belkacem dort à la rue depuis deux mois. Consentement recueilli oralement "
						+ "(texte v3). Ouverture d'un accompagnement AVDL.");
		note(karim, notes, measure, intake.plusDays(2), "Demande d'orientation vers l'IML transmise au SIAO.");
		// the association requests the orientation; the SIAO is involved from the request
		// (SiaoReferrals) and has just proposed a dwelling
		Basis requester = required(karim, DataCategory.HOUSING_APPLICATION, DemoOrganizations.ASSOCIATION);
		Basis siao = required(karim, DataCategory.HOUSING_APPLICATION, DemoOrganizations.SIAO);
		LocalDate requested = involvement(karim, DemoOrganizations.SIAO).getStartedOn();
		List<SiaoReferrals.Request> requests = new ArrayList<>();
		orientation(karim, requester, siao, requested, OrientationSolution.IML,
				"Orientation vers l'IML : sans " + "logement depuis deux mois, accompagné par "
						+ DemoOrganizations.ASSOCIATION.name() + ".",
				OrientationStatus.PROPOSED, null, List.of(new SiaoProposal(requested.plusDays(2),
						OrientationSolution.IML, DemoOrganizations.LANDLORD, ProposalOutcome.PENDING, null)),
				requests);
		referral(karim, requester.organization(), requests);
		LocalDate caf = involvement(karim, DemoOrganizations.CAF).getStartedOn();
		benefit(karim, required(karim, DataCategory.RESOURCES, DemoOrganizations.CAF), BenefitType.RSA,
				BenefitStatus.PAID, new BigDecimal("607.75"), caf, null);
		Basis health = required(karim, DataCategory.HEALTH, DemoOrganizations.ADDICTION_SERVICE);
		sensitive(karim, health, DataCategory.HEALTH, SensitiveRecordKind.ADDICTION_CARE,
				involvement(karim, DemoOrganizations.ADDICTION_SERVICE).getStartedOn(),
				"Suivi en addictologie, rendez-vous tous les quinze jours.");
		activity(List.of(karim));
	}

	private record SiaoProposal(LocalDate on, OrientationSolution solution, @Nullable Organization provider,
			ProposalOutcome outcome, @Nullable LocalDate outcomeOn) {
	}

	// a household

	/**
	 * The file of one household's members: the history and the measure are the
	 * household's, each member with their own rows; applications, tenancies, benefits and
	 * records are the adults'.
	 */
	void household(List<Member> members) {
		Member head = members.get(0);
		InvolvementRecord support = head.involvements()
			.stream()
			.filter((i) -> i.getKind() == InvolvementKind.SUPPORT_MEASURE)
			.findFirst()
			.orElseThrow();
		Organization supporter = ORGANIZATIONS.get(support.getOrganizationId());
		InvolvementRecord lease = involvementOrNull(head, DemoOrganizations.LANDLORD);
		LocalDate tenancyStart = (lease != null) ? lease.getStartedOn() : null;
		boolean children = members.stream().anyMatch((m) -> !m.adult());
		MeasurePlan measure = (this.random.nextInt(100) < 80) ? new MeasurePlan(measureType(), intensity()) : null;
		TenancyPlan tenancy = (tenancyStart != null) ? tenancyPlan(members.size(), measure) : null;
		List<Period> history = history(support.getStartedOn(), tenancyStart,
				(tenancy != null) ? tenancy.address() : "Logement du parc privé, " + pick(TOWNS));
		ArrearsPlan arrears = (tenancy != null && this.random.nextInt(100) < 17) ? arrearsPlan(tenancyStart, tenancy)
				: null;
		if (arrears != null) {
			arrears = evictedOrNot(arrears);
		}
		LocalDate tenancyEnd = (tenancy != null) ? tenancyEnd(tenancyStart, arrears) : null;
		if (tenancyEnd != null) {
			history = afterTheTenancy(history, tenancyEnd, arrears != null && arrears.evicted());
		}
		for (Member member : members) {
			Basis situations = basis(member, DataCategory.RESIDENTIAL_SITUATION, supporter, DemoOrganizations.SIAO);
			if (situations != null) {
				history.forEach((period) -> situation(member, situations, period));
			}
			if (member.adult()) {
				wish(member, supporter, members.size(), tenancyStart != null);
			}
			assessments(member, supporter);
			if (measure != null) {
				InvolvementRecord involvement = involvement(member, supporter);
				Basis basis = basis(member, DataCategory.SUPPORT_MEASURES, supporter);
				if (basis != null) {
					UUID id = measure(member, basis, measure, involvement.getStartedOn(), involvement.getEndedOn());
					notes(member, supporter, id, involvement.getStartedOn(), involvement.getEndedOn());
				}
			}
			if (member.adult()) {
				orientations(member, supporter, tenancyStart);
				UUID application = application(member, supporter, tenancyStart);
				if (tenancy != null) {
					tenancy(member, application, tenancy, tenancyEnd, arrears);
				}
				benefits(member, children, tenancyStart != null);
				sensitiveRecords(member, supporter, history);
			}
		}
		activity(members);
	}

	// residential situation

	/**
	 * One to four periods, the last one open: housed from the tenancy's start for a
	 * tenant, else mostly without a home of their own; from an old home lost, through
	 * streets, shelters, hotels, CHRS, family or friends, institution exits.
	 */
	private List<Period> history(LocalDate supportStart, @Nullable LocalDate tenancyStart, String home) {
		int count = 1 + weighted(25, 35, 25, 15);
		List<Period> backwards = new ArrayList<>();
		ResidentialSituationKind kind;
		LocalDate start;
		String place;
		if (tenancyStart != null) {
			kind = ResidentialSituationKind.HOUSED;
			start = tenancyStart;
			place = home;
		}
		else if (this.random.nextInt(100) < 8) {
			kind = ResidentialSituationKind.HOUSED;
			start = supportStart.minusDays(this.random.nextInt(700));
			place = home;
		}
		else {
			kind = homeless(null);
			start = supportStart.minusDays(this.random.nextInt(240));
			place = place(kind);
		}
		backwards.add(new Period(kind, min(start, this.today), null, place, situationNote(kind)));
		for (int i = 1; i < count; i++) {
			Period next = backwards.get(backwards.size() - 1);
			boolean oldest = i == count - 1;
			ResidentialSituationKind previous = (oldest && this.random.nextInt(100) < 12)
					? ResidentialSituationKind.HOUSED : homeless(next.kind());
			LocalDate from = next.start().minusDays(30 + this.random.nextInt(540));
			backwards.add(new Period(previous, from, next.start(),
					(previous == ResidentialSituationKind.HOUSED) ? "Ancien logement, " + pick(TOWNS) : place(previous),
					(previous == ResidentialSituationKind.HOUSED) ? "Logement perdu (expulsion ou séparation)."
							: situationNote(previous)));
		}
		Collections.reverse(backwards);
		return backwards;
	}

	private ResidentialSituationKind homeless(@Nullable ResidentialSituationKind not) {
		ResidentialSituationKind[] kinds = { ResidentialSituationKind.STREET,
				ResidentialSituationKind.EMERGENCY_SHELTER, ResidentialSituationKind.HOTEL,
				ResidentialSituationKind.CHRS, ResidentialSituationKind.FAMILY_OR_FRIENDS,
				ResidentialSituationKind.SQUAT_OR_MAKESHIFT, ResidentialSituationKind.PRISON_EXIT,
				ResidentialSituationKind.HOSPITAL_EXIT, ResidentialSituationKind.CHILD_WELFARE_EXIT,
				ResidentialSituationKind.OTHER };
		ResidentialSituationKind kind = kinds[weighted(20, 20, 12, 12, 18, 6, 4, 3, 3, 2)];
		return (kind == not) ? kinds[weighted(20, 20, 12, 12, 18, 6, 4, 3, 3, 2)] : kind;
	}

	private String place(ResidentialSituationKind kind) {
		return switch (kind) {
			case STREET -> pick(STREET);
			case EMERGENCY_SHELTER -> pick(SHELTER);
			case HOTEL -> pick(HOTEL);
			case CHRS -> pick(CHRS);
			case FAMILY_OR_FRIENDS -> pick(FAMILY);
			case SQUAT_OR_MAKESHIFT -> pick(SQUAT);
			case PRISON_EXIT -> "Centre pénitentiaire de Grenoble-Varces";
			case HOSPITAL_EXIT -> "CHU Grenoble Alpes";
			case CHILD_WELFARE_EXIT -> "Foyer de l'enfance, Grenoble";
			case HOUSED -> "Logement, " + pick(TOWNS);
			case OTHER -> "Caravane, aire d'accueil";
		};
	}

	private @Nullable String situationNote(ResidentialSituationKind kind) {
		if (this.random.nextInt(3) > 0) {
			return null;
		}
		return switch (kind) {
			case STREET -> "Dort dehors, passe en journée à l'accueil de jour.";
			case EMERGENCY_SHELTER -> "Appelle le 115 chaque soir, place non garantie.";
			case HOTEL -> "Nuitées prises en charge, pas de cuisine.";
			case CHRS -> "Hébergement avec accompagnement, durée limitée.";
			case FAMILY_OR_FRIENDS -> "Hébergement provisoire, tensions avec l'hébergeant.";
			case SQUAT_OR_MAKESHIFT -> "Sans eau ni électricité.";
			case PRISON_EXIT, HOSPITAL_EXIT, CHILD_WELFARE_EXIT -> "Sortie sans solution de logement.";
			case HOUSED -> "Bail à son nom.";
			case OTHER -> null;
		};
	}

	private void situation(Member member, Basis basis, Period period) {
		ResidentialSituationRecord row = new ResidentialSituationRecord();
		row.setKind(period.kind());
		row.setStartedOn(period.start());
		row.setEndedOn(period.end());
		row.setPlace(period.place());
		row.setNote(period.note());
		LocalDate recorded = element(row, member, basis, period.start());
		if (period.end() != null) {
			updated(row, basis, recorded, period.end());
		}
	}

	// housing wishes

	private void wish(Member member, Organization supporter, int householdSize, boolean housed) {
		if (this.random.nextInt(100) >= (housed ? 55 : 96)) {
			return;
		}
		Basis basis = basis(member, DataCategory.HOUSING_WISHES, supporter, DemoOrganizations.SIAO);
		if (basis == null) {
			return;
		}
		List<String> towns = new ArrayList<>(List.of(TOWNS));
		Collections.shuffle(towns, this.random);
		List<DwellingType> types = new ArrayList<>(List.of(dwellings(householdSize)));
		Collections.shuffle(types, this.random);
		LocalDate expressed = between(basis.notBefore(), basis.notBefore().plusDays(60));
		wish(member, basis, towns.subList(0, 1 + this.random.nextInt(3)).toArray(String[]::new),
				types.subList(0, 1 + this.random.nextInt(types.size())).toArray(DwellingType[]::new),
				(this.random.nextInt(100) < 60) ? pick(CONSTRAINTS) : null,
				(this.random.nextInt(100) < 70) ? pick(OWN_WORDS) : null, expressed);
	}

	private void wish(Member member, @Nullable Basis basis, String[] locations, DwellingType[] types,
			@Nullable String constraints, @Nullable String ownWords, LocalDate expressed) {
		if (basis == null) {
			return;
		}
		HousingWishRecord row = new HousingWishRecord();
		row.setLocations(locations);
		row.setDwellingTypes(types);
		row.setConstraints(constraints);
		row.setOwnWords(ownWords);
		row.setExpressedOn(expressed);
		element(row, member, basis, expressed);
	}

	private static DwellingType[] dwellings(int householdSize) {
		return switch (householdSize) {
			case 1 -> new DwellingType[] { DwellingType.ROOM, DwellingType.STUDIO, DwellingType.T1, DwellingType.T2,
					DwellingType.SHARED };
			case 2 -> new DwellingType[] { DwellingType.T1, DwellingType.T2, DwellingType.T3 };
			case 3 -> new DwellingType[] { DwellingType.T2, DwellingType.T3, DwellingType.HOUSE };
			case 4 -> new DwellingType[] { DwellingType.T3, DwellingType.T4, DwellingType.HOUSE };
			default -> new DwellingType[] { DwellingType.T4, DwellingType.T5_OR_MORE, DwellingType.HOUSE };
		};
	}

	// needs assessments

	/** About 85 % of adults and a third of children; a second, later one for some. */
	private void assessments(Member member, Organization supporter) {
		int roll = this.random.nextInt(100);
		if (roll >= (member.adult() ? 85 : 35)) {
			return;
		}
		Basis basis = basis(member, DataCategory.NEEDS_ASSESSMENT, supporter);
		if (basis == null) {
			return;
		}
		LocalDate first = between(basis.notBefore(), basis.notBefore().plusDays(30));
		Map<NeedsDimension, NeedLevel> needs = needs();
		assessment(member, basis, first, "Évaluation à l'entrée dans l'accompagnement.", needs);
		boolean second = roll < (member.adult() ? 30 : 7);
		if (second && !first.plusDays(90).isAfter(this.today)) {
			Map<NeedsDimension, NeedLevel> later = new EnumMap<>(NeedsDimension.class);
			needs.forEach((dimension, level) -> later.put(dimension, (level.ordinal() > 0 && this.random.nextBoolean())
					? NeedLevel.values()[level.ordinal() - 1] : level));
			assessment(member, basis, between(first.plusDays(90), first.plusDays(400)),
					"Réévaluation : point d'étape de l'accompagnement.", later);
		}
	}

	/** Three to seven dimensions, housing always among them. */
	private Map<NeedsDimension, NeedLevel> needs() {
		List<NeedsDimension> others = new ArrayList<>(List.of(NeedsDimension.values()));
		others.remove(NeedsDimension.HOUSING);
		Collections.shuffle(others, this.random);
		Map<NeedsDimension, NeedLevel> needs = new EnumMap<>(NeedsDimension.class);
		needs.put(NeedsDimension.HOUSING, NeedLevel.values()[1 + weighted(10, 30, 60)]);
		for (NeedsDimension dimension : others.subList(0, 2 + this.random.nextInt(5))) {
			needs.put(dimension, NeedLevel.values()[weighted(15, 30, 35, 20)]);
		}
		return needs;
	}

	private void assessment(Member member, @Nullable Basis basis, LocalDate on, String summary,
			Map<NeedsDimension, NeedLevel> needs) {
		if (basis == null) {
			return;
		}
		NeedsAssessmentRecord row = new NeedsAssessmentRecord();
		row.setAssessedOn(on);
		row.setSummary(summary);
		element(row, member, basis, on);
		needs.forEach((dimension, level) -> {
			NeedsAssessmentItemRecord item = new NeedsAssessmentItemRecord();
			item.setAssessmentId(row.getId());
			item.setPersonId(member.person().getId());
			item.setDimension(dimension);
			item.setLevel(level);
			item.setNote((this.random.nextInt(3) == 0) ? needNote(dimension, level) : null);
			add(item);
		});
	}

	private static String needNote(NeedsDimension dimension, NeedLevel level) {
		String what = switch (dimension) {
			case HOUSING -> "le logement";
			case HEALTH -> "l'accès aux soins";
			case RESOURCES -> "les ressources et le budget";
			case ADMINISTRATIVE_RIGHTS -> "l'accès aux droits";
			case EMPLOYMENT -> "l'emploi et la formation";
			case SOCIAL_TIES -> "les liens sociaux";
			case DAILY_LIVING -> "la vie quotidienne";
		};
		return switch (level) {
			case NONE -> "Pas de besoin sur " + what + ".";
			case LOW -> "Besoin ponctuel sur " + what + ".";
			case MODERATE -> "Accompagnement régulier nécessaire sur " + what + ".";
			case HIGH -> "Priorité de l'accompagnement : " + what + ".";
		};
	}

	// support measures and notes

	private SupportMeasureType measureType() {
		// AVDL, ASLL, IML most frequent; ACT and Un chez-soi d'abord rare
		return SupportMeasureType.values()[weighted(30, 24, 20, 2, 3, 6, 6, 5, 4)];
	}

	private SupportIntensity intensity() {
		return SupportIntensity.values()[weighted(30, 50, 20)];
	}

	private UUID measure(Member member, Basis basis, MeasurePlan plan, LocalDate started, @Nullable LocalDate ended) {
		SupportMeasureRecord row = new SupportMeasureRecord();
		row.setType(plan.type());
		row.setProviderOrganizationId(basis.organization().id());
		row.setCaseLead(USERS.get(basis.organization().id()));
		row.setStartedOn(started);
		row.setEndedOn(ended);
		row.setIntensity(plan.intensity());
		LocalDate recorded = element(row, member, basis, started);
		if (ended != null) {
			updated(row, basis, recorded, ended);
		}
		return row.getId();
	}

	/** None to five notes per measure, in its course. */
	private void notes(Member member, Organization supporter, UUID measure, LocalDate started,
			@Nullable LocalDate ended) {
		int count = this.random.nextInt(6);
		Basis basis = (count > 0) ? basis(member, DataCategory.SUPPORT_NOTES, supporter) : null;
		if (basis == null) {
			return;
		}
		LocalDate last = (ended != null) ? ended : this.today;
		List<LocalDate> days = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			days.add(between(started, last));
		}
		Collections.sort(days);
		days.forEach((day) -> note(member, basis, measure, day, pick(NOTES)));
	}

	private void note(Member member, @Nullable Basis basis, UUID measure, LocalDate on, String body) {
		if (basis == null) {
			return;
		}
		SupportNoteRecord row = new SupportNoteRecord();
		row.setMeasureId(measure);
		row.setWrittenOn(on);
		row.setBody(body);
		element(row, member, basis, on);
	}

	// SIAO orientations

	/**
	 * For the adults the SIAO is involved with: the current orientation (accepted for a
	 * tenant), and for a fifth of the others an earlier one refused or cancelled.
	 */
	private void orientations(Member member, Organization supporter, @Nullable LocalDate tenancyStart) {
		InvolvementRecord siao = involvementOrNull(member, DemoOrganizations.SIAO);
		Basis proposer = (siao != null) ? basis(member, DataCategory.HOUSING_APPLICATION, DemoOrganizations.SIAO)
				: null;
		if (proposer == null) {
			return;
		}
		// the supporter requests when it may write the category (its mission, or the
		// person's consent); else the request came to the SIAO directly (its 115 line)
		// and the SIAO records it
		Basis basis = basis(member, DataCategory.HOUSING_APPLICATION, supporter);
		if (basis == null) {
			basis = proposer;
		}
		List<SiaoReferrals.Request> requests = new ArrayList<>();
		String request = (basis == proposer) ? "Demande reçue au 115" : "Demande transmise par " + supporter.name();
		LocalDate at = siao.getStartedOn();
		if (tenancyStart == null && this.random.nextInt(100) < 20 && at.plusDays(150).isBefore(this.today)) {
			LocalDate decided = at.plusDays(20 + this.random.nextInt(70));
			boolean refused = this.random.nextBoolean();
			OrientationSolution solution = solution();
			List<SiaoProposal> proposals = refused ? List.of(new SiaoProposal(between(at, decided), solution,
					provider(solution), ProposalOutcome.REFUSED_BY_PERSON, decided)) : List.of();
			orientation(member, basis, proposer, at, solution, request,
					refused ? OrientationStatus.REFUSED : OrientationStatus.CANCELLED, decided, proposals, requests);
			at = decided.plusDays(this.random.nextInt(30));
		}
		if (tenancyStart != null) {
			OrientationSolution solution = this.random.nextInt(100) < 70 ? OrientationSolution.SOCIAL_HOUSING
					: OrientationSolution.IML;
			LocalDate decided = between(at, tenancyStart.minusDays(10));
			orientation(member, basis, proposer, at, solution, request, OrientationStatus.ACCEPTED, decided,
					List.of(new SiaoProposal(between(at, decided), solution, DemoOrganizations.LANDLORD,
							ProposalOutcome.ACCEPTED, decided)),
					requests);
			referral(member, basis.organization(), requests);
			return;
		}
		OrientationSolution solution = solution();
		OrientationStatus status = OrientationStatus.values()[weighted(30, 25, 20, 10, 15)];
		LocalDate decided = (status == OrientationStatus.REQUESTED || status == OrientationStatus.PROPOSED) ? null
				: between(at, at.plusDays(120));
		List<SiaoProposal> proposals = new ArrayList<>();
		LocalDate until = (decided != null) ? decided : this.today;
		if (status != OrientationStatus.REQUESTED && this.random.nextInt(100) < 20) {
			LocalDate on = between(at, until);
			proposals.add(new SiaoProposal(on, solution, provider(solution), ProposalOutcome.REFUSED_BY_PROVIDER,
					between(on, until)));
		}
		LocalDate on = between(at, until);
		switch (status) {
			case PROPOSED ->
				proposals.add(new SiaoProposal(on, solution, provider(solution), ProposalOutcome.PENDING, null));
			case ACCEPTED ->
				proposals.add(new SiaoProposal(on, solution, provider(solution), ProposalOutcome.ACCEPTED, decided));
			case REFUSED -> proposals
				.add(new SiaoProposal(on, solution, provider(solution), ProposalOutcome.REFUSED_BY_PERSON, decided));
			case CANCELLED -> {
				if (this.random.nextBoolean()) {
					proposals
						.add(new SiaoProposal(on, solution, provider(solution), ProposalOutcome.WITHDRAWN, decided));
				}
			}
			case REQUESTED -> {
			}
		}
		proposals.sort((a, b) -> a.on().compareTo(b.on()));
		orientation(member, basis, proposer, at, solution, request, status, decided, proposals, requests);
		referral(member, basis.organization(), requests);
	}

	/**
	 * The SIAO's involvement with the member follows their requests, as the hub's
	 * requests and decisions make it ({@link SiaoReferrals}): from the first request, for
	 * the reason the requester gives, ended on the last decision once none is open.
	 */
	private static void referral(Member member, Organization requester, List<SiaoReferrals.Request> requests) {
		InvolvementRecord siao = involvement(member, DemoOrganizations.SIAO);
		siao.setStartedOn(SiaoReferrals.start(requests.get(0).requestedOn()));
		siao.setReason(SiaoReferrals.reason(requester));
		siao.setEndedOn(SiaoReferrals.endOf(requests));
	}

	private OrientationSolution solution() {
		return OrientationSolution.values()[weighted(15, 15, 20, 8, 10, 3, 25, 4)];
	}

	private @Nullable Organization provider(OrientationSolution solution) {
		return switch (solution) {
			case IML, SOCIAL_HOUSING -> DemoOrganizations.LANDLORD;
			case CHRS, PENSION_DE_FAMILLE, RESIDENCE_SOCIALE, UN_CHEZ_SOI_DABORD, EMERGENCY_SHELTER ->
				this.random.nextInt(4) == 0 ? DemoOrganizations.OTHER_ASSOCIATION : DemoOrganizations.ASSOCIATION;
			case OTHER -> null;
		};
	}

	private void orientation(Member member, Basis basis, Basis proposer, LocalDate requested,
			OrientationSolution solution, String note, OrientationStatus status, @Nullable LocalDate decided,
			List<SiaoProposal> proposals, List<SiaoReferrals.Request> requests) {
		SiaoOrientationRecord row = new SiaoOrientationRecord();
		row.setSiaoOrganizationId(proposer.organization().id());
		row.setRequestedOn(requested);
		row.setRequestedSolution(solution);
		row.setRequestNote(note);
		row.setStatus(status);
		row.setDecidedOn(decided);
		row.setOutcomeNote(switch (status) {
			case ACCEPTED -> "Proposition acceptée par la personne.";
			case REFUSED -> "Proposition refusée : trop éloignée des attaches de la personne.";
			case CANCELLED -> "Demande annulée : la personne a trouvé une solution par elle-même.";
			case REQUESTED, PROPOSED -> null;
		});
		LocalDate recorded = element(row, member, basis, requested);
		requests.add(new SiaoReferrals.Request(row.getRequestedOn(), status, decided));
		// decided by the requester; else moved to PROPOSED by the SIAO's first proposal
		if (decided != null) {
			updated(row, basis, recorded, decided);
		}
		else if (!proposals.isEmpty()) {
			updated(row, proposer, recorded, proposals.get(0).on());
		}
		for (SiaoProposal proposal : proposals) {
			SiaoProposalRecord offer = new SiaoProposalRecord();
			offer.setOrientationId(row.getId());
			offer.setProposedOn(proposal.on());
			offer.setSolution(proposal.solution());
			offer.setProviderOrganizationId((proposal.provider() != null) ? proposal.provider().id() : null);
			offer.setOutcome(proposal.outcome());
			offer.setOutcomeOn(proposal.outcomeOn());
			LocalDate proposed = element(offer, member, proposer, proposal.on());
			if (proposal.outcomeOn() != null) {
				updated(offer, proposer, proposed, proposal.outcomeOn());
			}
		}
	}

	// housing applications, attributions, tenancies, arrears

	/**
	 * About 40 % of persons: most tenants (their application led to the attribution),
	 * most of those the SIAO follows, some others.
	 */
	private @Nullable UUID application(Member member, Organization supporter, @Nullable LocalDate tenancyStart) {
		int share = (tenancyStart != null) ? 85 : (involvementOrNull(member, DemoOrganizations.SIAO) != null) ? 70 : 30;
		if (this.random.nextInt(100) >= share) {
			return null;
		}
		Basis basis = basis(member, DataCategory.HOUSING_APPLICATION, DemoOrganizations.SIAO, supporter,
				DemoOrganizations.LANDLORD);
		if (basis == null) {
			return null;
		}
		LocalDate filed = (tenancyStart != null) ? between(tenancyStart.minusDays(700), tenancyStart.minusDays(60))
				: between(basis.notBefore().minusDays(400), basis.notBefore().plusDays(60));
		HousingApplicationRecord row = new HousingApplicationRecord();
		row.setSneNumber(sneNumber(filed, basis.organization()));
		row.setFiledOn(filed);
		boolean dalo = this.random.nextInt(100) < 8;
		row.setDalo(dalo);
		row.setPriority(dalo || this.random.nextInt(100) < 20);
		LocalDate daloDecided = filed.plusDays(120 + this.random.nextInt(300));
		row.setDaloDecidedOn((dalo && !daloDecided.isAfter(this.today)) ? daloDecided : null);
		ApplicationStatus status;
		if (tenancyStart != null) {
			status = ApplicationStatus.ATTRIBUTED;
		}
		else {
			status = ApplicationStatus.values()[weighted(72, 10, 0, 8, 10)];
			if (status == ApplicationStatus.EXPIRED && filed.plusYears(1).isAfter(this.today)) {
				status = ApplicationStatus.ACTIVE;
			}
		}
		row.setStatus(status);
		LocalDate recorded = element(row, member, basis, filed);
		if (status == ApplicationStatus.ATTRIBUTED) {
			updated(row, basis, recorded, tenancyStart.minusDays(10));
		}
		else if (status == ApplicationStatus.EXPIRED) {
			updated(row, basis, recorded, filed.plusYears(1));
		}
		return row.getId();
	}

	/**
	 * A valid, unique SNE number: département, year and month of filing, a sequence
	 * within the month, the registering office.
	 */
	private String sneNumber(LocalDate filed, Organization office) {
		int month = (filed.getYear() % 100) * 100 + filed.getMonthValue();
		int sequence = this.sneSequences.merge(month, 1, Integer::sum);
		if (sequence > 999_999) {
			throw new IllegalStateException("More than 999,999 SNE numbers in one month: " + month);
		}
		String code = switch (office.type()) {
			case SIAO -> "SIAO1";
			case LANDLORD -> "HDA01";
			default -> "GUI38";
		};
		return "038%04d%06d%s".formatted(month, sequence, code);
	}

	private TenancyPlan tenancyPlan(int householdSize, @Nullable MeasurePlan measure) {
		LeaseKind lease = (measure != null && measure.type() == SupportMeasureType.IML) ? LeaseKind.SUBLEASE
				: LeaseKind.values()[weighted(85, 0, 10, 5)];
		DwellingType[] types = dwellings(householdSize);
		String address = "%d %s, %s".formatted(1 + this.random.nextInt(120), pick(STREETS), pick(CITIES));
		return new TenancyPlan(lease, types[this.random.nextInt(types.length)], address,
				BigDecimal.valueOf(25_000 + this.random.nextInt(45_001), 2),
				BigDecimal.valueOf(3_000 + this.random.nextInt(12_001), 2));
	}

	/**
	 * About one in four open arrears older than ten months goes the whole court path, to
	 * the eviction executed (the arrears then closed, the tenancy ended that day).
	 */
	private ArrearsPlan evictedOrNot(ArrearsPlan plan) {
		if (plan.status() != ArrearsStatus.OPEN || plan.since().plusMonths(10).isAfter(this.today)
				|| this.outcomes.nextInt(100) >= 25) {
			return plan;
		}
		PreventionStepKind[] path = { PreventionStepKind.COMMANDEMENT_DE_PAYER, PreventionStepKind.CCAPEX_REFERRAL,
				PreventionStepKind.ASSIGNATION, PreventionStepKind.HEARING, PreventionStepKind.JUDGMENT,
				PreventionStepKind.COMMANDEMENT_DE_QUITTER, PreventionStepKind.CONCOURS_FORCE_PUBLIQUE,
				PreventionStepKind.EVICTION };
		List<StepPlan> steps = new ArrayList<>();
		LocalDate on = plan.since().plusDays(20 + this.outcomes.nextInt(20));
		for (PreventionStepKind kind : path) {
			if (on.isAfter(this.today)) {
				// the procedure is still running
				return new ArrearsPlan(plan.amount(), plan.months(), plan.since(), ArrearsStatus.OPEN, null, steps);
			}
			steps.add(new StepPlan(kind, on, null, StepOutcome.UNFAVOURABLE));
			on = on.plusDays(25 + this.outcomes.nextInt(50));
		}
		LocalDate evicted = steps.get(steps.size() - 1).on();
		return new ArrearsPlan(plan.amount(), plan.months(), plan.since(), ArrearsStatus.CLOSED, evicted, steps);
	}

	/**
	 * The tenancy's end, if it ended: on the eviction's day, or, for about one tenancy in
	 * nine, a departure within two years (a move, a return to family, a death).
	 */
	private @Nullable LocalDate tenancyEnd(LocalDate start, @Nullable ArrearsPlan arrears) {
		if (arrears != null && arrears.evicted()) {
			return arrears.closedOn();
		}
		if (this.outcomes.nextInt(100) >= 11) {
			return null;
		}
		LocalDate end = start.plusDays(60 + this.outcomes.nextInt(660));
		if (!end.isBefore(this.today) || (arrears != null && !end.isAfter(arrears.since()))) {
			return null;
		}
		return end;
	}

	/** The history once the tenancy ended: the home left, and where the person went. */
	private List<Period> afterTheTenancy(List<Period> history, LocalDate end, boolean evicted) {
		List<Period> after = new ArrayList<>(history);
		Period home = after.remove(after.size() - 1);
		if (home.kind() != ResidentialSituationKind.HOUSED || !home.start().isBefore(end)) {
			return history;
		}
		after.add(new Period(home.kind(), home.start(), end, home.place(), home.note()));
		ResidentialSituationKind next = evicted
				? new ResidentialSituationKind[] { ResidentialSituationKind.FAMILY_OR_FRIENDS,
						ResidentialSituationKind.EMERGENCY_SHELTER, ResidentialSituationKind.HOTEL,
						ResidentialSituationKind.STREET }[this.outcomes.nextInt(4)]
				: new ResidentialSituationKind[] { ResidentialSituationKind.HOUSED,
						ResidentialSituationKind.FAMILY_OR_FRIENDS, ResidentialSituationKind.OTHER }[this.outcomes
							.nextInt(3)];
		// drawn apart from the rest of the territory, like the end itself
		String town = TOWNS[this.outcomes.nextInt(TOWNS.length)];
		after.add(new Period(next, end, null, switch (next) {
			case HOUSED -> "Nouveau logement, " + town;
			case FAMILY_OR_FRIENDS -> "Hébergé par un proche, " + town;
			case EMERGENCY_SHELTER -> "Hébergement d'urgence, " + town;
			case HOTEL -> "Hôtel (nuitées 115), " + town;
			case STREET -> town + ", à la rue";
			default -> town;
		}, evicted ? "Expulsé du logement." : null));
		return after;
	}

	private void tenancy(Member member, @Nullable UUID application, TenancyPlan plan, @Nullable LocalDate ended,
			@Nullable ArrearsPlan arrears) {
		Basis basis = basis(member, DataCategory.TENANCY, DemoOrganizations.LANDLORD);
		if (basis == null) {
			return;
		}
		LocalDate started = involvement(member, DemoOrganizations.LANDLORD).getStartedOn();
		AttributionRecord attribution = new AttributionRecord();
		attribution.setApplicationId(application);
		attribution.setLandlordOrganizationId(DemoOrganizations.LANDLORD.id());
		attribution.setDwellingType(plan.dwelling());
		attribution.setDecidedOn(started.minusDays(10 + this.random.nextInt(30)));
		// an attribution is HOUSING_APPLICATION data: the landlord holds it only under a
		// consent
		Basis attributionBasis = basis(member, DataCategory.HOUSING_APPLICATION, DemoOrganizations.LANDLORD);
		if (attributionBasis != null) {
			element(attribution, member, attributionBasis, attribution.getDecidedOn());
		}
		TenancyRecord tenancy = new TenancyRecord();
		tenancy.setLandlordOrganizationId(DemoOrganizations.LANDLORD.id());
		tenancy.setLeaseKind(plan.lease());
		tenancy.setDwellingType(plan.dwelling());
		tenancy.setAddress(plan.address());
		tenancy.setStartedOn(started);
		tenancy.setEndedOn((ended != null && ended.isAfter(started)) ? ended : null);
		tenancy.setMonthlyRent(plan.rent());
		tenancy.setMonthlyCharges(plan.charges());
		LocalDate recorded = element(tenancy, member, basis, started);
		LocalDate ending = tenancy.getEndedOn();
		if (ending != null && ending.isAfter(recorded) && !ending.isAfter(this.today)) {
			// like updated(), with the hour drawn apart from the rest of the territory
			OffsetDateTime at = ending.atTime(8 + this.outcomes.nextInt(10), this.outcomes.nextInt(60))
				.atOffset(ZoneOffset.UTC);
			set(tenancy, "version", 1);
			set(tenancy, "updated_by", USERS.get(basis.organization().id()));
			set(tenancy, "updated_at", at);
			this.activity.merge(member.person().getId(), at, (a, b) -> a.isAfter(b) ? a : b);
		}
		if (arrears != null) {
			arrears(member, tenancy.getId(), arrears);
		}
	}

	/**
	 * Arrears some months after the tenancy's start, with one to four prevention steps
	 * along one of the usual paths; none when the tenancy is too recent.
	 */
	private @Nullable ArrearsPlan arrearsPlan(LocalDate tenancyStart, TenancyPlan tenancy) {
		LocalDate earliest = tenancyStart.plusDays(60);
		LocalDate latest = this.today.minusDays(30);
		if (earliest.isAfter(latest)) {
			return null;
		}
		LocalDate since = between(earliest, latest);
		int months = 1 + weighted(25, 25, 15, 10, 8, 6, 4, 3, 2, 1, 1);
		BigDecimal monthly = tenancy.rent().add(tenancy.charges());
		BigDecimal amount = monthly.multiply(BigDecimal.valueOf(60 + this.random.nextInt(41)))
			.multiply(BigDecimal.valueOf(months))
			.movePointLeft(2)
			.setScale(2, RoundingMode.HALF_UP);
		ArrearsStatus status = ArrearsStatus.values()[weighted(45, 35, 20)];
		PreventionStepKind[] path = switch (status) {
			case PAYMENT_PLAN -> new PreventionStepKind[] { PreventionStepKind.PAYMENT_PLAN,
					PreventionStepKind.FSL_REQUEST, PreventionStepKind.FSL_DECISION, PreventionStepKind.OTHER };
			case OPEN -> this.random.nextBoolean()
					? new PreventionStepKind[] { PreventionStepKind.FSL_REQUEST, PreventionStepKind.FSL_DECISION,
							PreventionStepKind.CCAPEX_REFERRAL, PreventionStepKind.ASSIGNATION }
					: new PreventionStepKind[] { PreventionStepKind.COMMANDEMENT_DE_PAYER,
							PreventionStepKind.CCAPEX_REFERRAL, PreventionStepKind.ASSIGNATION,
							PreventionStepKind.HEARING };
			case CLOSED -> new PreventionStepKind[] { PreventionStepKind.FSL_REQUEST, PreventionStepKind.FSL_DECISION,
					PreventionStepKind.PAYMENT_PLAN, PreventionStepKind.OTHER };
		};
		int count = 1 + this.random.nextInt(4);
		List<StepPlan> steps = new ArrayList<>();
		// the first step within weeks (by today at the latest): there is always one
		LocalDate on = between(since.plusDays(15), since.plusDays(45));
		for (int i = 0; i < count && !on.isAfter(this.today); i++) {
			PreventionStepKind kind = path[i];
			BigDecimal stepAmount = switch (kind) {
				case FSL_REQUEST -> amount;
				case FSL_DECISION -> amount.multiply(BigDecimal.valueOf(50 + this.random.nextInt(51)))
					.movePointLeft(2)
					.setScale(2, RoundingMode.HALF_UP);
				case PAYMENT_PLAN -> BigDecimal.valueOf(3_000 + this.random.nextInt(12_001), 2);
				default -> null;
			};
			boolean last = i == count - 1 || on.plusDays(20).isAfter(this.today);
			StepOutcome outcome = (last && status != ArrearsStatus.CLOSED) ? StepOutcome.PENDING
					: StepOutcome.values()[1 + weighted(75, 25)];
			steps.add(new StepPlan(kind, on, stepAmount, outcome));
			on = on.plusDays(20 + this.random.nextInt(70));
		}
		LocalDate lastStep = steps.isEmpty() ? since : steps.get(steps.size() - 1).on();
		LocalDate closed = (status == ArrearsStatus.CLOSED) ? between(lastStep, lastStep.plusDays(90)) : null;
		return new ArrearsPlan(amount, months, since, status, closed, steps);
	}

	private void arrears(Member member, UUID tenancy, ArrearsPlan plan) {
		Basis basis = basis(member, DataCategory.RENT_ARREARS, DemoOrganizations.LANDLORD);
		if (basis == null) {
			return;
		}
		RentArrearsRecord row = new RentArrearsRecord();
		row.setTenancyId(tenancy);
		row.setAmount(plan.amount());
		row.setMonths(plan.months());
		row.setSince(plan.since());
		row.setStatus(plan.status());
		row.setClosedOn(plan.closedOn());
		LocalDate recorded = element(row, member, basis, plan.since());
		if (plan.closedOn() != null) {
			updated(row, basis, recorded, plan.closedOn());
		}
		else if (plan.status() == ArrearsStatus.PAYMENT_PLAN && !plan.steps().isEmpty()) {
			updated(row, basis, recorded, plan.steps().get(0).on());
		}
		for (StepPlan step : plan.steps()) {
			// the département's social service handles the FSL where the person lets it
			Basis author = (step.kind() == PreventionStepKind.FSL_REQUEST
					|| step.kind() == PreventionStepKind.FSL_DECISION)
							? basis(member, DataCategory.RENT_ARREARS, DemoOrganizations.DEPARTMENT,
									basis.organization())
							: basis;
			PreventionStepRecord prevention = new PreventionStepRecord();
			prevention.setArrearsId(row.getId());
			prevention.setKind(step.kind());
			prevention.setTakenOn(step.on());
			prevention.setAmount(step.amount());
			prevention.setOutcome(step.outcome());
			prevention.setNote(switch (step.kind()) {
				case FSL_REQUEST -> "Demande d'aide du Fonds de solidarité logement.";
				case PAYMENT_PLAN -> "Plan d'apurement signé.";
				case CCAPEX_REFERRAL -> "Saisine de la CCAPEX.";
				default -> null;
			});
			element(prevention, member, author, step.on());
		}
	}

	// benefits

	/**
	 * The CAF's benefits for an adult it pays: one to three, about one in ten suspended.
	 */
	private void benefits(Member member, boolean children, boolean housed) {
		InvolvementRecord caf = involvementOrNull(member, DemoOrganizations.CAF);
		Basis basis = (caf != null) ? basis(member, DataCategory.RESOURCES, DemoOrganizations.CAF) : null;
		if (basis == null) {
			return;
		}
		List<BenefitType> types = new ArrayList<>();
		int income = this.random.nextInt(100);
		types.add((income < 60) ? BenefitType.RSA
				: (income < 72) ? BenefitType.AAH : (income < 92) ? BenefitType.PRIME_ACTIVITE : BenefitType.OTHER);
		if (housed && this.random.nextInt(100) < 85) {
			types.add(BenefitType.APL);
		}
		else if (!housed && this.random.nextInt(100) < 5) {
			types.add(BenefitType.ALS);
		}
		if (children && this.random.nextInt(100) < 85) {
			types.add(BenefitType.FAMILY_ALLOWANCES);
		}
		for (BenefitType type : types) {
			LocalDate since = between(caf.getStartedOn(), caf.getStartedOn().plusDays(120));
			BenefitStatus status = BenefitStatus.values()[weighted(6, 78, 10, 6)];
			BigDecimal amount = switch (type) {
				case RSA -> BigDecimal.valueOf(55_000 + this.random.nextInt(50_000), 2);
				case AAH -> new BigDecimal("1016.05");
				case PRIME_ACTIVITE -> BigDecimal.valueOf(6_000 + this.random.nextInt(24_000), 2);
				case APL, ALS, ALF -> BigDecimal.valueOf(12_000 + this.random.nextInt(26_000), 2);
				case FAMILY_ALLOWANCES -> BigDecimal.valueOf(14_000 + this.random.nextInt(34_000), 2);
				case OTHER -> BigDecimal.valueOf(5_000 + this.random.nextInt(15_000), 2);
			};
			LocalDate suspended = (status == BenefitStatus.SUSPENDED) ? between(since.plusDays(30), this.today) : null;
			benefit(member, basis, type, status, (status == BenefitStatus.REQUESTED) ? null : amount, since, suspended);
		}
	}

	private void benefit(Member member, @Nullable Basis basis, BenefitType type, BenefitStatus status,
			@Nullable BigDecimal amount, LocalDate since, @Nullable LocalDate suspended) {
		if (basis == null) {
			return;
		}
		BenefitRecord row = new BenefitRecord();
		row.setType(type);
		row.setStatus(status);
		row.setMonthlyAmount(amount);
		row.setSince(since);
		row.setSuspendedOn(suspended);
		row.setSuspensionReason((suspended != null) ? pick(SUSPENSIONS) : null);
		LocalDate recorded = element(row, member, basis, since);
		if (suspended != null) {
			updated(row, basis, recorded, suspended);
		}
	}

	// sensitive records

	/**
	 * Health for those the addiction service follows, under the consent naming it; a few
	 * justice and violence records by the supporting association, to which the person has
	 * added a named permit for that category to their active consent.
	 */
	private void sensitiveRecords(Member member, Organization supporter, List<Period> history) {
		InvolvementRecord care = involvementOrNull(member, DemoOrganizations.ADDICTION_SERVICE);
		if (care != null) {
			boolean addiction = this.random.nextInt(100) < 85;
			sensitive(member, basis(member, DataCategory.HEALTH, DemoOrganizations.ADDICTION_SERVICE),
					DataCategory.HEALTH,
					addiction ? SensitiveRecordKind.ADDICTION_CARE : SensitiveRecordKind.MENTAL_HEALTH_CARE,
					care.getStartedOn(),
					addiction ? "Suivi en addictologie, rendez-vous réguliers." : "Suivi psychologique au CSAPA.");
		}
		if (supporter.type() != OrganizationType.ASSOCIATION) {
			return;
		}
		boolean prison = history.stream().anyMatch((p) -> p.kind() == ResidentialSituationKind.PRISON_EXIT);
		if ((prison && this.random.nextInt(100) < 40) || this.random.nextInt(100) < 1) {
			SensitiveRecordKind kind = prison
					? (this.random.nextBoolean() ? SensitiveRecordKind.PRISON_RELEASE : SensitiveRecordKind.PROBATION)
					: new SensitiveRecordKind[] { SensitiveRecordKind.COURT_PROCEEDING,
							SensitiveRecordKind.LEGAL_PROTECTION, SensitiveRecordKind.PROBATION }[this.random
								.nextInt(3)];
			sensitive(member, namedBasis(member, supporter, DataCategory.JUSTICE), DataCategory.JUSTICE, kind,
					between(member.person().getBirthDate().plusYears(18), this.today.minusDays(30)), switch (kind) {
						case PRISON_RELEASE -> "Sortie de détention, aménagement de peine.";
						case PROBATION -> "Suivi SPIP, obligation de soins et de recherche d'emploi.";
						case LEGAL_PROTECTION -> "Curatelle renforcée.";
						default -> "Procédure en cours.";
					});
		}
		if (this.random.nextInt(1000) < (member.female() ? 40 : 5)) {
			boolean order = this.random.nextInt(4) == 0;
			sensitive(member, namedBasis(member, supporter, DataCategory.VIOLENCE), DataCategory.VIOLENCE,
					order ? SensitiveRecordKind.PROTECTION_ORDER : SensitiveRecordKind.DOMESTIC_VIOLENCE,
					between(this.today.minusDays(1500), this.today.minusDays(30)),
					order ? "Ordonnance de protection délivrée par le juge aux affaires familiales."
							: "Violences conjugales ; mise à l'abri, plainte déposée.");
		}
	}

	/**
	 * The basis for a sensitive category the association records with the person's
	 * agreement: a permit naming it, added to the person's active consent; none without
	 * an active consent.
	 */
	private @Nullable Basis namedBasis(Member member, Organization writer, DataCategory category) {
		ConsentRecord consent = member.consents().stream().filter(this::active).reduce((a, b) -> b).orElse(null);
		if (consent == null) {
			return null;
		}
		ConsentProvisionRecord provision = new ConsentProvisionRecord();
		provision.setId(nextId(CONSENT_PROVISION));
		provision.setConsentId(consent.getId());
		provision.setType(ProvisionType.PERMIT);
		provision.setCategories(new DataCategory[] { category });
		provision.setRecipientOrganizationId(writer.id());
		provision.setPurposes(new Purpose[] { Purpose.SUPPORT });
		member.provisions().add(provision);
		add(provision);
		return basis(member, category, writer);
	}

	private void sensitive(Member member, @Nullable Basis basis, DataCategory category, SensitiveRecordKind kind,
			LocalDate started, String summary) {
		if (basis == null) {
			return;
		}
		SensitiveRecordRecord row = new SensitiveRecordRecord();
		row.setCategory(category);
		row.setKind(kind);
		row.setStartedOn(started);
		row.setSummary(summary);
		element(row, member, basis, started);
	}

	// the basis of an element

	/**
	 * The first of these writers that would have been let record this category for the
	 * person: the write policy lets its type write it, it is involved with the person,
	 * and its own read decision permits the category under one of its role's purposes
	 * (its default purpose first): a mission cell, else a permit of an active consent.
	 */
	private @Nullable Basis basis(Member member, DataCategory category, Organization... writers) {
		for (Organization writer : writers) {
			Basis basis = basis(member, writer, category);
			if (basis != null) {
				return basis;
			}
		}
		return null;
	}

	/** The basis of an element the scenario needs: its absence is a bug. */
	private Basis required(Member member, DataCategory category, Organization writer) {
		Basis basis = basis(member, writer, category);
		if (basis == null) {
			throw new IllegalStateException(writer.name() + " may not record " + category + " for "
					+ member.person().getFirstName() + ": the scenario needs it (policy, write rules, consent)");
		}
		return basis;
	}

	private @Nullable Basis basis(Member member, Organization writer, DataCategory category) {
		Role role = ROLES.get(writer.type());
		InvolvementRecord involvement = involvementOrNull(member, writer);
		if (role == null || involvement == null
				|| !this.policy.writes().contains(writer.type().name() + "/" + category.name())) {
			return null;
		}
		List<Purpose> purposes = this.purposes.computeIfAbsent(writer.type(), (type) -> purposes(type, role));
		LocalDate involved = involvement.getStartedOn();
		String mission = this.missions
			.computeIfAbsent(writer.type().name() + "/" + category.name(),
					(key) -> Optional.ofNullable(mission(writer.type(), role, category, purposes)))
			.orElse(null);
		if (mission != null) {
			return new Basis(writer, mission, null, null, involved);
		}
		for (Purpose purpose : purposes) {
			PolicyEffect cap = this.policy.cells()
				.get(String.join("/", writer.type().name(), role.name(), category.name(), purpose.name()));
			if (cap == PolicyEffect.MISSION || cap == PolicyEffect.CONSENT_REQUIRED) {
				ConsentProvisionRecord permit = decisive(member, writer, category, purpose);
				if (permit != null) {
					ConsentRecord consent = member.consents()
						.stream()
						.filter((c) -> c.getId().equals(permit.getConsentId()))
						.findFirst()
						.orElseThrow();
					return new Basis(writer, null, consent.getId(), permit.getId(),
							max(involved, consent.getPeriodStart()));
				}
			}
		}
		return null;
	}

	/**
	 * The purposes a writer of this type may declare, its default first (not emergency
	 * access or statistics).
	 */
	private List<Purpose> purposes(OrganizationType type, Role role) {
		List<Purpose> purposes = new ArrayList<>();
		Purpose preferred = this.policy.defaults().get(type.name() + "/" + role.name());
		if (preferred != null) {
			purposes.add(preferred);
		}
		for (Purpose purpose : Purpose.values()) {
			if (purpose != preferred && purpose != Purpose.EMERGENCY && purpose != Purpose.STATISTICS) {
				purposes.add(purpose);
			}
		}
		return List.copyOf(purposes);
	}

	/**
	 * The first mission cell for the category among the purposes; never a sensitive one.
	 */
	private @Nullable String mission(OrganizationType type, Role role, DataCategory category, List<Purpose> purposes) {
		if (category.isSensitive()) {
			return null;
		}
		for (Purpose purpose : purposes) {
			String rule = String.join("/", type.name(), role.name(), category.name(), purpose.name());
			if (this.policy.cells().get(rule) == PolicyEffect.MISSION) {
				return rule;
			}
		}
		return null;
	}

	/**
	 * The provision that decides, as the access decision ranks them (named organization,
	 * then type, then everyone; a deny beats a permit at the same rank; a sensitive
	 * category only by a permit naming the organization), if it is a permit.
	 */
	private @Nullable ConsentProvisionRecord decisive(Member member, Organization writer, DataCategory category,
			Purpose purpose) {
		ConsentProvisionRecord best = null;
		int bestRank = Integer.MAX_VALUE;
		for (ConsentProvisionRecord provision : member.provisions()) {
			ConsentRecord consent = member.consents()
				.stream()
				.filter((c) -> c.getId().equals(provision.getConsentId()))
				.findFirst()
				.orElse(null);
			if (consent == null || !active(consent) || provision.getParentId() != null
					|| !Arrays.asList(provision.getCategories()).contains(category)
					|| !Arrays.asList(provision.getPurposes()).contains(purpose)) {
				continue;
			}
			boolean permit = provision.getType() == ProvisionType.PERMIT;
			int level;
			if (provision.getRecipientOrganizationId() != null) {
				if (!provision.getRecipientOrganizationId().equals(writer.id())) {
					continue;
				}
				level = 0;
			}
			else if (provision.getRecipientOrganizationType() != null) {
				if (provision.getRecipientOrganizationType() != writer.type()) {
					continue;
				}
				level = 1;
			}
			else {
				level = 2;
			}
			if (permit && category.isSensitive() && level != 0) {
				continue;
			}
			int rank = level * 2 + (permit ? 1 : 0);
			if (rank < bestRank) {
				best = provision;
				bestRank = rank;
			}
		}
		return (best != null && best.getType() == ProvisionType.PERMIT) ? best : null;
	}

	private boolean active(ConsentRecord consent) {
		return consent.getStatus() == ConsentStatus.ACTIVE && !consent.getPeriodStart().isAfter(this.today)
				&& (consent.getPeriodEnd() == null || !consent.getPeriodEnd().isBefore(this.today));
	}

	// rows

	/**
	 * Fills the id, person and provenance columns of an element dated {@code on} and adds
	 * it to the chunk; returns the day it was recorded (not before its basis allowed, not
	 * after today).
	 */
	private LocalDate element(TableRecord<?> row, Member member, Basis basis, LocalDate on) {
		LocalDate recorded = min(max(on, basis.notBefore()), this.today);
		OffsetDateTime at = at(recorded);
		set(row, "id", nextId(row.getTable()));
		set(row, "person_id", member.person().getId());
		set(row, "version", 0);
		set(row, "recorded_by_organization_id", basis.organization().id());
		set(row, "recorded_by", USERS.get(basis.organization().id()));
		set(row, "recorded_at", at);
		set(row, "basis", (basis.rule() != null) ? ElementBasis.MISSION : ElementBasis.CONSENT);
		set(row, "basis_consent_id", basis.consentId());
		set(row, "basis_provision_id", basis.provisionId());
		set(row, "basis_rule", basis.rule());
		set(row, "updated_by", null);
		set(row, "updated_at", null);
		touch(member, at);
		add(row);
		return recorded;
	}

	/**
	 * An element recorded before a change of its own (an end, a decision): the author
	 * updated it that day, one version later.
	 */
	private void updated(TableRecord<?> row, Basis basis, LocalDate recorded, LocalDate on) {
		if (!on.isAfter(recorded) || on.isAfter(this.today)) {
			return;
		}
		OffsetDateTime at = at(on);
		set(row, "version", 1);
		set(row, "updated_by", USERS.get(basis.organization().id()));
		set(row, "updated_at", at);
		this.activity.merge(row.get("person_id", UUID.class), at, (a, b) -> a.isAfter(b) ? a : b);
	}

	@SuppressWarnings("unchecked")
	private static void set(Record row, String column, @Nullable Object value) {
		Field<Object> field = (Field<Object>) row.field(column);
		if (field == null) {
			throw new IllegalArgumentException("No column " + column + " in " + row);
		}
		row.set(field, value);
	}

	/** A time in office hours that day; today, its start (never in the future). */
	private OffsetDateTime at(LocalDate day) {
		if (!day.isBefore(this.today)) {
			return this.today.atStartOfDay().atOffset(ZoneOffset.UTC);
		}
		return day.atTime(8 + this.random.nextInt(10), this.random.nextInt(60)).atOffset(ZoneOffset.UTC);
	}

	private void touch(Member member, OffsetDateTime at) {
		this.activity.merge(member.person().getId(), at, (a, b) -> a.isAfter(b) ? a : b);
	}

	/**
	 * Each member's last activity: the latest element recorded or updated, else the
	 * latest involvement or consent.
	 */
	private void activity(List<Member> members) {
		for (Member member : members) {
			OffsetDateTime last = this.activity.get(member.person().getId());
			if (last == null) {
				LocalDate latest = member.involvements()
					.stream()
					.map(InvolvementRecord::getStartedOn)
					.max(LocalDate::compareTo)
					.orElse(this.today);
				for (ConsentRecord consent : member.consents()) {
					latest = max(latest, consent.getPeriodStart());
				}
				last = min(latest, this.today).atTime(9, 0).atOffset(ZoneOffset.UTC);
			}
			member.person().setLastActivityAt(last);
		}
		this.activity.clear();
	}

	private void add(TableRecord<?> row) {
		this.chunk.get(row.getTable()).add(row);
		this.counts.merge(row.getTable(), 1L, Long::sum);
	}

	private UUID nextId(Table<?> table) {
		int number = this.ids.merge(table, 1, Integer::sum) - 1;
		return DemoTerritory.id(table.getName(), number);
	}

	/** The rows of the chunk, table by table in an order that respects references. */
	Map<Table<?>, List<Record>> chunk() {
		return this.chunk;
	}

	/** Empties the chunk once written. */
	void clear() {
		this.chunk.values().forEach(List::clear);
	}

	/** Rows generated so far per table, the added consent provisions first. */
	Map<Table<?>, Long> counts() {
		return Collections.unmodifiableMap(this.counts);
	}

	/** Rows generated so far, all tables of the file. */
	long total() {
		return this.counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey() != CONSENT_PROVISION)
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	// involvements and small helpers

	private static InvolvementRecord involvement(Member member, Organization organization) {
		InvolvementRecord involvement = involvementOrNull(member, organization);
		if (involvement == null) {
			throw new IllegalStateException(organization.name() + " is not involved with " + member.person().getId());
		}
		return involvement;
	}

	/** The organization's first involvement with the member. */
	private static @Nullable InvolvementRecord involvementOrNull(Member member, Organization organization) {
		for (InvolvementRecord involvement : member.involvements()) {
			if (involvement.getOrganizationId().equals(organization.id())) {
				return involvement;
			}
		}
		return null;
	}

	/** An index drawn with these weights. */
	private int weighted(int... weights) {
		int total = 0;
		for (int weight : weights) {
			total += weight;
		}
		int roll = this.random.nextInt(total);
		for (int i = 0; i < weights.length; i++) {
			roll -= weights[i];
			if (roll < 0) {
				return i;
			}
		}
		throw new IllegalStateException();
	}

	/** A day between these two, both included, never after today. */
	private LocalDate between(LocalDate from, LocalDate to) {
		LocalDate last = min(to, this.today);
		if (!last.isAfter(from)) {
			return min(from, this.today);
		}
		return from.plusDays(this.random.nextInt((int) ChronoUnit.DAYS.between(from, last) + 1));
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

	private static LocalDate min(LocalDate a, LocalDate b) {
		return a.isBefore(b) ? a : b;
	}

	private static LocalDate max(LocalDate a, LocalDate b) {
		return a.isAfter(b) ? a : b;
	}

	private static Map<UUID, Organization> organizations() {
		Map<UUID, Organization> organizations = new HashMap<>();
		DemoOrganizations.ALL.forEach((organization) -> organizations.put(organization.id(), organization));
		return organizations;
	}

}

package fr.passerelle.demo;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;
import static fr.passerelle.jooq.Tables.CONSENT_TEXT;
import static fr.passerelle.jooq.Tables.HOUSEHOLD;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_MEMBER;
import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.ORGANIZATION;
import static fr.passerelle.jooq.Tables.PERSON;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.EnumType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.Purpose;
import fr.passerelle.jooq.enums.ConsentMethod;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.HouseholdRole;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.jooq.tables.records.ConsentProvisionRecord;
import fr.passerelle.jooq.tables.records.ConsentRecord;
import fr.passerelle.jooq.tables.records.HouseholdMemberRecord;
import fr.passerelle.jooq.tables.records.HouseholdRecord;
import fr.passerelle.jooq.tables.records.InvolvementRecord;
import fr.passerelle.jooq.tables.records.OrganizationRecord;
import fr.passerelle.jooq.tables.records.PersonRecord;

/**
 * A deterministic demo territory: the partners of {@link DemoOrganizations} and
 * households of persons with involvements and consents of varied shapes (none, the intake
 * scenario's, broad, with a deny overriding a permit, expired, revoked, a
 * representative's for minors), and each person's support file ({@link DemoFile}). The
 * same seed gives the same persons, ids and links; dates are relative to the day of
 * generation.
 *
 * <p>
 * Households are generated and written in chunks (PostgreSQL {@code COPY}), so a
 * territory of a million persons never sits in memory; the chunk size changes nothing in
 * the result. Progress is logged after each chunk.
 *
 * <p>
 * The first person is Karim, the persona of DESIGN.md's week on the platform, at the end
 * of his intake: followed by the association (case lead {@code referent.asso}), the SIAO,
 * the CAF and the addiction-care service, with the consent read aloud from consent text
 * v3; sleeping rough, an AVDL measure, his needs assessed, an IML dwelling just proposed
 * by the SIAO, no tenancy yet.
 */
public final class DemoTerritory {

	/** The consent text version the demo consents were collected with. */
	public static final String CONSENT_TEXT_VERSION = "v3";

	static final String CONSENT_TEXT_BODY = """
			Passerelle — consentement au partage d'informations, version 3.
			J'accepte que les organisations nommées ci-dessous voient les catégories d'informations indiquées,
			pour les finalités indiquées. Je peux retirer mon accord à tout moment ; le retrait vaut pour l'avenir.
			""";

	public static final UUID KARIM = personId(0);

	/** How many households are generated, then written, at a time by default. */
	public static final int HOUSEHOLDS_PER_CHUNK = 5_000;

	/** The hash of the demo's consent text, as the registry computes it. */
	public static final String CONSENT_TEXT_SHA256 = sha256(CONSENT_TEXT_BODY);

	/** The demo's consent text in the registry (French, version v3). */
	public static final UUID CONSENT_TEXT_ID = id("consent-text", 3);

	private static final List<Field<?>> PERSON_COLUMNS = List.of(PERSON.ID, PERSON.TERRITORY, PERSON.FIRST_NAME,
			PERSON.LAST_NAME, PERSON.BIRTH_DATE, PERSON.PHONE, PERSON.LAST_ACTIVITY_AT);

	private static final List<Field<?>> HOUSEHOLD_COLUMNS = List.of(HOUSEHOLD.ID);

	private static final List<Field<?>> MEMBER_COLUMNS = List.of(HOUSEHOLD_MEMBER.HOUSEHOLD_ID,
			HOUSEHOLD_MEMBER.PERSON_ID, HOUSEHOLD_MEMBER.ROLE, HOUSEHOLD_MEMBER.REPRESENTATIVE_PERSON_ID,
			HOUSEHOLD_MEMBER.SINCE);

	private static final List<Field<?>> INVOLVEMENT_COLUMNS = List.of(INVOLVEMENT.ID, INVOLVEMENT.ORGANIZATION_ID,
			INVOLVEMENT.PERSON_ID, INVOLVEMENT.KIND, INVOLVEMENT.STARTED_ON, INVOLVEMENT.ENDED_ON, INVOLVEMENT.REASON,
			INVOLVEMENT.CREATED_BY, INVOLVEMENT.CASE_LEAD);

	private static final List<Field<?>> CONSENT_COLUMNS = List.of(CONSENT.ID, CONSENT.PERSON_ID, CONSENT.GRANTOR,
			CONSENT.REPRESENTATIVE_PERSON_ID, CONSENT.STATUS, CONSENT.PERIOD_START, CONSENT.PERIOD_END,
			CONSENT.COLLECTED_BY_USER, CONSENT.COLLECTED_BY_ORGANIZATION_ID, CONSENT.METHOD, CONSENT.COLLECTED_AT,
			CONSENT.TEXT_ID, CONSENT.TEXT_VERSION, CONSENT.TEXT_SHA256, CONSENT.REVOKED_AT, CONSENT.REVOKED_BY);

	private static final List<Field<?>> PROVISION_COLUMNS = List.of(CONSENT_PROVISION.ID, CONSENT_PROVISION.CONSENT_ID,
			CONSENT_PROVISION.PARENT_ID, CONSENT_PROVISION.TYPE, CONSENT_PROVISION.CATEGORIES,
			CONSENT_PROVISION.RECIPIENT_ORGANIZATION_ID, CONSENT_PROVISION.RECIPIENT_ORGANIZATION_TYPE,
			CONSENT_PROVISION.PURPOSES);

	/** The demo user who leads the support of the persons each organization supports. */
	private static final Map<UUID, String> CASE_LEADS = Map.of(DemoOrganizations.ASSOCIATION.id(), "referent.asso",
			DemoOrganizations.OTHER_ASSOCIATION.id(), "referent.autre-asso", DemoOrganizations.DEPARTMENT.id(),
			"as.departement", DemoOrganizations.ADDICTION_SERVICE.id(), "referent.sensible");

	private static final Logger logger = LoggerFactory.getLogger(DemoTerritory.class);

	private static final String[] MALE = { "Karim", "Julien", "Mamadou", "Thomas", "Ahmed", "Nicolas", "Sébastien",
			"Youssef", "Christophe", "Didier", "Ibrahima", "Pascal", "Mehdi", "Laurent", "Florian", "Ousmane", "Rachid",
			"Bruno", "Kevin", "Stéphane" };

	private static final String[] FEMALE = { "Nadia", "Sophie", "Aminata", "Céline", "Fatima", "Sandrine", "Julie",
			"Leïla", "Isabelle", "Aurélie", "Mariam", "Nathalie", "Samira", "Émilie", "Chantal", "Awa", "Sarah",
			"Valérie", "Inès", "Martine" };

	private static final Set<String> FEMALE_NAMES = Set.of(FEMALE);

	private static final String[] CHILDREN = { "Lina", "Adam", "Emma", "Noah", "Jade", "Rayan", "Louise", "Ilyes",
			"Chloé", "Nathan", "Maël", "Yasmine" };

	private static final String[] LAST = { "Martin", "Bernard", "Diallo", "Moreau", "Benali", "Girard", "Traoré",
			"Roux", "Mercier", "Haddad", "Fontaine", "Chevalier", "Bouvier", "Diop", "Garnier", "Lambert", "Mansouri",
			"Faure", "Rousseau", "Camara", "Blanc", "Guerin", "Perrin", "Cissé", "Morel", "Fabre", "Nguyen", "Colin",
			"Meunier", "Brun" };

	private final DSLContext dsl;

	private final long seed;

	private final Random random;

	private final LocalDate today;

	private final List<TableRecord<?>> organizations = new ArrayList<>();

	// the chunk being generated: written, then cleared

	private final List<PersonRecord> persons = new ArrayList<>();

	private final List<HouseholdRecord> households = new ArrayList<>();

	private final List<HouseholdMemberRecord> members = new ArrayList<>();

	private final List<InvolvementRecord> involvements = new ArrayList<>();

	private final List<ConsentRecord> consents = new ArrayList<>();

	private final List<ConsentProvisionRecord> provisions = new ArrayList<>();

	// the territory's counters: the ids are numbered across chunks

	private int personCount;

	private int householdCount;

	private int involvementCount;

	private int consentCount;

	private int nextProvision;

	private LocalDate householdSince = LocalDate.EPOCH;

	/** Time spent writing (COPY), for the benchmark. */
	private long copyNanos;

	/** The persons of the current household followed by the addiction-care service. */
	private final Set<UUID> followedForAddiction = new HashSet<>();

	private @Nullable UUID lastConsent;

	public DemoTerritory(DSLContext dsl, long seed, LocalDate today) {
		this.dsl = dsl;
		this.seed = seed;
		this.random = new Random(seed);
		this.today = today;
	}

	/**
	 * Publishes the demo's consent text in the registry, once (as the demo's privacy
	 * officer would have): what the demo's consents, and those recorded in a demo run,
	 * are given on.
	 */
	public static void publishConsentText(DSLContext dsl) {
		dsl.insertInto(CONSENT_TEXT)
			.set(CONSENT_TEXT.ID, CONSENT_TEXT_ID)
			.set(CONSENT_TEXT.LANGUAGE, "fr")
			.set(CONSENT_TEXT.VERSION, CONSENT_TEXT_VERSION)
			.set(CONSENT_TEXT.BODY, CONSENT_TEXT_BODY)
			.set(CONSENT_TEXT.EFFECTIVE_FROM, LocalDate.of(2015, 1, 1))
			.set(CONSENT_TEXT.PUBLISHED_BY, "dpo")
			.onConflictDoNothing()
			.execute();
	}

	/**
	 * Whether the territory has been generated already (the directory has organizations).
	 */
	public static boolean isPresent(DSLContext dsl) {
		return dsl.fetchExists(ORGANIZATION);
	}

	/**
	 * Generate the partners and about {@code personCount} persons, in one transaction,
	 * {@value #HOUSEHOLDS_PER_CHUNK} households at a time.
	 */
	public void generate(int personCount) {
		generate(personCount, HOUSEHOLDS_PER_CHUNK);
	}

	/**
	 * Generate the partners and about {@code personCount} persons, in one transaction,
	 * {@code householdsPerChunk} households at a time: the same territory whatever the
	 * chunk size.
	 */
	public void generate(int personCount, int householdsPerChunk) {
		if (householdsPerChunk < 1) {
			throw new IllegalArgumentException("householdsPerChunk must be positive: " + householdsPerChunk);
		}
		long started = System.nanoTime();
		for (Organization organization : DemoOrganizations.DIRECTORY) {
			OrganizationRecord record = new OrganizationRecord();
			record.setId(organization.id());
			record.setName(organization.name());
			record.setType(organization.type());
			record.setTerritory(organization.territory());
			record.setSensitive(organization.sensitive());
			record.setSensitiveCategory(organization.sensitiveCategory());
			this.organizations.add(record);
		}
		this.dsl.transaction((tx) -> {
			DSLContext dsl = tx.dsl();
			// the directory's first versions say where they come from
			dsl.execute("SELECT set_config('passerelle.directory_reason', 'Territoire de démonstration', true),"
					+ " set_config('passerelle.directory_by', 'demo', true)");
			dsl.batchInsert(this.organizations).execute();
			publishConsentText(dsl);
			places(dsl);
			DemoFile file = new DemoFile(this.seed, this.today, DemoFile.Policy.read(dsl));
			dsl.connection((connection) -> {
				CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
				karim(file);
				while (this.personCount < personCount) {
					household(file);
					if (this.households.size() >= householdsPerChunk) {
						write(copy, file);
						progress(personCount, started, file);
					}
				}
				if (!this.households.isEmpty()) {
					write(copy, file);
					progress(personCount, started, file);
				}
			});
			logger.info(
					"Demo territory {}: {} organizations, {} persons in {} households, {} involvements, {} consents, "
							+ "{} elements of the support file in {} s (COPY {} s)",
					DemoOrganizations.TERRITORY, this.organizations.size(), this.personCount, this.householdCount,
					this.involvementCount, this.consentCount, file.total(), seconds(started),
					Math.round(this.copyNanos / 1e7) / 100.0);
			logger.info("Demo territory {}: support file {}", DemoOrganizations.TERRITORY,
					file.counts()
						.entrySet()
						.stream()
						.map((entry) -> entry.getKey().getName() + " " + entry.getValue())
						.collect(Collectors.joining(", ")));
		});
	}

	/** Writes the chunk generated so far, parents first, and clears it. */
	private void write(CopyManager copy, DemoFile file) throws SQLException, IOException {
		long started = System.nanoTime();
		copy(copy, PERSON, PERSON_COLUMNS, this.persons);
		copy(copy, HOUSEHOLD, HOUSEHOLD_COLUMNS, this.households);
		copy(copy, HOUSEHOLD_MEMBER, MEMBER_COLUMNS, this.members);
		copy(copy, INVOLVEMENT, INVOLVEMENT_COLUMNS, this.involvements);
		copy(copy, CONSENT, CONSENT_COLUMNS, this.consents);
		copy(copy, CONSENT_PROVISION, PROVISION_COLUMNS, this.provisions);
		for (Map.Entry<Table<?>, List<Record>> rows : file.chunk().entrySet()) {
			Table<?> table = rows.getKey();
			copy(copy, table, (table == CONSENT_PROVISION) ? PROVISION_COLUMNS : List.of(table.fields()),
					rows.getValue());
		}
		file.clear();
		this.persons.clear();
		this.households.clear();
		this.members.clear();
		this.involvements.clear();
		this.consents.clear();
		this.provisions.clear();
		this.copyNanos += System.nanoTime() - started;
	}

	private void copy(CopyManager copy, Table<?> table, List<Field<?>> columns, List<? extends Record> records)
			throws SQLException, IOException {
		if (records.isEmpty()) {
			return;
		}
		StringBuilder text = new StringBuilder(records.size() * 160);
		// all the table's columns, in order: read by index
		boolean allColumns = columns.equals(List.of(table.fields()));
		for (Record record : records) {
			for (int i = 0; i < columns.size(); i++) {
				if (i > 0) {
					text.append('\t');
				}
				appendCopyValue(text, allColumns ? record.get(i) : record.get(columns.get(i)));
			}
			text.append('\n');
		}
		String columnList = columns.stream()
			.map((column) -> this.dsl.render(DSL.name(column.getName())))
			.collect(Collectors.joining(", "));
		copy.copyIn("COPY " + this.dsl.render(table) + " (" + columnList + ") FROM STDIN (FORMAT text)",
				new StringReader(text.toString()));
	}

	/**
	 * A value in COPY's text format: {@code \N} for null, enums as their literal, arrays
	 * as {@code {A,B}} (text elements quoted), the rest as text with backslash, tab and
	 * line breaks escaped.
	 */
	static void appendCopyValue(StringBuilder text, @Nullable Object value) {
		if (value == null) {
			text.append("\\N");
		}
		else if (value instanceof Object[] array) {
			StringBuilder literal = new StringBuilder("{");
			for (int i = 0; i < array.length; i++) {
				if (i > 0) {
					literal.append(',');
				}
				if (array[i] instanceof String element) {
					literal.append('"');
					for (int c = 0; c < element.length(); c++) {
						char character = element.charAt(c);
						if (character == '"' || character == '\\') {
							literal.append('\\');
						}
						literal.append(character);
					}
					literal.append('"');
					continue;
				}
				String name = (array[i] != null) ? literal(array[i]) : "";
				if (name.isEmpty()
						|| !name.chars().allMatch((c) -> c == '_' || c < 128 && Character.isLetterOrDigit(c))) {
					// enum literals and texts only: anything else would need its own
					// quoting
					throw new IllegalArgumentException("Array element needs quoting: " + name);
				}
				literal.append(name);
			}
			appendCopyText(text, literal.append('}').toString());
		}
		else {
			appendCopyText(text, literal(value));
		}
	}

	private static void appendCopyText(StringBuilder text, String literal) {
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			switch (c) {
				case '\\' -> text.append("\\\\");
				case '\t' -> text.append("\\t");
				case '\n' -> text.append("\\n");
				case '\r' -> text.append("\\r");
				default -> text.append(c);
			}
		}
	}

	private static String literal(Object value) {
		if (value instanceof EnumType type) {
			return type.getLiteral();
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		return value.toString();
	}

	private void progress(int total, long started, DemoFile file) {
		double seconds = seconds(started);
		logger.info("Demo territory: {} / {} persons ({} %), {} elements of the file, {} persons/s", this.personCount,
				total, (total > 0) ? Math.min(100, 100L * this.personCount / total) : 100, file.total(),
				(seconds > 0) ? Math.round(this.personCount / seconds) : this.personCount);
	}

	private static double seconds(long started) {
		return Math.round((System.nanoTime() - started) / 1e7) / 100.0;
	}

	private void karim(DemoFile file) {
		Mark mark = mark();
		PersonRecord karim = person("Karim", "Belkacem", LocalDate.of(1984, 3, 12));
		karim.setPhone("06 12 34 56 78");
		UUID household = household(LocalDate.of(2026, 1, 5));
		member(household, karim, HouseholdRole.ADULT, null);
		LocalDate intake = this.today.minusDays(10);
		involve(DemoOrganizations.ASSOCIATION, karim, InvolvementKind.SUPPORT_MEASURE, intake, null);
		involve(DemoOrganizations.SIAO, karim, InvolvementKind.SIAO_ORIENTATION, intake.plusDays(2), null);
		involve(DemoOrganizations.CAF, karim, InvolvementKind.BENEFITS, intake.minusYears(2), null);
		involve(DemoOrganizations.ADDICTION_SERVICE, karim, InvolvementKind.CARE, intake.minusMonths(6), null);
		UUID consent = consent(karim, intake, null, ConsentStatus.ACTIVE, ConsentMethod.ORAL, null);
		intakeProvisions(consent, true);
		file.karim(members(mark).get(0));
	}

	/**
	 * The intake scenario's consent: coordination with the SIAO and the CAF, the future
	 * landlord.
	 */
	private void intakeProvisions(UUID consent, boolean followedForAddiction) {
		List<DataCategory> nonSensitive = List.of(DataCategory.values())
			.stream()
			.filter((category) -> !category.isSensitive() && category != DataCategory.CONSENTS)
			.toList();
		provision(consent, null, ProvisionType.PERMIT, nonSensitive, DemoOrganizations.ASSOCIATION.id(), null,
				List.of(Purpose.SUPPORT, Purpose.COORDINATION));
		for (OrganizationType type : List.of(OrganizationType.SIAO, OrganizationType.CAF)) {
			provision(consent, null, ProvisionType.PERMIT,
					List.of(DataCategory.IDENTITY, DataCategory.RESIDENTIAL_SITUATION, DataCategory.RESOURCES), null,
					type, List.of(Purpose.COORDINATION, Purpose.BENEFITS));
		}
		provision(consent, null, ProvisionType.PERMIT,
				List.of(DataCategory.IDENTITY, DataCategory.HOUSEHOLD, DataCategory.TENANCY), null,
				OrganizationType.LANDLORD, List.of(Purpose.HOUSING_ALLOCATION, Purpose.SUPPORT));
		if (followedForAddiction) {
			provision(consent, null, ProvisionType.PERMIT, List.of(DataCategory.HEALTH),
					DemoOrganizations.ADDICTION_SERVICE.id(), null, List.of(Purpose.SUPPORT));
		}
	}

	private void household(DemoFile file) {
		Mark mark = mark();
		LocalDate since = this.today.minusDays(30 + this.random.nextInt(1500));
		UUID household = household(since);
		int shape = this.random.nextInt(100);
		boolean couple = shape >= 60 && shape < 75 || shape >= 90;
		int children = (shape >= 75) ? 1 + this.random.nextInt(3) : 0;
		String last = pick(LAST);
		List<PersonRecord> adults = new ArrayList<>();
		adults.add(adult(last));
		if (couple) {
			adults.add(adult(this.random.nextInt(3) == 0 ? pick(LAST) : last));
		}
		adults.forEach((adult) -> member(household, adult, HouseholdRole.ADULT, null));
		List<PersonRecord> minors = new ArrayList<>();
		for (int i = 0; i < children; i++) {
			PersonRecord child = person(pick(CHILDREN), last,
					this.today.minusDays(365L + this.random.nextInt(17 * 365)));
			member(household, child, HouseholdRole.CHILD, adults.get(0).getId());
			minors.add(child);
		}
		Organization supporter = switch (this.random.nextInt(20)) {
			case 0 -> DemoOrganizations.DEPARTMENT;
			case 1, 2, 3, 4 -> DemoOrganizations.OTHER_ASSOCIATION;
			default -> DemoOrganizations.ASSOCIATION;
		};
		boolean housed = this.random.nextInt(4) == 0;
		LocalDate start = since.plusDays(this.random.nextInt(20));
		for (PersonRecord adult : adults) {
			involveHousehold(adult, supporter, housed, start);
		}
		for (PersonRecord child : minors) {
			involve(supporter, child, InvolvementKind.SUPPORT_MEASURE, start, null);
		}
		for (PersonRecord adult : adults) {
			adultConsent(adult, supporter, start);
		}
		for (PersonRecord child : minors) {
			if (this.random.nextInt(3) > 0) {
				UUID consent = consent(child, start, null, ConsentStatus.ACTIVE, ConsentMethod.WRITTEN,
						adults.get(0).getId());
				provision(consent, null, ProvisionType.PERMIT,
						List.of(DataCategory.IDENTITY, DataCategory.HOUSEHOLD, DataCategory.SUPPORT_MEASURES),
						supporter.id(), null, List.of(Purpose.SUPPORT, Purpose.COORDINATION));
			}
		}
		file.household(members(mark));
	}

	/** Where the rows of the household being generated start in the chunk's lists. */
	private record Mark(int persons, int members, int involvements, int consents, int provisions) {
	}

	private Mark mark() {
		return new Mark(this.persons.size(), this.members.size(), this.involvements.size(), this.consents.size(),
				this.provisions.size());
	}

	/**
	 * The members of the household generated since the mark, with their involvements,
	 * consents and provisions, for the support file.
	 */
	private List<DemoFile.Member> members(Mark mark) {
		Map<UUID, PersonRecord> persons = new HashMap<>();
		this.persons.subList(mark.persons(), this.persons.size()).forEach((p) -> persons.put(p.getId(), p));
		List<DemoFile.Member> members = new ArrayList<>();
		for (HouseholdMemberRecord member : this.members.subList(mark.members(), this.members.size())) {
			PersonRecord person = persons.get(member.getPersonId());
			List<InvolvementRecord> involvements = this.involvements
				.subList(mark.involvements(), this.involvements.size())
				.stream()
				.filter((i) -> i.getPersonId().equals(person.getId()))
				.toList();
			List<ConsentRecord> consents = this.consents.subList(mark.consents(), this.consents.size())
				.stream()
				.filter((c) -> c.getPersonId().equals(person.getId()))
				.toList();
			Set<UUID> consentIds = consents.stream().map(ConsentRecord::getId).collect(Collectors.toSet());
			List<ConsentProvisionRecord> provisions = new ArrayList<>(
					this.provisions.subList(mark.provisions(), this.provisions.size())
						.stream()
						.filter((p) -> consentIds.contains(p.getConsentId()))
						.toList());
			members.add(new DemoFile.Member(person, member.getRole() == HouseholdRole.ADULT,
					FEMALE_NAMES.contains(person.getFirstName()), involvements, consents, provisions));
		}
		return members;
	}

	private void involveHousehold(PersonRecord adult, Organization supporter, boolean housed, LocalDate start) {
		// one support measure in ten has ended: a few within the hand-over grace period
		LocalDate supportEnd = (this.random.nextInt(10) == 0) ? this.today.minusDays(this.random.nextInt(90)) : null;
		involve(supporter, adult, InvolvementKind.SUPPORT_MEASURE, start,
				(supportEnd != null && supportEnd.isAfter(start)) ? supportEnd : null);
		if (this.random.nextInt(10) < 6) {
			involve(DemoOrganizations.SIAO, adult, InvolvementKind.SIAO_ORIENTATION,
					start.plusDays(this.random.nextInt(30)), null);
		}
		if (this.random.nextInt(10) < 7) {
			involve(DemoOrganizations.CAF, adult, InvolvementKind.BENEFITS, start.minusDays(this.random.nextInt(900)),
					null);
		}
		if (housed) {
			involve(DemoOrganizations.LANDLORD, adult, InvolvementKind.TENANCY, start.plusDays(60), null);
		}
		if (supporter != DemoOrganizations.DEPARTMENT && this.random.nextInt(5) == 0) {
			involve(DemoOrganizations.DEPARTMENT, adult, InvolvementKind.SOCIAL_SERVICE, start, null);
		}
		if (this.random.nextInt(10) == 0) {
			involve(DemoOrganizations.ADDICTION_SERVICE, adult, InvolvementKind.CARE,
					start.minusDays(this.random.nextInt(400)), null);
		}
	}

	/**
	 * Consent shapes, by share: none, intake-like, broad, deny-over-permit, expired,
	 * revoked.
	 */
	private void adultConsent(PersonRecord adult, Organization supporter, LocalDate start) {
		int shape = this.random.nextInt(100);
		if (shape < 15) {
			return;
		}
		boolean addiction = this.followedForAddiction.contains(adult.getId());
		ConsentMethod method = ConsentMethod.values()[this.random.nextInt(ConsentMethod.values().length)];
		if (shape < 55) {
			intakeProvisions(consent(adult, start, null, ConsentStatus.ACTIVE, method, null), addiction);
		}
		else if (shape < 70) {
			UUID consent = consent(adult, start, null, ConsentStatus.ACTIVE, method, null);
			provision(consent, null, ProvisionType.PERMIT,
					List.of(DataCategory.values())
						.stream()
						.filter((c) -> !c.isSensitive() && c != DataCategory.CONSENTS)
						.toList(),
					null, OrganizationType.ASSOCIATION, List.of(Purpose.SUPPORT, Purpose.COORDINATION));
			provision(consent, null, ProvisionType.PERMIT,
					List.of(DataCategory.IDENTITY, DataCategory.RESOURCES, DataCategory.RENT_ARREARS), null,
					OrganizationType.DEPARTMENT, List.of(Purpose.EVICTION_PREVENTION, Purpose.SUPPORT));
			provision(consent, null, ProvisionType.PERMIT,
					List.of(DataCategory.IDENTITY, DataCategory.RESIDENTIAL_SITUATION, DataCategory.HOUSING_WISHES),
					null, OrganizationType.SIAO, List.of(Purpose.COORDINATION, Purpose.HOUSING_ALLOCATION));
		}
		else if (shape < 80) {
			UUID consent = consent(adult, start, null, ConsentStatus.ACTIVE, method, null);
			intakeProvisions(consent, addiction);
			// "not the CAF for my resources, after all": a deny that overrides the
			// type-level permit
			provision(consent, null, ProvisionType.DENY, List.of(DataCategory.RESOURCES), DemoOrganizations.CAF.id(),
					null, List.of(Purpose.values()));
		}
		else if (shape < 90) {
			LocalDate given = start.minusYears(2);
			intakeProvisions(consent(adult, given, given.plusYears(1), ConsentStatus.ACTIVE, method, null), addiction);
		}
		else {
			UUID consent = consent(adult, start, null, ConsentStatus.REVOKED, method, null);
			intakeProvisions(consent, addiction);
		}
		if (!supporter.equals(DemoOrganizations.ASSOCIATION) && shape < 80) {
			provision(this.lastConsent, null, ProvisionType.PERMIT,
					List.of(DataCategory.values())
						.stream()
						.filter((c) -> !c.isSensitive() && c != DataCategory.CONSENTS)
						.toList(),
					supporter.id(), null, List.of(Purpose.SUPPORT, Purpose.COORDINATION));
		}
	}

	private PersonRecord adult(String last) {
		String first = this.random.nextBoolean() ? pick(MALE) : pick(FEMALE);
		return person(first, last, this.today.minusDays(365L * 18 + this.random.nextInt(365 * 55)));
	}

	private PersonRecord person(String first, String last, LocalDate birthDate) {
		PersonRecord person = new PersonRecord();
		person.setId(personId(this.personCount++));
		person.setTerritory(DemoOrganizations.TERRITORY);
		person.setFirstName(first);
		person.setLastName(last);
		person.setBirthDate(birthDate);
		if (this.random.nextInt(3) == 0) {
			person.setPhone("06 %02d %02d %02d %02d".formatted(this.random.nextInt(100), this.random.nextInt(100),
					this.random.nextInt(100), this.random.nextInt(100)));
		}
		this.persons.add(person);
		return person;
	}

	private UUID household(LocalDate since) {
		UUID id = id("household", this.householdCount++);
		HouseholdRecord household = new HouseholdRecord();
		household.setId(id);
		this.households.add(household);
		this.householdSince = since;
		this.followedForAddiction.clear();
		return id;
	}

	/** Adds a member to the household created last. */
	private void member(UUID household, PersonRecord person, HouseholdRole role, @Nullable UUID representative) {
		HouseholdMemberRecord member = new HouseholdMemberRecord();
		member.setHouseholdId(household);
		member.setPersonId(person.getId());
		member.setRole(role);
		member.setRepresentativePersonId(representative);
		member.setSince(this.householdSince);
		this.members.add(member);
	}

	private void involve(Organization organization, PersonRecord person, InvolvementKind kind, LocalDate start,
			@Nullable LocalDate end) {
		InvolvementRecord involvement = new InvolvementRecord();
		involvement.setId(id("involvement", this.involvementCount++));
		involvement.setOrganizationId(organization.id());
		involvement.setPersonId(person.getId());
		involvement.setKind(kind);
		involvement.setStartedOn(start.isAfter(this.today) ? this.today : start);
		involvement.setEndedOn(end);
		involvement.setReason(switch (kind) {
			case SUPPORT_MEASURE -> "Accompagnement social lié au logement";
			case SIAO_ORIENTATION -> "Demande d'orientation SIAO";
			case BENEFITS -> "Allocataire";
			case TENANCY -> "Locataire";
			case CARE -> "Suivi";
			case SOCIAL_SERVICE -> "Suivi par le service social départemental";
			case HOUSING_APPLICATION -> "Demande de logement social";
		});
		involvement.setCreatedBy("demo");
		if (kind == InvolvementKind.SUPPORT_MEASURE || kind == InvolvementKind.SOCIAL_SERVICE) {
			involvement.setCaseLead(CASE_LEADS.get(organization.id()));
		}
		if (organization.equals(DemoOrganizations.ADDICTION_SERVICE)) {
			this.followedForAddiction.add(person.getId());
		}
		this.involvements.add(involvement);
	}

	private UUID consent(PersonRecord person, LocalDate start, @Nullable LocalDate end, ConsentStatus status,
			ConsentMethod method, @Nullable UUID representative) {
		ConsentRecord consent = new ConsentRecord();
		UUID id = id("consent", this.consentCount++);
		OffsetDateTime collected = start.atTime(10, 0).atOffset(ZoneOffset.UTC);
		consent.setId(id);
		consent.setPersonId(person.getId());
		consent.setGrantor((representative != null) ? GrantorKind.LEGAL_REPRESENTATIVE : GrantorKind.SELF);
		consent.setRepresentativePersonId(representative);
		consent.setStatus(status);
		consent.setPeriodStart(start);
		consent.setPeriodEnd(end);
		consent.setCollectedByUser("referent.asso");
		consent.setCollectedByOrganizationId(DemoOrganizations.ASSOCIATION.id());
		consent.setMethod(method);
		consent.setCollectedAt(collected);
		consent.setTextId(CONSENT_TEXT_ID);
		consent.setTextVersion(CONSENT_TEXT_VERSION);
		consent.setTextSha256(CONSENT_TEXT_SHA256);
		if (status == ConsentStatus.REVOKED) {
			consent.setRevokedAt(collected.plusDays(20));
			consent.setRevokedBy("referent.asso");
		}
		this.consents.add(consent);
		this.lastConsent = id;
		return id;
	}

	private void provision(UUID consent, @Nullable UUID parent, ProvisionType type, List<DataCategory> categories,
			@Nullable UUID organization, @Nullable OrganizationType organizationType, List<Purpose> purposes) {
		ConsentProvisionRecord provision = new ConsentProvisionRecord();
		provision.setId(id("provision", this.nextProvision++));
		provision.setConsentId(consent);
		provision.setParentId(parent);
		provision.setType(type);
		provision.setCategories(categories.toArray(DataCategory[]::new));
		provision.setRecipientOrganizationId(organization);
		provision.setRecipientOrganizationType(organizationType);
		provision.setPurposes(purposes.toArray(Purpose[]::new));
		this.provisions.add(provision);
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

	/**
	 * The places register (public): the associations' intermediation locative and pension
	 * de famille, opened over the last years, one programme closed.
	 */
	private void places(DSLContext dsl) {
		int year = this.today.getYear();
		Object[][] places = {
				{ DemoOrganizations.ASSOCIATION, "IML", "Intermédiation locative — Grenoble", 40,
						LocalDate.of(year - 4, 1, 1), null },
				{ DemoOrganizations.ASSOCIATION, "IML", "Intermédiation locative — Échirolles", 18,
						LocalDate.of(year - 2, 4, 1), null },
				{ DemoOrganizations.ASSOCIATION, "PENSION_DE_FAMILLE", "Pension de famille Les Tilleuls", 25,
						LocalDate.of(year - 3, 9, 1), null },
				{ DemoOrganizations.OTHER_ASSOCIATION, "IML", "Baux glissants Trait d'Union", 30,
						LocalDate.of(year - 4, 6, 1), LocalDate.of(year - 1, 12, 31) },
				{ DemoOrganizations.OTHER_ASSOCIATION, "PENSION_DE_FAMILLE", "Maison relais du Drac", 22,
						LocalDate.of(year - 1, 3, 1), null } };
		for (int i = 0; i < places.length; i++) {
			Object[] place = places[i];
			Organization runner = (Organization) place[0];
			dsl.execute(
					"INSERT INTO passerelle.place (id, organization_id, kind, label, capacity, available_from, "
							+ "available_to, recorded_by) VALUES (?, ?, ?::passerelle.place_kind, ?, ?, ?, ?, ?)",
					id("place", i), runner.id(), place[1], place[2], place[3], place[4], place[5],
					DemoFile.USERS.get(runner.id()));
		}
	}

	static UUID personId(int index) {
		return id("person", index);
	}

	static UUID id(String kind, int index) {
		return UUID.nameUUIDFromBytes(("passerelle-demo/" + kind + "/" + index).getBytes(StandardCharsets.UTF_8));
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

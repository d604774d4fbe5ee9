package fr.passerelle.retention;

import static fr.passerelle.jooq.Tables.BENEFIT;
import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;
import static fr.passerelle.jooq.Tables.HOUSING_APPLICATION;
import static fr.passerelle.jooq.Tables.HOUSING_WISH;
import static fr.passerelle.jooq.Tables.NEEDS_ASSESSMENT;
import static fr.passerelle.jooq.Tables.NEEDS_ASSESSMENT_ITEM;
import static fr.passerelle.jooq.Tables.PERSON;
import static fr.passerelle.jooq.Tables.PREVENTION_STEP;
import static fr.passerelle.jooq.Tables.RENT_ARREARS;
import static fr.passerelle.jooq.Tables.RESIDENTIAL_SITUATION;
import static fr.passerelle.jooq.Tables.SENSITIVE_RECORD;
import static fr.passerelle.jooq.Tables.SIAO_ORIENTATION;
import static fr.passerelle.jooq.Tables.SUPPORT_MEASURE;
import static fr.passerelle.jooq.Tables.SUPPORT_NOTE;
import static fr.passerelle.jooq.Tables.TENANCY;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.ArrearsStatus;
import fr.passerelle.jooq.enums.BenefitStatus;
import fr.passerelle.jooq.enums.BenefitType;
import fr.passerelle.jooq.enums.DwellingType;
import fr.passerelle.jooq.enums.ElementBasis;
import fr.passerelle.jooq.enums.LeaseKind;
import fr.passerelle.jooq.enums.NeedLevel;
import fr.passerelle.jooq.enums.NeedsDimension;
import fr.passerelle.jooq.enums.OrientationSolution;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.jooq.enums.PreventionStepKind;
import fr.passerelle.jooq.enums.ResidentialSituationKind;
import fr.passerelle.jooq.enums.SensitiveRecordKind;
import fr.passerelle.jooq.enums.SupportIntensity;
import fr.passerelle.jooq.enums.SupportMeasureType;

/**
 * What the retention tests look at, as the schema owner (below row-level security): a
 * digest of every person-linked row, the same rows without what anonymization may
 * replace, aggregate statistics as an analyst would compute them, the access log; and a
 * whole support file with free text in every part.
 */
final class RetentionProbes {

	/** Every person-linked table and the key that links it to a person. */
	static final Map<String, String> TABLES = tables();

	/**
	 * What anonymization may change in each table: the scrubbed columns, and the version
	 * and signature of an update.
	 */
	static final Map<String, List<String>> CHANGEABLE = changeable();

	private RetentionProbes() {
	}

	/** A digest of every row of every person-linked table. */
	static String digest(DSLContext owner) {
		return TABLES.keySet()
			.stream()
			.map((table) -> table + "="
					+ owner.fetchValue(
							"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM passerelle."
									+ table + " t"))
			.collect(Collectors.joining("\n"));
	}

	/**
	 * A digest per table of the rows of these persons (all if null) without what
	 * anonymization may replace; the person's birth year stays.
	 */
	static String kept(DSLContext owner, @Nullable Collection<UUID> persons) {
		return TABLES.entrySet().stream().map((entry) -> {
			String table = entry.getKey();
			String json = "(to_jsonb(t) - '{" + String.join(",", CHANGEABLE.getOrDefault(table, List.of()))
					+ "}'::text[])";
			if (table.equals("person")) {
				json = "(" + json + " || jsonb_build_object('birth_year', extract(year FROM t.birth_date)))";
			}
			return table + "=" + owner.fetchValue("SELECT md5(coalesce(string_agg(" + json + "::text, '|' ORDER BY "
					+ json + "::text), '')) FROM passerelle." + table + " t WHERE " + where(entry.getValue(), persons));
		}).collect(Collectors.joining("\n"));
	}

	/**
	 * Aggregate statistics of these persons (all if null), one line each: what the
	 * platform's steering reads.
	 */
	static String statistics(DSLContext owner, @Nullable Collection<UUID> persons) {
		String p = filter("person_id", persons);
		String sql = """
				SELECT string_agg(line, E'\\n' ORDER BY line) FROM (
				  SELECT 'persons ' || count(*) || ', birth years ' || coalesce(sum(extract(year FROM birth_date)), 0) AS line
				    FROM passerelle.person WHERE %2$s
				  UNION ALL SELECT 'situation ' || kind || ' ' || count(*) || ' lasting ' || sum(coalesce(ended_on, DATE '2100-01-01') - started_on)
				    FROM passerelle.residential_situation WHERE %1$s GROUP BY kind
				  UNION ALL SELECT 'from the street into housing ' || count(DISTINCT s.person_id) || ' in ' || coalesce(sum(h.started_on - s.started_on), 0) || ' days'
				    FROM passerelle.residential_situation s JOIN passerelle.residential_situation h
				      ON h.person_id = s.person_id AND h.kind = 'HOUSED' AND h.started_on >= s.started_on
				    WHERE s.kind = 'STREET' AND %3$s
				  UNION ALL SELECT 'measure ' || type || ' ' || intensity || ' ' || count(*) || ' lasting ' || sum(coalesce(ended_on, DATE '2100-01-01') - started_on)
				    FROM passerelle.support_measure WHERE %1$s GROUP BY type, intensity
				  UNION ALL SELECT 'notes ' || count(*) || ' ' || coalesce(min(written_on)::text, '') FROM passerelle.support_note WHERE %1$s
				  UNION ALL SELECT 'wishes ' || count(*) || ' ' || coalesce(sum(cardinality(dwelling_types)), 0) FROM passerelle.housing_wish WHERE %1$s
				  UNION ALL SELECT 'needs ' || dimension || ' ' || level || ' ' || count(*) FROM passerelle.needs_assessment_item WHERE %1$s GROUP BY dimension, level
				  UNION ALL SELECT 'orientation ' || requested_solution || ' ' || status || ' ' || count(*) || ' decided in ' || coalesce(sum(decided_on - requested_on), 0)
				    FROM passerelle.siao_orientation WHERE %1$s GROUP BY requested_solution, status
				  UNION ALL SELECT 'application ' || substr(sne_number, 1, 7) || ' ' || status || ' ' || dalo || ' ' || count(*)
				    FROM passerelle.housing_application WHERE %1$s GROUP BY substr(sne_number, 1, 7), status, dalo
				  UNION ALL SELECT 'tenancy ' || landlord_organization_id || ' ' || lease_kind || ' ' || count(*) || ' rents ' || sum(monthly_rent) || ' charges ' || sum(monthly_charges)
				    FROM passerelle.tenancy WHERE %1$s GROUP BY landlord_organization_id, lease_kind
				  UNION ALL SELECT 'benefit ' || type || ' ' || status || ' ' || count(*) || ' ' || coalesce(sum(monthly_amount), 0)
				    FROM passerelle.benefit WHERE %1$s GROUP BY type, status
				  UNION ALL SELECT 'arrears ' || status || ' ' || count(*) || ' ' || sum(amount) || ' ' || sum(months)
				    FROM passerelle.rent_arrears WHERE %1$s GROUP BY status
				  UNION ALL SELECT 'step ' || kind || ' ' || outcome || ' ' || count(*) || ' ' || coalesce(sum(amount), 0)
				    FROM passerelle.prevention_step WHERE %1$s GROUP BY kind, outcome
				  UNION ALL SELECT 'sensitive ' || category || ' ' || kind || ' ' || count(*) FROM passerelle.sensitive_record WHERE %1$s GROUP BY category, kind
				  UNION ALL SELECT 'involvement ' || organization_id || ' ' || kind || ' ' || count(*) || ' ' || count(ended_on)
				    FROM passerelle.involvement WHERE %1$s GROUP BY organization_id, kind
				  UNION ALL SELECT 'consent ' || grantor || ' ' || status || ' ' || count(*) FROM passerelle.consent WHERE %1$s GROUP BY grantor, status
				) lines"""
			.formatted(p, filter("id", persons), filter("s.person_id", persons));
		return owner.fetchValue(sql).toString();
	}

	/** The access log, byte for byte. */
	static String accessLog(DSLContext owner) {
		return accessLog(owner, Long.MAX_VALUE);
	}

	/**
	 * The access log's events up to this one, byte for byte (the hub appends an event for
	 * requests it answers meanwhile).
	 */
	static String accessLog(DSLContext owner, long upTo) {
		return String.valueOf(owner.fetchValue(
				"SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY e.seq), '')) || '/' || count(*) FROM passerelle.access_event e WHERE e.seq <= ?",
				upTo));
	}

	/** The number of the access log's last event (0 for none). */
	static long lastEvent(DSLContext owner) {
		return ((Number) owner.fetchValue("SELECT coalesce(max(seq), 0) FROM passerelle.access_event")).longValue();
	}

	/**
	 * Writes a support file with free text in every part for the person, as the
	 * organizations that record each part would.
	 * @param sne a valid SNE number of its own
	 */
	static void fullFile(DSLContext owner, UUID person, String sne) {
		LocalDate today = LocalDate.now();
		Organization association = DemoOrganizations.ASSOCIATION;
		insert(owner, RESIDENTIAL_SITUATION, person, association,
				Map.of(RESIDENTIAL_SITUATION.KIND, ResidentialSituationKind.STREET, RESIDENTIAL_SITUATION.STARTED_ON,
						today.minusMonths(20), RESIDENTIAL_SITUATION.ENDED_ON, today.minusMonths(8),
						RESIDENTIAL_SITUATION.PLACE, "Sous le pont de la porte de France", RESIDENTIAL_SITUATION.NOTE,
						"Dort avec son chien Rex"));
		insert(owner, RESIDENTIAL_SITUATION, person, association,
				Map.of(RESIDENTIAL_SITUATION.KIND, ResidentialSituationKind.HOUSED, RESIDENTIAL_SITUATION.STARTED_ON,
						today.minusMonths(8), RESIDENTIAL_SITUATION.PLACE, "12 rue des Lilas, Grenoble"));
		insert(owner, HOUSING_WISH, person, association,
				Map.of(HOUSING_WISH.LOCATIONS, new String[] { "Grenoble", "Meylan" }, HOUSING_WISH.DWELLING_TYPES,
						new DwellingType[] { DwellingType.T2 }, HOUSING_WISH.CONSTRAINTS, "Un chien",
						HOUSING_WISH.OWN_WORDS, "Près de ma sœur Julie", HOUSING_WISH.EXPRESSED_ON,
						today.minusMonths(19)));
		UUID assessment = insert(owner, NEEDS_ASSESSMENT, person, association, Map.of(NEEDS_ASSESSMENT.ASSESSED_ON,
				today.minusMonths(19), NEEDS_ASSESSMENT.SUMMARY, "Mme suivie au CMP, sœur à Meylan"));
		owner.insertInto(NEEDS_ASSESSMENT_ITEM)
			.columns(NEEDS_ASSESSMENT_ITEM.ASSESSMENT_ID, NEEDS_ASSESSMENT_ITEM.PERSON_ID,
					NEEDS_ASSESSMENT_ITEM.DIMENSION, NEEDS_ASSESSMENT_ITEM.LEVEL, NEEDS_ASSESSMENT_ITEM.NOTE)
			.values(assessment, person, NeedsDimension.HOUSING, NeedLevel.HIGH, "À la rue depuis son divorce")
			.values(assessment, person, NeedsDimension.HEALTH, NeedLevel.LOW, null)
			.execute();
		UUID measure = insert(owner, SUPPORT_MEASURE, person, association,
				Map.of(SUPPORT_MEASURE.TYPE, SupportMeasureType.AVDL, SUPPORT_MEASURE.PROVIDER_ORGANIZATION_ID,
						association.id(), SUPPORT_MEASURE.CASE_LEAD, "referent.asso", SUPPORT_MEASURE.STARTED_ON,
						today.minusMonths(19), SUPPORT_MEASURE.ENDED_ON, today.minusMonths(2),
						SUPPORT_MEASURE.INTENSITY, SupportIntensity.REGULAR));
		for (int i = 0; i < 2; i++) {
			insert(owner, SUPPORT_NOTE, person, association,
					Map.of(SUPPORT_NOTE.MEASURE_ID, measure, SUPPORT_NOTE.WRITTEN_ON, today.minusMonths(10 + i),
							SUPPORT_NOTE.BODY, "Entretien avec Mme, son fils Noah va mieux"));
		}
		insert(owner, SIAO_ORIENTATION, person, DemoOrganizations.SIAO,
				Map.of(SIAO_ORIENTATION.REQUESTED_ON, today.minusMonths(18), SIAO_ORIENTATION.REQUESTED_SOLUTION,
						OrientationSolution.IML, SIAO_ORIENTATION.REQUEST_NOTE, "Urgence: dort dehors avec son chien",
						SIAO_ORIENTATION.STATUS, OrientationStatus.ACCEPTED, SIAO_ORIENTATION.DECIDED_ON,
						today.minusMonths(9), SIAO_ORIENTATION.OUTCOME_NOTE, "Logement IML rue des Lilas"));
		insert(owner, HOUSING_APPLICATION, person, association,
				Map.of(HOUSING_APPLICATION.SNE_NUMBER, sne, HOUSING_APPLICATION.FILED_ON, today.minusMonths(18)));
		UUID tenancy = insert(owner, TENANCY, person, DemoOrganizations.LANDLORD,
				Map.of(TENANCY.LANDLORD_ORGANIZATION_ID, DemoOrganizations.LANDLORD.id(), TENANCY.LEASE_KIND,
						LeaseKind.SUBLEASE, TENANCY.DWELLING_TYPE, DwellingType.T2, TENANCY.ADDRESS,
						"12 rue des Lilas, 38000 Grenoble", TENANCY.STARTED_ON, today.minusMonths(8),
						TENANCY.MONTHLY_RENT, new BigDecimal("412.50"), TENANCY.MONTHLY_CHARGES,
						new BigDecimal("60.00")));
		insert(owner, BENEFIT, person, DemoOrganizations.CAF,
				Map.of(BENEFIT.TYPE, BenefitType.APL, BENEFIT.STATUS, BenefitStatus.SUSPENDED, BENEFIT.MONTHLY_AMOUNT,
						new BigDecimal("180.00"), BENEFIT.SINCE, today.minusMonths(7), BENEFIT.SUSPENDED_ON,
						today.minusMonths(1), BENEFIT.SUSPENSION_REASON, "Contrôle: Mme a déclaré un compagnon"));
		UUID arrears = insert(owner, RENT_ARREARS, person, DemoOrganizations.LANDLORD,
				Map.of(RENT_ARREARS.TENANCY_ID, tenancy, RENT_ARREARS.AMOUNT, new BigDecimal("825.00"),
						RENT_ARREARS.MONTHS, 2, RENT_ARREARS.SINCE, today.minusMonths(3), RENT_ARREARS.STATUS,
						ArrearsStatus.OPEN));
		insert(owner, PREVENTION_STEP, person, DemoOrganizations.LANDLORD,
				Map.of(PREVENTION_STEP.ARREARS_ID, arrears, PREVENTION_STEP.KIND, PreventionStepKind.CCAPEX_REFERRAL,
						PREVENTION_STEP.TAKEN_ON, today.minusMonths(2), PREVENTION_STEP.AMOUNT,
						new BigDecimal("825.00"), PREVENTION_STEP.NOTE, "Appel de Mme, en pleurs"));
		insert(owner, SENSITIVE_RECORD, person, DemoOrganizations.ADDICTION_SERVICE,
				Map.of(SENSITIVE_RECORD.CATEGORY, DataCategory.HEALTH, SENSITIVE_RECORD.KIND,
						SensitiveRecordKind.ADDICTION_CARE, SENSITIVE_RECORD.STARTED_ON, today.minusMonths(12),
						SENSITIVE_RECORD.SUMMARY, "Sevrage alcool au CSAPA"));
		owner.update(CONSENT)
			.set(CONSENT.DOCUMENT_REFERENCE, "Scan du formulaire signé par Mme")
			.where(CONSENT.PERSON_ID.eq(person))
			.execute();
		owner.insertInto(EMERGENCY_ACCESS)
			.set(EMERGENCY_ACCESS.ID, UUID.randomUUID())
			.set(EMERGENCY_ACCESS.PERSON_ID, person)
			.set(EMERGENCY_ACCESS.USER_ID, "retention-test-user")
			.set(EMERGENCY_ACCESS.USERNAME, "maraude.autre-asso")
			.set(EMERGENCY_ACCESS.ORGANIZATION_ID, DemoOrganizations.OTHER_ASSOCIATION.id())
			.set(EMERGENCY_ACCESS.JUSTIFICATION, "Mme retrouvée inconsciente devant la gare, besoin de ses traitements")
			.set(EMERGENCY_ACCESS.OPENED_AT, OffsetDateTime.now().minusDays(3))
			.set(EMERGENCY_ACCESS.EXPIRES_AT, OffsetDateTime.now().minusDays(2))
			.execute();
		owner.update(PERSON).set(PERSON.EMAIL, "mme@example.org").where(PERSON.ID.eq(person)).execute();
	}

	/** An element recorded under a mission of its author, now. */
	static UUID insert(DSLContext owner, Table<?> table, UUID person, Organization author, Map<Field<?>, ?> columns) {
		UUID id = UUID.randomUUID();
		Map<Field<?>, Object> row = new LinkedHashMap<>(columns);
		row.put(table.field("id"), id);
		row.put(table.field("person_id"), person);
		row.put(table.field("recorded_by_organization_id"), author.id());
		row.put(table.field("recorded_by"), "fixture");
		row.put(table.field("basis"), ElementBasis.MISSION);
		row.put(table.field("basis_rule"), "FIXTURE");
		owner.insertInto(table).set(row).execute();
		return id;
	}

	private static String where(String column, @Nullable Collection<UUID> persons) {
		return column.equals("consent_id")
				? "consent_id IN (SELECT c.id FROM passerelle.consent c WHERE " + filter("c.person_id", persons) + ")"
				: filter(column, persons);
	}

	private static String filter(String column, @Nullable Collection<UUID> persons) {
		if (persons == null) {
			return "true";
		}
		return column + " = ANY ('{" + persons.stream().map(UUID::toString).collect(Collectors.joining(","))
				+ "}'::uuid[])";
	}

	private static Map<String, String> tables() {
		Map<String, String> tables = new LinkedHashMap<>();
		tables.put("person", "id");
		for (String table : List.of("household_member", "involvement", "consent", "emergency_access",
				"residential_situation", "housing_wish", "needs_assessment", "needs_assessment_item", "support_measure",
				"support_note", "siao_orientation", "siao_proposal", "housing_application", "attribution", "tenancy",
				"benefit", "rent_arrears", "prevention_step", "sensitive_record")) {
			tables.put(table, "person_id");
		}
		tables.put("consent_provision", "consent_id");
		return tables;
	}

	private static Map<String, List<String>> changeable() {
		List<String> signed = List.of("version", "updated_by", "updated_at");
		Map<String, List<String>> changeable = new LinkedHashMap<>();
		changeable.put("person", List.of("first_name", "last_name", "birth_date", "phone", "email", "version",
				"updated_at", "anonymized_at", "anonymized_by", "anonymized_reason"));
		changeable.put("involvement", List.of("reason"));
		changeable.put("consent", List.of("representative_name", "document_reference", "revocation_reason"));
		changeable.put("emergency_access", List.of("justification", "review_comment"));
		Map<String, List<String>> texts = Map.of("residential_situation", List.of("place", "note"), "housing_wish",
				List.of("locations", "constraints", "own_words"), "needs_assessment", List.of("summary"),
				"support_note", List.of("body"), "siao_orientation", List.of("request_note", "outcome_note"),
				"housing_application", List.of("sne_number"), "tenancy", List.of("address"), "benefit",
				List.of("suspension_reason"), "prevention_step", List.of("note"), "sensitive_record",
				List.of("summary"));
		texts.forEach((table, columns) -> changeable.put(table,
				java.util.stream.Stream.concat(columns.stream(), signed.stream()).toList()));
		changeable.put("needs_assessment_item", List.of("note"));
		return changeable;
	}

}

package fr.passerelle.rights;

import static fr.passerelle.rights.ConsentReceiptTest.at;
import static fr.passerelle.rights.ConsentReceiptTest.list;
import static fr.passerelle.rights.ConsentReceiptTest.parse;
import static fr.passerelle.rights.ConsentReceiptTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The export of a person's whole file for a data-subject access request: every part with
 * its provenance, the sensitive care team included, read by the privacy officer alone,
 * one statement per table.
 */
@IntegrationTest
class PersonExportTest {

	private static final String ASSOCIATION = "'" + DemoOrganizations.ASSOCIATION.id() + "'";

	private static final String LANDLORD = "'" + DemoOrganizations.LANDLORD.id() + "'";

	private static final String SIAO = "'" + DemoOrganizations.SIAO.id() + "'";

	private static final String CAF = "'" + DemoOrganizations.CAF.id() + "'";

	private static final String ADDICTION_SERVICE = "'" + DemoOrganizations.ADDICTION_SERVICE.id() + "'";

	private static final String MISSION = "'MISSION', 'ASSOCIATION/CASE_WORKER/SUPPORT_MEASURES/SUPPORT'";

	@Autowired
	Partners partners;

	@Autowired
	StatementCounter statements;

	UUID person;

	UUID consent;

	UUID careProvision;

	UUID healthRecord;

	@BeforeEach
	void aPersonWithElementsInEveryPart() {
		this.person = Fixtures.person("Oriane", "Exportée", LocalDate.of(1979, 11, 3));
		UUID partner = Fixtures.person("Bastien", "Exportée", LocalDate.of(1977, 4, 12));
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), this.person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.ADDICTION_SERVICE.id(), this.person, InvolvementKind.CARE);
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), this.person, InvolvementKind.TENANCY,
				LocalDate.now().minusYears(2), LocalDate.now().minusMonths(1));
		this.consent = Fixtures.consent(this.person);
		this.careProvision = Fixtures.permitOrganization(this.consent, DemoOrganizations.ADDICTION_SERVICE.id(),
				List.of(DataCategory.HEALTH), List.of(Purpose.SUPPORT));
		Fixtures.provision(this.consent, this.careProvision, ProvisionType.DENY, List.of(DataCategory.HEALTH), null,
				null, List.of(Purpose.SUPPORT), null, LocalDate.now().plusYears(1));
		this.healthRecord = UUID.randomUUID();
		UUID assessment = UUID.randomUUID();
		UUID orientation = UUID.randomUUID();
		UUID tenancy = UUID.randomUUID();
		UUID arrears = UUID.randomUUID();
		UUID measure = UUID.randomUUID();
		String p = "'" + this.person + "'";
		Fixtures.owner((dsl) -> {
			dsl.execute(
					"""
							WITH h AS (INSERT INTO passerelle.household (id) VALUES (gen_random_uuid()) RETURNING id)
							INSERT INTO passerelle.household_member (household_id, person_id, role, since, recorded_by_organization_id,
							  recorded_by)
							SELECT h.id, m, 'ADULT', DATE '2020-01-01', %s, 'referent.asso' FROM h, unnest(?::uuid[]) m"""
						.formatted(ASSOCIATION),
					(Object) new UUID[] { this.person, partner });
			for (String sql : List.of(
					"""
							INSERT INTO passerelle.residential_situation (id, person_id, kind, started_on, place,
							  recorded_by_organization_id, recorded_by, basis, basis_rule, version, updated_by, updated_at)
							VALUES (gen_random_uuid(), %1$s, 'STREET', DATE '2024-01-10', 'Gare de Grenoble', %2$s, 'referent.asso',
							  %3$s, 2, 'referent.asso', TIMESTAMPTZ '2024-03-01 10:00:00+00')""",
					"""
							INSERT INTO passerelle.support_measure (id, person_id, type, provider_organization_id, case_lead,
							  started_on, intensity, recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES ('%8$s', %1$s, 'AVDL', %2$s, 'referent.asso', DATE '2024-02-01', 'REGULAR', %2$s, 'referent.asso', %3$s)""",
					"""
							INSERT INTO passerelle.support_note (id, person_id, measure_id, written_on, body,
							  recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES (gen_random_uuid(), %1$s, '%8$s', DATE '2024-02-15', 'Premier entretien', %2$s, 'referent.asso', %3$s)""",
					"""
							INSERT INTO passerelle.needs_assessment (id, person_id, assessed_on, summary,
							  recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES ('%9$s', %1$s, DATE '2024-02-20', 'Bilan', %2$s, 'referent.asso', %3$s)""",
					"""
							INSERT INTO passerelle.needs_assessment_item (assessment_id, person_id, dimension, level, note)
							VALUES ('%9$s', %1$s, 'HOUSING', 'HIGH', 'À la rue'), ('%9$s', %1$s, 'RESOURCES', 'MODERATE', NULL)""",
					"""
							INSERT INTO passerelle.siao_orientation (id, person_id, requested_on, requested_solution,
							  recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES ('%10$s', %1$s, DATE '2024-03-01', 'IML', %2$s, 'referent.asso', %3$s)""",
					"""
							INSERT INTO passerelle.siao_proposal (id, person_id, orientation_id, proposed_on, solution,
							  provider_organization_id, recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES (gen_random_uuid(), %1$s, '%10$s', DATE '2024-03-10', 'IML', %2$s, %4$s, 'coord.siao',
							  'MISSION', 'SIAO/COORDINATOR/HOUSING_APPLICATION/COORDINATION')""",
					"""
							INSERT INTO passerelle.housing_application (id, person_id, sne_number, filed_on, dalo,
							  recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES (gen_random_uuid(), %1$s, '038' || '24' || '03' || lpad((floor(random() * 999999))::int::text, 6, '0') || 'EXPRT',
							  DATE '2024-03-02', true, %2$s, 'referent.asso', %3$s)""",
					"""
							INSERT INTO passerelle.attribution (id, person_id, landlord_organization_id, dwelling_type, decided_on,
							  recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES (gen_random_uuid(), %1$s, %5$s, 'T2', DATE '2024-04-01', %5$s, 'gestion.bailleur',
							  'MISSION', 'LANDLORD/AGENT/TENANCY/HOUSING_ALLOCATION')""",
					"""
							INSERT INTO passerelle.tenancy (id, person_id, landlord_organization_id, lease_kind, dwelling_type,
							  address, started_on, monthly_rent, recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES ('%11$s', %1$s, %5$s, 'ORDINARY', 'T2', '3 rue des Alpes', DATE '2024-04-15', 412.50, %5$s,
							  'gestion.bailleur', 'MISSION', 'LANDLORD/AGENT/TENANCY/HOUSING_ALLOCATION')""",
					"""
							INSERT INTO passerelle.benefit (id, person_id, type, status, monthly_amount, since,
							  recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES (gen_random_uuid(), %1$s, 'APL', 'PAID', 280, DATE '2024-05-01', %6$s, 'agent.caf',
							  'MISSION', 'CAF/AGENT/RESOURCES/BENEFITS')""", """
							INSERT INTO passerelle.rent_arrears (id, person_id, tenancy_id, amount, months, since,
							  recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES ('%12$s', %1$s, '%11$s', 825, 2, DATE '2024-09-01', %5$s, 'gestion.bailleur',
							  'MISSION', 'LANDLORD/AGENT/RENT_ARREARS/EVICTION_PREVENTION')""",
					"""
							INSERT INTO passerelle.prevention_step (id, person_id, arrears_id, kind, taken_on, amount,
							  recorded_by_organization_id, recorded_by, basis, basis_rule)
							VALUES (gen_random_uuid(), %1$s, '%12$s', 'FSL_REQUEST', DATE '2024-09-15', 825, %5$s, 'gestion.bailleur',
							  'MISSION', 'LANDLORD/AGENT/RENT_ARREARS/EVICTION_PREVENTION')""",
					"""
							INSERT INTO passerelle.sensitive_record (id, person_id, category, kind, started_on, summary,
							  recorded_by_organization_id, recorded_by, basis, basis_consent_id, basis_provision_id)
							VALUES ('%13$s', %1$s, 'HEALTH', 'ADDICTION_CARE', DATE '2024-06-01', 'Suivi CSAPA', %7$s,
							  'referent.sensible', 'CONSENT', '%14$s', '%15$s')""")) {
				dsl.execute(sql.formatted(p, ASSOCIATION, MISSION, SIAO, LANDLORD, CAF, ADDICTION_SERVICE, measure,
						assessment, orientation, tenancy, arrears, this.healthRecord, this.consent,
						this.careProvision));
			}
			return null;
		});
		// another person's element, which the export must not carry
		UUID other = Fixtures.adult("Autre");
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.residential_situation (id, person_id, kind, started_on,
				  recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (gen_random_uuid(), ?, 'HOTEL', DATE '2024-01-01', %s, 'referent.asso', %s)"""
			.formatted(ASSOCIATION, MISSION), other));
	}

	@Test
	void thePrivacyOfficerExportsTheWholeFileWithItsProvenance() {
		Answer answer = export("dpo", this.person.toString());
		assertThat(answer.errors()).isEmpty();
		String json = (String) answer.at("exportPersonFile.json");
		assertThat(answer.at("exportPersonFile.personId")).isEqualTo(this.person.toString());
		assertThat(answer.at("exportPersonFile.sha256")).isEqualTo(sha256(json));
		Map<String, Object> file = parse(json);
		assertThat(OffsetDateTime.parse((String) answer.at("exportPersonFile.generatedAt")).toInstant())
			.isEqualTo(OffsetDateTime.parse((String) file.get("generatedAt")).toInstant());
		assertThat(file).containsEntry("personId", this.person.toString())
			.containsEntry("format", "passerelle-person-export/1");
		assertThat(at(file, "identity")).containsEntry("firstName", "Oriane")
			.containsEntry("lastName", "Exportée")
			.containsEntry("birthDate", "1979-11-03");
		assertThat(at(file, "contact")).containsEntry("phone", "06 00 00 00 00");

		Map<String, Object> household = at(file, "households", 0);
		assertThat(household).containsEntry("role", "ADULT").containsEntry("since", "2020-01-01");
		assertThat(at(household, "provenance")).containsEntry("recordedBy", "referent.asso");
		assertThat(list(household, "members")).extracting((m) -> m.get("firstName"))
			.containsExactlyInAnyOrder("Oriane", "Bastien");

		// the care team, the sensitive service and the ended involvement included: it is
		// the person's own data
		assertThat(list(file, "careTeam")).extracting((i) -> at(i, "organization").get("name"))
			.containsExactlyInAnyOrder(DemoOrganizations.ASSOCIATION.name(), DemoOrganizations.ADDICTION_SERVICE.name(),
					DemoOrganizations.LANDLORD.name());
		assertThat(list(file, "careTeam")).filteredOn((i) -> "CARE".equals(i.get("kind")))
			.singleElement()
			.satisfies((i) -> assertThat(at(i, "organization")).containsEntry("sensitiveCategory", "HEALTH"));

		Map<String, Object> consent = at(file, "consents", 0);
		assertThat(consent).containsEntry("id", this.consent.toString())
			.containsEntry("status", "ACTIVE")
			.containsEntry("textSha256", Fixtures.TEXT_SHA256)
			.containsEntry("collectedByUser", "referent.asso");
		assertThat(at(consent, "collectedByOrganization")).containsEntry("name", DemoOrganizations.ASSOCIATION.name());
		Map<String, Object> provision = at(consent, "provisions", 0);
		assertThat(provision).containsEntry("id", this.careProvision.toString())
			.containsEntry("type", "PERMIT")
			.containsEntry("categories", List.of("HEALTH"));
		assertThat(at(provision, "recipientOrganization")).containsEntry("name",
				DemoOrganizations.ADDICTION_SERVICE.name());
		assertThat(at(provision, "provisions", 0)).containsEntry("type", "DENY")
			.containsEntry("recipientOrganization", null);

		for (String part : List.of("residentialSituations", "housingWishes", "needsAssessments", "supportMeasures",
				"supportNotes", "siaoOrientations", "housingApplications", "attributions", "tenancies", "benefits",
				"rentArrears", "sensitiveRecords")) {
			assertThat(file).as(part).containsKey(part);
		}
		assertThat(list(file, "housingWishes")).isEmpty();
		Map<String, Object> situation = at(file, "residentialSituations", 0);
		assertThat(list(file, "residentialSituations")).hasSize(1);
		assertThat(situation).containsEntry("kind", "STREET").containsEntry("place", "Gare de Grenoble");
		assertThat(at(situation, "provenance")).containsEntry("recordedBy", "referent.asso")
			.containsEntry("basis", "MISSION")
			.containsEntry("rule", "ASSOCIATION/CASE_WORKER/SUPPORT_MEASURES/SUPPORT")
			.containsEntry("version", 2)
			.containsEntry("updatedBy", "referent.asso")
			.containsEntry("updatedAt", "2024-03-01T10:00:00Z");
		assertThat(at(at(situation, "provenance"), "organization")).containsEntry("name",
				DemoOrganizations.ASSOCIATION.name());

		assertThat(at(file, "supportMeasures", 0)).containsEntry("type", "AVDL")
			.containsEntry("caseLead", "referent.asso");
		assertThat(at(at(file, "supportMeasures", 0), "providerOrganization")).containsEntry("name",
				DemoOrganizations.ASSOCIATION.name());
		assertThat(at(file, "supportNotes", 0)).containsEntry("body", "Premier entretien");
		assertThat(list(at(file, "needsAssessments", 0), "items")).extracting((i) -> i.get("dimension"))
			.containsExactly("HOUSING", "RESOURCES");
		Map<String, Object> proposal = at(at(file, "siaoOrientations", 0), "proposals", 0);
		assertThat(proposal).containsEntry("solution", "IML").doesNotContainKey("orientationId");
		assertThat(at(proposal, "provenance")).containsEntry("recordedBy", "coord.siao");
		assertThat(at(at(proposal, "provenance"), "organization")).containsEntry("name", DemoOrganizations.SIAO.name());
		assertThat(at(file, "housingApplications", 0)).containsEntry("dalo", true);
		assertThat(at(at(file, "attributions", 0), "landlordOrganization")).containsEntry("name",
				DemoOrganizations.LANDLORD.name());
		assertThat(((Number) at(file, "tenancies", 0).get("monthlyRent")).doubleValue()).isEqualTo(412.5);
		assertThat(json).contains("\"monthlyRent\":412.5,");
		assertThat(at(at(file, "benefits", 0), "provenance")).containsEntry("recordedBy", "agent.caf");
		assertThat(at(at(file, "rentArrears", 0), "steps", 0)).containsEntry("kind", "FSL_REQUEST");
		Map<String, Object> health = at(file, "sensitiveRecords", 0);
		assertThat(health).containsEntry("id", this.healthRecord.toString())
			.containsEntry("category", "HEALTH")
			.containsEntry("summary", "Suivi CSAPA");
		assertThat(at(health, "provenance")).containsEntry("basis", "CONSENT")
			.containsEntry("consentId", this.consent.toString())
			.containsEntry("provisionId", this.careProvision.toString())
			.containsEntry("rule", null);
		assertThat(json).doesNotContain("HOTEL");
	}

	@Test
	void theExportCostsOneStatementPerTableWhateverTheFileHolds() {
		// followed by one organization, like any person: the organizations are read once
		// either way (and kept a while by the directory: both exports run once before)
		UUID empty = Fixtures.adult("Vide");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), empty, InvolvementKind.SUPPORT_MEASURE);
		export("dpo", empty.toString());
		export("dpo", this.person.toString());
		// the directory's cache may lapse during one export (it keeps organizations
		// 30 s): the fewest statements of three interleaved exports is the export's cost
		long forAnEmptyFile = Long.MAX_VALUE;
		long forAFullFile = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			forAnEmptyFile = Math.min(forAnEmptyFile, statementsFor(empty.toString()));
			forAFullFile = Math.min(forAFullFile, statementsFor(this.person.toString()));
		}
		assertThat(forAFullFile).isEqualTo(forAnEmptyFile);
	}

	@Test
	void onlyThePrivacyOfficerExports() {
		for (String user : List.of("referent.asso", "agent.caf", "admin", "pilote.metropole", "analyste.metropole",
				"coord.siao", "referent.sensible")) {
			Answer answer = export(user, this.person.toString());
			assertThat(answer.codes()).as(user).containsExactly("FORBIDDEN");
			assertThat(answer.at("exportPersonFile")).as(user).isNull();
		}
	}

	@Test
	void anUnknownPersonIsNotFound() {
		assertThat(export("dpo", UUID.randomUUID().toString()).codes()).containsExactly("NOT_FOUND");
		assertThat(export("dpo", "not-an-id").codes()).containsExactly("NOT_FOUND");
	}

	private long statementsFor(String personId) {
		long before = this.statements.count();
		assertThat(export("dpo", personId).errors()).isEmpty();
		return this.statements.count() - before;
	}

	private Answer export(String user, String personId) {
		return Answer.ask(this.partners.as(user), "exportPersonFile", Map.of("personId", personId));
	}

}

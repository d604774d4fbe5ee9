package fr.passerelle.file;

import static fr.passerelle.jooq.Tables.TENANCY;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.DwellingType;
import fr.passerelle.jooq.enums.ElementBasis;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.LeaseKind;
import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Benefits, rent arrears and prevention steps through the API: who writes, who reads,
 * provenance, validation, optimistic locking, idempotency keys, and the steps read with
 * their arrears in one batch.
 */
@IntegrationTest
class ResourcesFileTest {

	private static final String EVICTION_PREVENTION = "EVICTION_PREVENTION";

	@Autowired
	Partners partners;

	@Autowired
	StatementCounter statements;

	// Benefits

	@Test
	void theCafReportsABenefitUnderItsMissionAndReadsItWithItsProvenance() {
		UUID person = followedByTheCaf("Allocation");
		Answer reported = report(person,
				Map.of("type", "APL", "status", "PAID", "monthlyAmount", 250.5, "since", days(-60)));
		assertThat(reported.errors()).isEmpty();
		assertThat(reported.at("reportBenefit.version")).isEqualTo(0);
		assertThat(reported.at("reportBenefit.monthlyAmount")).isEqualTo(250.5);
		assertThat(reported.at("reportBenefit.provenance.basis")).isEqualTo("MISSION");
		assertThat(reported.at("reportBenefit.provenance.rule")).isEqualTo("CAF/AGENT/RESOURCES/BENEFITS");
		assertThat(reported.at("reportBenefit.provenance.recordedBy")).isEqualTo("agent.caf");

		Answer file = file("agent.caf", person);
		assertThat(file.at("person.benefits[0].type")).isEqualTo("APL");
		assertThat(file.at("person.benefits[0].status")).isEqualTo("PAID");
		assertThat(file.at("person.benefits[0].provenance.organization.name")).isEqualTo(DemoOrganizations.CAF.name());
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.benefit WHERE person_id = ? AND monthly_amount = 250.50 AND basis = 'MISSION'",
				person))
			.isEqualTo(1);
	}

	@Test
	void benefitsAreReadOnlyAsTheDecisionAllows() {
		UUID person = followedByTheCaf("Lecture");
		assertThat(report(person, Map.of("type", "RSA", "status", "PAID", "since", days(-10))).errors()).isEmpty();
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);

		Answer association = file("referent.asso", person);
		assertThat(association.at("person.benefits")).isNull();
		assertThat(association.redaction("person.benefits")).isEqualTo("RESOURCES/NO_CONSENT");
		Answer landlord = file("gestion.bailleur", person);
		assertThat(landlord.at("person.benefits")).isNull();
		assertThat(landlord.redaction("person.benefits")).isEqualTo("RESOURCES/POLICY");

		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.ASSOCIATION.id(), List.of(DataCategory.RESOURCES),
				List.of(Purpose.SUPPORT));
		Answer consented = file("referent.asso", person);
		assertThat(consented.redaction("person.benefits")).isNull();
		assertThat(consented.at("person.benefits[0].type")).isEqualTo("RSA");
		// the arrears are another category, still hidden
		assertThat(consented.redaction("person.rentArrears")).isEqualTo("RENT_ARREARS/NO_CONSENT");
	}

	@Test
	void onlyTheCafReportsBenefitsAndOnlyForPersonsItFollows() {
		UUID person = followedByTheCaf("Ecriture");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.ASSOCIATION.id(), List.of(DataCategory.RESOURCES),
				List.of(Purpose.SUPPORT));
		Map<String, Object> input = Map.of("personId", person.toString(), "type", "AAH", "status", "PAID", "since",
				days(-5));
		// the association may read RESOURCES with the consent, but the write policy does
		// not let it write them
		assertThat(Answer.ask(this.partners.as("referent.asso"), "reportBenefit", Map.of("input", input)).codes())
			.containsExactly("FORBIDDEN");
		UUID stranger = Fixtures.adult("Inconnu");
		assertThat(Answer
			.ask(this.partners.as("agent.caf"), "reportBenefit", Map.of("input",
					Map.of("personId", stranger.toString(), "type", "AAH", "status", "PAID", "since", days(-5))))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(benefits(person)).isZero();
		assertThat(benefits(stranger)).isZero();
	}

	@Test
	void aBenefitIsSuspendedOnADateIfAndOnlyIfItsStatusIsSuspended() {
		UUID person = followedByTheCaf("Suspension");
		assertField(report(person, Map.of("type", "APL", "status", "SUSPENDED", "since", days(-30))),
				"input.suspendedOn");
		assertField(
				report(person, Map.of("type", "APL", "status", "PAID", "since", days(-30), "suspendedOn", days(-2))),
				"input.suspendedOn");
		assertField(
				report(person,
						Map.of("type", "APL", "status", "SUSPENDED", "since", days(-30), "suspendedOn", days(-40))),
				"input.suspendedOn");
		assertField(
				report(person,
						Map.of("type", "APL", "status", "PAID", "since", days(-30), "suspensionReason", "contrôle")),
				"input.suspensionReason");
		assertField(report(person, Map.of("type", "APL", "status", "PAID", "since", days(3))), "input.since");
		assertField(report(person, Map.of("type", "APL", "status", "PAID", "since", days(-3), "monthlyAmount", -1)),
				"input.monthlyAmount");
		assertField(report(person, Map.of("type", "APL", "status", "PAID", "since", days(-3), "monthlyAmount", 12.345)),
				"input.monthlyAmount");
		assertThat(report(person, Map.of("type", "NOT_A_BENEFIT", "status", "PAID", "since", days(-3))).errors())
			.isNotEmpty();
		assertThat(benefits(person)).isZero();

		Answer suspended = report(person, Map.of("type", "APL", "status", "SUSPENDED", "since", days(-30),
				"suspendedOn", days(-2), "suspensionReason", "Contrôle de ressources"));
		assertThat(suspended.errors()).isEmpty();
		assertThat(suspended.at("reportBenefit.suspendedOn")).isEqualTo(days(-2));
		assertThat(benefits(person)).isEqualTo(1);
	}

	@Test
	void aBenefitIsUpdatedFromTheVersionReadByTheCafOnly() {
		UUID person = followedByTheCaf("Version");
		String id = (String) report(person,
				Map.of("type", "ALF", "status", "PAID", "monthlyAmount", 180, "since", days(-90)))
			.at("reportBenefit.id");
		Answer withoutDate = update(Map.of("id", id, "version", 0, "status", "SUSPENDED"));
		assertField(withoutDate, "input.suspendedOn");
		Answer beforeSince = update(Map.of("id", id, "version", 0, "status", "SUSPENDED", "suspendedOn", days(-100)));
		assertField(beforeSince, "input.suspendedOn");
		assertField(update(Map.of("id", id, "version", 0, "monthlyAmount", 1.001)), "input.monthlyAmount");
		assertThat(Fixtures.count("SELECT version FROM passerelle.benefit WHERE id = ?::uuid", id)).isZero();

		Answer suspended = update(Map.of("id", id, "version", 0, "status", "SUSPENDED", "suspendedOn", days(-1),
				"suspensionReason", "Pièces manquantes"));
		assertThat(suspended.errors()).isEmpty();
		assertThat(suspended.at("updateBenefit.version")).isEqualTo(1);
		assertThat(suspended.at("updateBenefit.monthlyAmount")).isEqualTo(180.0);
		assertThat(suspended.at("updateBenefit.provenance.updatedBy")).isEqualTo("agent.caf");

		Answer stale = update(Map.of("id", id, "version", 0, "status", "PAID"));
		assertThat(stale.codes()).containsExactly("STALE_VERSION");
		assertThat(stale.errors().get(0).getExtensions()).containsEntry("field", "input.version");

		Answer resumed = update(Map.of("id", id, "version", 1, "status", "PAID"));
		assertThat(resumed.errors()).isEmpty();
		assertThat(resumed.at("updateBenefit.suspendedOn")).isNull();
		assertThat(resumed.at("updateBenefit.suspensionReason")).isNull();
		assertThat(resumed.at("updateBenefit.version")).isEqualTo(2);

		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.ASSOCIATION.id(), List.of(DataCategory.RESOURCES),
				List.of(Purpose.SUPPORT));
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "updateBenefit",
					Map.of("input", Map.of("id", id, "version", 2, "status", "ENDED")))
			.codes()).containsExactly("FORBIDDEN");
		// the landlord is not involved: for it the benefit does not exist
		assertThat(Answer
			.ask(this.partners.as("gestion.bailleur", EVICTION_PREVENTION), "updateBenefit",
					Map.of("input", Map.of("id", id, "version", 2, "status", "ENDED")))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Fixtures.count("SELECT version FROM passerelle.benefit WHERE id = ?::uuid AND status = 'PAID'", id))
			.isEqualTo(2);
	}

	@Test
	void theSameIdempotencyKeyReturnsTheFirstBenefitAndRefusesAnotherReport() {
		UUID person = followedByTheCaf("Idempotent");
		Map<String, Object> input = new HashMap<>(
				Map.of("type", "APL", "status", "PAID", "since", days(-1), "idempotencyKey", "k-" + UUID.randomUUID()));
		String first = (String) report(person, input).at("reportBenefit.id");
		assertThat(report(person, input).at("reportBenefit.id")).isEqualTo(first);
		input.put("monthlyAmount", 99);
		Answer other = report(person, input);
		assertThat(other.codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(other.errors().get(0).getExtensions()).containsEntry("field", "input.idempotencyKey");
		assertThat(benefits(person)).isEqualTo(1);
	}

	// Rent arrears

	@Test
	void theLandlordRecordsArrearsOnItsTenancyWhenItDeclaresEvictionPrevention() {
		UUID person = followedByTheLandlord("Impaye");
		UUID tenancy = tenancy(person);
		Map<String, Object> input = Map.of("tenancyId", tenancy.toString(), "amount", 1840.5, "months", 3, "since",
				days(-100));
		// under its default purpose (HOUSING_ALLOCATION) the landlord has no RENT_ARREARS
		// at all
		assertThat(Answer
			.ask(this.partners.as("gestion.bailleur"), "recordRentArrears", Map.of("input", with(person, input)))
			.codes()).containsExactly("FORBIDDEN");
		assertThat(arrears(person)).isZero();

		Answer recorded = recordArrears(person, input);
		assertThat(recorded.errors()).isEmpty();
		assertThat(recorded.at("recordRentArrears.tenancyId")).isEqualTo(tenancy.toString());
		assertThat(recorded.at("recordRentArrears.amount")).isEqualTo(1840.5);
		assertThat(recorded.at("recordRentArrears.status")).isEqualTo("OPEN");
		assertThat(recorded.at("recordRentArrears.steps")).isEqualTo(List.of());
		assertThat(recorded.at("recordRentArrears.provenance.basis")).isEqualTo("MISSION");
		assertThat(recorded.at("recordRentArrears.provenance.rule"))
			.isEqualTo("LANDLORD/AGENT/RENT_ARREARS/EVICTION_PREVENTION");

		Answer file = file(this.partners.as("gestion.bailleur", EVICTION_PREVENTION), person);
		assertThat(file.at("person.rentArrears[0].months")).isEqualTo(3);
		assertThat(file.at("person.rentArrears[0].provenance.organization.name"))
			.isEqualTo(DemoOrganizations.LANDLORD.name());
		assertThat(arrears(person)).isEqualTo(1);
	}

	@Test
	void arrearsNameOnlyATenancyOfThePerson() {
		UUID person = followedByTheLandlord("Bail");
		UUID other = followedByTheLandlord("AutreBail");
		UUID othersTenancy = tenancy(other);
		assertField(
				recordArrears(person,
						Map.of("tenancyId", othersTenancy.toString(), "amount", 100, "months", 1, "since", days(-40))),
				"input.tenancyId");
		assertField(recordArrears(person,
				Map.of("tenancyId", UUID.randomUUID().toString(), "amount", 100, "months", 1, "since", days(-40))),
				"input.tenancyId");
		assertField(
				recordArrears(person, Map.of("tenancyId", "not-an-id", "amount", 100, "months", 1, "since", days(-40))),
				"input.tenancyId");
		assertThat(arrears(person)).isZero();
		// without a tenancy: allowed
		assertThat(recordArrears(person, Map.of("amount", 100, "months", 1, "since", days(-40))).errors()).isEmpty();
		assertThat(arrears(person)).isEqualTo(1);
	}

	@Test
	void badArrearsAreRefusedWithTheirFieldAndWriteNothing() {
		UUID person = followedByTheLandlord("Invalide");
		assertField(recordArrears(person, Map.of("amount", -0.01, "months", 1, "since", days(-40))), "input.amount");
		assertField(recordArrears(person, Map.of("amount", 10.125, "months", 1, "since", days(-40))), "input.amount");
		assertField(recordArrears(person, Map.of("amount", 2000000, "months", 1, "since", days(-40))), "input.amount");
		assertField(recordArrears(person, Map.of("amount", 10, "months", 241, "since", days(-40))), "input.months");
		assertField(recordArrears(person, Map.of("amount", 10, "months", -1, "since", days(-40))), "input.months");
		assertField(recordArrears(person, Map.of("amount", 10, "months", 1, "since", days(1))), "input.since");
		assertField(recordArrears(person, Map.of("amount", 10, "months", 1, "since", days(-40), "status", "CLOSED")),
				"input.closedOn");
		assertField(recordArrears(person,
				Map.of("amount", 10, "months", 1, "since", days(-40), "status", "CLOSED", "closedOn", days(-50))),
				"input.closedOn");
		assertField(recordArrears(person, Map.of("amount", 10, "months", 1, "since", days(-40), "closedOn", days(-1))),
				"input.closedOn");
		assertThat(arrears(person)).isZero();
		// the limits themselves are accepted
		assertThat(recordArrears(person, Map.of("amount", 0, "months", 240, "since", days(0))).errors()).isEmpty();
		assertThat(arrears(person)).isEqualTo(1);
	}

	@Test
	void othersReadArrearsOnlyAsTheDecisionAllowsAndDoNotRecordThem() {
		UUID person = followedByTheLandlord("Lecture");
		String id = arrearsId(person);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);

		Answer association = file("referent.asso", person);
		assertThat(association.at("person.rentArrears")).isNull();
		assertThat(association.redaction("person.rentArrears")).isEqualTo("RENT_ARREARS/NO_CONSENT");
		Answer caf = file("agent.caf", person);
		assertThat(caf.redaction("person.rentArrears")).isEqualTo("RENT_ARREARS/POLICY");
		// under eviction prevention, the CAF's mission covers them
		Answer cafPrevention = file(this.partners.as("agent.caf", EVICTION_PREVENTION), person);
		assertThat(cafPrevention.at("person.rentArrears[0].id")).isEqualTo(id);

		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.ASSOCIATION.id(), List.of(DataCategory.RENT_ARREARS),
				List.of(Purpose.SUPPORT));
		Answer consented = file("referent.asso", person);
		assertThat(consented.at("person.rentArrears[0].id")).isEqualTo(id);

		// reading is not writing: the write policy does not let an association record
		// arrears
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "recordRentArrears",
					Map.of("input", with(person, Map.of("amount", 10, "months", 1, "since", days(-3)))))
			.codes()).containsExactly("FORBIDDEN");
		UUID stranger = Fixtures.adult("Inconnu");
		assertThat(recordArrears(stranger, Map.of("amount", 10, "months", 1, "since", days(-3))).codes())
			.containsExactly("NOT_FOUND");
		assertThat(arrears(person)).isEqualTo(1);
		assertThat(arrears(stranger)).isZero();
	}

	@Test
	void arrearsAreClosedOnADateIfAndOnlyIfClosedFromTheVersionReadByTheirAuthorOnly() {
		UUID person = followedByTheLandlord("Cloture");
		String id = arrearsId(person);
		assertField(updateArrears(Map.of("id", id, "version", 0, "status", "CLOSED")), "input.closedOn");
		assertField(updateArrears(Map.of("id", id, "version", 0, "status", "CLOSED", "closedOn", days(-400))),
				"input.closedOn");
		assertField(updateArrears(Map.of("id", id, "version", 0, "months", 300)), "input.months");
		assertField(updateArrears(Map.of("id", id, "version", 0, "amount", -5)), "input.amount");
		assertThat(Fixtures.count("SELECT version FROM passerelle.rent_arrears WHERE id = ?::uuid", id)).isZero();

		Answer plan = updateArrears(Map.of("id", id, "version", 0, "status", "PAYMENT_PLAN", "amount", 900.25));
		assertThat(plan.errors()).isEmpty();
		assertThat(plan.at("updateRentArrears.version")).isEqualTo(1);
		assertThat(plan.at("updateRentArrears.amount")).isEqualTo(900.25);
		assertThat(plan.at("updateRentArrears.months")).isEqualTo(2);
		Answer closed = updateArrears(Map.of("id", id, "version", 1, "status", "CLOSED", "closedOn", days(0)));
		assertThat(closed.at("updateRentArrears.closedOn")).isEqualTo(days(0));
		assertThat(closed.at("updateRentArrears.provenance.updatedBy")).isEqualTo("gestion.bailleur");
		Answer stale = updateArrears(Map.of("id", id, "version", 1, "status", "OPEN"));
		assertThat(stale.codes()).containsExactly("STALE_VERSION");
		Answer reopened = updateArrears(Map.of("id", id, "version", 2, "status", "OPEN"));
		assertThat(reopened.at("updateRentArrears.closedOn")).isNull();
		assertThat(reopened.at("updateRentArrears.version")).isEqualTo(3);

		// the département may write RENT_ARREARS (with the person's consent) but not
		// change the landlord's
		departmentWithConsent(person);
		assertThat(Answer
			.ask(this.partners.as("as.departement"), "updateRentArrears",
					Map.of("input", Map.of("id", id, "version", 3, "months", 4)))
			.codes()).containsExactly("FORBIDDEN");
		assertThat(Answer
			.ask(this.partners.as("referent.autre-asso"), "updateRentArrears",
					Map.of("input", Map.of("id", id, "version", 3, "months", 4)))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Fixtures.count(
				"SELECT version FROM passerelle.rent_arrears WHERE id = ?::uuid AND status = 'OPEN' AND months = 2",
				id))
			.isEqualTo(3);
	}

	@Test
	void theSameIdempotencyKeyReturnsTheFirstArrearsAndRefusesAnotherRequest() {
		UUID person = followedByTheLandlord("Idempotent");
		Map<String, Object> input = new HashMap<>(
				Map.of("amount", 300, "months", 1, "since", days(-20), "idempotencyKey", "k-" + UUID.randomUUID()));
		String first = (String) recordArrears(person, input).at("recordRentArrears.id");
		assertThat(recordArrears(person, input).at("recordRentArrears.id")).isEqualTo(first);
		input.put("months", 2);
		assertThat(recordArrears(person, input).codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(arrears(person)).isEqualTo(1);
	}

	// Prevention steps

	@Test
	void stepsAreTakenByTheLandlordTheDepartmentAndTheStateAndReadWithTheirArrears() {
		UUID person = followedByTheLandlord("Prevention");
		String id = arrearsId(person);
		Answer referral = recordStep("gestion.bailleur", EVICTION_PREVENTION,
				Map.of("arrearsId", id, "kind", "CCAPEX_REFERRAL", "takenOn", days(-20)));
		assertThat(referral.errors()).isEmpty();
		assertThat(referral.at("recordPreventionStep.outcome")).isEqualTo("PENDING");
		assertThat(referral.at("recordPreventionStep.provenance.rule"))
			.isEqualTo("LANDLORD/AGENT/RENT_ARREARS/EVICTION_PREVENTION");

		UUID consent = departmentWithConsent(person);
		Answer fsl = recordStep("as.departement", null, Map.of("arrearsId", id, "kind", "FSL_DECISION", "takenOn",
				days(-10), "amount", 1200, "outcome", "FAVOURABLE", "note", "Aide FSL accordée"));
		assertThat(fsl.errors()).isEmpty();
		assertThat(fsl.at("recordPreventionStep.provenance.basis")).isEqualTo("CONSENT");
		assertThat(fsl.at("recordPreventionStep.provenance.consentId")).isEqualTo(consent.toString());

		Fixtures.involve(DemoOrganizations.STATE.id(), person, InvolvementKind.SOCIAL_SERVICE);
		Fixtures.permitOrganization(consent, DemoOrganizations.STATE.id(), List.of(DataCategory.RENT_ARREARS),
				List.of(Purpose.EVICTION_PREVENTION));
		Answer hearing = recordStep("agent.etat", EVICTION_PREVENTION,
				Map.of("arrearsId", id, "kind", "HEARING", "takenOn", days(-5)));
		assertThat(hearing.errors()).isEmpty();

		// every step belongs to the arrears' person
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.prevention_step s JOIN passerelle.rent_arrears a ON a.id = s.arrears_id"
						+ " WHERE s.person_id = ? AND a.person_id = s.person_id",
				person))
			.isEqualTo(3);
		Answer file = file(this.partners.as("gestion.bailleur", EVICTION_PREVENTION), person);
		assertThat(file.at("person.rentArrears[0].steps[0].kind")).isEqualTo("CCAPEX_REFERRAL");
		assertThat(file.at("person.rentArrears[0].steps[1].kind")).isEqualTo("FSL_DECISION");
		assertThat(file.at("person.rentArrears[0].steps[1].amount")).isEqualTo(1200.0);
		assertThat(file.at("person.rentArrears[0].steps[1].provenance.organization.name"))
			.isEqualTo(DemoOrganizations.DEPARTMENT.name());
		assertThat(file.at("person.rentArrears[0].steps[2].kind")).isEqualTo("HEARING");
		Answer updated = updateArrears(Map.of("id", id, "version", 0, "status", "PAYMENT_PLAN"));
		assertThat(updated.at("updateRentArrears.steps[2].kind")).isEqualTo("HEARING");
	}

	@Test
	void aStepIsRefusedToWhoeverMayNotWriteTheArrearsOrDoesNotSeeThem() {
		UUID person = followedByTheLandlord("Refus");
		String id = arrearsId(person);
		Map<String, Object> step = Map.of("arrearsId", id, "kind", "FSL_REQUEST", "takenOn", days(-1));
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);
		// the CAF sees the arrears under eviction prevention, but the write policy gives
		// it only RESOURCES
		assertThat(file(this.partners.as("agent.caf", EVICTION_PREVENTION), person).at("person.rentArrears[0].id"))
			.isEqualTo(id);
		assertThat(recordStep("agent.caf", EVICTION_PREVENTION, step).codes()).containsExactly("FORBIDDEN");
		// under its default purpose it does not even see them
		assertThat(recordStep("agent.caf", null, step).codes()).containsExactly("NOT_FOUND");
		// the département follows the person but has no consent for RENT_ARREARS
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		assertThat(recordStep("as.departement", null, step).codes()).containsExactly("NOT_FOUND");
		// an association not involved, and arrears that do not exist
		assertThat(recordStep("referent.autre-asso", null, step).codes()).containsExactly("NOT_FOUND");
		assertThat(recordStep("gestion.bailleur", EVICTION_PREVENTION,
				Map.of("arrearsId", UUID.randomUUID().toString(), "kind", "FSL_REQUEST", "takenOn", days(-1)))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(steps(person)).isZero();
	}

	@Test
	void badStepsAreRefusedWithTheirFieldAndWriteNothing() {
		UUID person = followedByTheLandlord("EtapeInvalide");
		String id = arrearsId(person);
		assertField(recordStep("gestion.bailleur", EVICTION_PREVENTION,
				Map.of("arrearsId", id, "kind", "HEARING", "takenOn", days(-200))), "input.takenOn");
		assertField(recordStep("gestion.bailleur", EVICTION_PREVENTION,
				Map.of("arrearsId", id, "kind", "HEARING", "takenOn", days(2))), "input.takenOn");
		assertField(
				recordStep("gestion.bailleur", EVICTION_PREVENTION,
						Map.of("arrearsId", id, "kind", "PAYMENT_PLAN", "takenOn", days(-1), "amount", -3)),
				"input.amount");
		assertField(
				recordStep("gestion.bailleur", EVICTION_PREVENTION,
						Map.of("arrearsId", id, "kind", "PAYMENT_PLAN", "takenOn", days(-1), "amount", 3.333)),
				"input.amount");
		assertField(
				recordStep("gestion.bailleur", EVICTION_PREVENTION,
						Map.of("arrearsId", id, "kind", "OTHER", "takenOn", days(-1), "note", "x".repeat(2001))),
				"input.note");
		assertField(recordStep("gestion.bailleur", EVICTION_PREVENTION,
				Map.of("arrearsId", "nope", "kind", "OTHER", "takenOn", days(-1))), "input.arrearsId");
		assertThat(steps(person)).isZero();
		// the day the arrears began is accepted
		assertThat(recordStep("gestion.bailleur", EVICTION_PREVENTION,
				Map.of("arrearsId", id, "kind", "COMMANDEMENT_DE_PAYER", "takenOn", days(-60)))
			.errors()).isEmpty();
	}

	@Test
	void aStepIsUpdatedFromTheVersionReadByItsAuthorOnlyAndItsKeyIsIdempotent() {
		UUID person = followedByTheLandlord("EtapeVersion");
		String arrears = arrearsId(person);
		departmentWithConsent(person);
		Map<String, Object> input = new HashMap<>(Map.of("arrearsId", arrears, "kind", "FSL_REQUEST", "takenOn",
				days(-3), "idempotencyKey", "k-" + UUID.randomUUID()));
		String id = (String) recordStep("as.departement", null, input).at("recordPreventionStep.id");
		assertThat(recordStep("as.departement", null, input).at("recordPreventionStep.id")).isEqualTo(id);
		input.put("kind", "FSL_DECISION");
		assertThat(recordStep("as.departement", null, input).codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(steps(person)).isEqualTo(1);

		Answer decided = updateStep("as.departement", null,
				Map.of("id", id, "version", 0, "outcome", "UNFAVOURABLE", "note", "Dossier incomplet"));
		assertThat(decided.errors()).isEmpty();
		assertThat(decided.at("updatePreventionStep.outcome")).isEqualTo("UNFAVOURABLE");
		assertThat(decided.at("updatePreventionStep.version")).isEqualTo(1);
		assertThat(updateStep("as.departement", null, Map.of("id", id, "version", 0, "outcome", "FAVOURABLE")).codes())
			.containsExactly("STALE_VERSION");
		assertField(updateStep("as.departement", null, Map.of("id", id, "version", 1, "amount", 0.999)),
				"input.amount");
		Answer cleared = updateStep("as.departement", null, Map.of("id", id, "version", 1, "note", ""));
		assertThat(cleared.at("updatePreventionStep.note")).isNull();
		assertThat(cleared.at("updatePreventionStep.outcome")).isEqualTo("UNFAVOURABLE");
		// the landlord wrote the arrears, not this step
		assertThat(updateStep("gestion.bailleur", EVICTION_PREVENTION,
				Map.of("id", id, "version", 2, "outcome", "FAVOURABLE"))
			.codes()).containsExactly("FORBIDDEN");
		assertThat(updateStep("referent.autre-asso", null, Map.of("id", id, "version", 2, "outcome", "FAVOURABLE"))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Fixtures.count(
				"SELECT version FROM passerelle.prevention_step WHERE id = ?::uuid AND outcome = 'UNFAVOURABLE'", id))
			.isEqualTo(2);
	}

	@Test
	void stepsAreReadInTheArrearsBatchNotOneStatementPerArrears() {
		UUID few = followedByTheLandlord("PeuEtapes");
		recordStep("gestion.bailleur", EVICTION_PREVENTION,
				Map.of("arrearsId", arrearsId(few), "kind", "CCAPEX_REFERRAL", "takenOn", days(-1)));
		UUID many = followedByTheLandlord("BeaucoupEtapes");
		for (int i = 0; i < 4; i++) {
			String arrears = arrearsId(many);
			for (int j = 0; j < 3; j++) {
				assertThat(recordStep("gestion.bailleur", EVICTION_PREVENTION,
						Map.of("arrearsId", arrears, "kind", "OTHER", "takenOn", days(-1 - j)))
					.errors()).isEmpty();
			}
		}
		GraphQlTester landlord = this.partners.as("gestion.bailleur", EVICTION_PREVENTION);
		file(landlord, few);
		long one = statementsFor(landlord, few, 1);
		long twelve = statementsFor(landlord, many, 12);
		assertThat(twelve).isEqualTo(one);
	}

	@SuppressWarnings("unchecked")
	private long statementsFor(GraphQlTester tester, UUID person, int steps) {
		long before = this.statements.count();
		Answer answer = file(tester, person);
		long used = this.statements.count() - before;
		assertThat(answer.errors()).isEmpty();
		List<Map<String, Object>> arrears = (List<Map<String, Object>>) answer.at("person.rentArrears");
		assertThat(arrears.stream().mapToInt((a) -> ((List<?>) a.get("steps")).size()).sum()).isEqualTo(steps);
		return used;
	}

	// Helpers

	private Answer report(UUID person, Map<String, ?> fields) {
		return Answer.ask(this.partners.as("agent.caf"), "reportBenefit", Map.of("input", with(person, fields)));
	}

	private Answer update(Map<String, ?> input) {
		return Answer.ask(this.partners.as("agent.caf"), "updateBenefit", Map.of("input", input));
	}

	private Answer recordArrears(UUID person, Map<String, ?> fields) {
		return Answer.ask(this.partners.as("gestion.bailleur", EVICTION_PREVENTION), "recordRentArrears",
				Map.of("input", with(person, fields)));
	}

	private Answer updateArrears(Map<String, ?> input) {
		return Answer.ask(this.partners.as("gestion.bailleur", EVICTION_PREVENTION), "updateRentArrears",
				Map.of("input", input));
	}

	private Answer recordStep(String user, String purpose, Map<String, ?> input) {
		return Answer.ask(tester(user, purpose), "recordPreventionStep", Map.of("input", input));
	}

	private Answer updateStep(String user, String purpose, Map<String, ?> input) {
		return Answer.ask(tester(user, purpose), "updatePreventionStep", Map.of("input", input));
	}

	private GraphQlTester tester(String user, String purpose) {
		return (purpose != null) ? this.partners.as(user, purpose) : this.partners.as(user);
	}

	/** Open arrears of two months, since sixty days ago, recorded by the landlord. */
	private String arrearsId(UUID person) {
		Answer recorded = recordArrears(person, Map.of("amount", 1200, "months", 2, "since", days(-60)));
		assertThat(recorded.errors()).isEmpty();
		return (String) recorded.at("recordRentArrears.id");
	}

	private Answer file(String user, UUID person) {
		return file(this.partners.as(user), person);
	}

	private static Answer file(GraphQlTester tester, UUID person) {
		return Answer.ask(tester, "resourcesFile", Map.of("id", person.toString()));
	}

	/** The département follows the person, who consents to it holding RENT_ARREARS. */
	private static UUID departmentWithConsent(UUID person) {
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), List.of(DataCategory.RENT_ARREARS),
				List.of(Purpose.SUPPORT));
		return consent;
	}

	private static void assertField(Answer answer, String field) {
		assertThat(answer.codes()).containsExactly("INVALID_INPUT");
		assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", field);
	}

	private static Map<String, Object> with(UUID person, Map<String, ?> fields) {
		Map<String, Object> input = new HashMap<>(fields);
		input.put("personId", person.toString());
		return input;
	}

	private static String days(int offset) {
		return LocalDate.now().plusDays(offset).toString();
	}

	private static UUID followedByTheCaf(String name) {
		UUID person = Fixtures.adult(name);
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);
		return person;
	}

	private static UUID followedByTheLandlord(String name) {
		UUID person = Fixtures.adult(name);
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		return person;
	}

	/** A tenancy of the person with the demo landlord, written below the API. */
	private static UUID tenancy(UUID person) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.insertInto(TENANCY)
			.set(TENANCY.ID, id)
			.set(TENANCY.PERSON_ID, person)
			.set(TENANCY.LANDLORD_ORGANIZATION_ID, DemoOrganizations.LANDLORD.id())
			.set(TENANCY.LEASE_KIND, LeaseKind.ORDINARY)
			.set(TENANCY.DWELLING_TYPE, DwellingType.T2)
			.set(TENANCY.ADDRESS, "12 rue des Alpes, Grenoble")
			.set(TENANCY.STARTED_ON, LocalDate.now().minusYears(2))
			.set(TENANCY.MONTHLY_RENT, new BigDecimal("540.00"))
			.set(TENANCY.RECORDED_BY_ORGANIZATION_ID, DemoOrganizations.LANDLORD.id())
			.set(TENANCY.RECORDED_BY, "gestion.bailleur")
			.set(TENANCY.BASIS, ElementBasis.MISSION)
			.set(TENANCY.BASIS_RULE, "LANDLORD/AGENT/TENANCY/HOUSING_ALLOCATION")
			.execute());
		return id;
	}

	private static int benefits(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.benefit WHERE person_id = ?", person);
	}

	private static int arrears(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.rent_arrears WHERE person_id = ?", person);
	}

	private static int steps(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.prevention_step WHERE person_id = ?", person);
	}

}

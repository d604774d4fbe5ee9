package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Health, justice and violence records through the API: written and read only under a
 * consent naming the organization itself, each category on its own, a sensitive author
 * shown only to whoever may know the person is followed there; validation, optimistic
 * locking and idempotency keys.
 */
@IntegrationTest
class SensitiveRecordsTest {

	private static final UUID ASSOCIATION = DemoOrganizations.ASSOCIATION.id();

	private static final UUID ADDICTION_SERVICE = DemoOrganizations.ADDICTION_SERVICE.id();

	@Autowired
	Partners partners;

	@Test
	void theAddictionServiceRecordsHealthOnlyUnderAConsentNamingIt() {
		UUID person = followedBy("Soin", ADDICTION_SERVICE, InvolvementKind.CARE);
		Map<String, Object> care = Map.of("category", "HEALTH", "kind", "ADDICTION_CARE", "startedOn", days(-30),
				"summary", "Suivi CSAPA hebdomadaire");
		Answer withoutConsent = record("referent.sensible", person, care);
		assertThat(withoutConsent.codes()).containsExactly("FORBIDDEN");
		// a consent for its organization type is not enough for a sensitive category
		UUID consent = Fixtures.consent(person);
		Fixtures.permitType(consent, OrganizationType.ASSOCIATION, List.of(DataCategory.HEALTH),
				List.of(Purpose.SUPPORT));
		assertThat(record("referent.sensible", person, care).codes()).containsExactly("FORBIDDEN");
		assertThat(records(person)).isZero();

		UUID provision = Fixtures.permitOrganization(consent, ADDICTION_SERVICE, List.of(DataCategory.HEALTH),
				List.of(Purpose.SUPPORT));
		Answer recorded = record("referent.sensible", person, care);
		assertThat(recorded.errors()).isEmpty();
		assertThat(recorded.at("recordSensitiveRecord.category")).isEqualTo("HEALTH");
		assertThat(recorded.at("recordSensitiveRecord.provenance.basis")).isEqualTo("CONSENT");
		assertThat(recorded.at("recordSensitiveRecord.provenance.consentId")).isEqualTo(consent.toString());
		assertThat(recorded.at("recordSensitiveRecord.provenance.provisionId")).isEqualTo(provision.toString());
		assertThat(recorded.at("recordSensitiveRecord.provenance.rule")).isNull();

		Answer file = file("referent.sensible", person);
		assertThat(file.at("person.healthRecords[0].kind")).isEqualTo("ADDICTION_CARE");
		assertThat(file.at("person.healthRecords[0].summary")).isEqualTo("Suivi CSAPA hebdomadaire");
		assertThat(file.redaction("person.justiceRecords")).isEqualTo("JUSTICE/SENSITIVE_NEEDS_NAMED_CONSENT");
		assertThat(Fixtures
			.count("SELECT count(*) FROM passerelle.sensitive_record WHERE person_id = ? AND category = 'HEALTH'"
					+ " AND basis = 'CONSENT' AND basis_provision_id = ?", person, provision))
			.isEqualTo(1);
	}

	@Test
	void eachCategoryIsReadUnderItsOwnNamedConsentAndNeverByTheLandlord() {
		UUID person = followedBy("Categories", ASSOCIATION, InvolvementKind.SUPPORT_MEASURE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, ASSOCIATION,
				List.of(DataCategory.HEALTH, DataCategory.JUSTICE, DataCategory.VIOLENCE), List.of(Purpose.SUPPORT));
		assertThat(record("referent.asso", person,
				Map.of("category", "HEALTH", "kind", "MENTAL_HEALTH_CARE", "startedOn", days(-100)))
			.errors()).isEmpty();
		assertThat(record("referent.asso", person,
				Map.of("category", "JUSTICE", "kind", "PROBATION", "startedOn", days(-50), "endedOn", days(-1)))
			.errors()).isEmpty();
		assertThat(
				record("referent.asso", person, Map.of("category", "JUSTICE", "kind", "OTHER", "startedOn", days(-5)))
					.errors())
			.isEmpty();

		Answer own = file("referent.asso", person);
		assertThat((List<?>) own.at("person.healthRecords")).hasSize(1);
		assertThat(own.at("person.justiceRecords[0].kind")).isEqualTo("OTHER");
		assertThat(own.at("person.justiceRecords[1].kind")).isEqualTo("PROBATION");
		assertThat(own.at("person.violenceRecords")).isEqualTo(List.of());

		// the département, with a consent naming it for JUSTICE only, sees JUSTICE only
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		Answer department = file("as.departement", person);
		assertThat(department.redaction("person.justiceRecords")).isEqualTo("JUSTICE/SENSITIVE_NEEDS_NAMED_CONSENT");
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), List.of(DataCategory.JUSTICE),
				List.of(Purpose.SUPPORT));
		Answer named = file("as.departement", person);
		assertThat((List<?>) named.at("person.justiceRecords")).hasSize(2);
		assertThat(named.at("person.healthRecords")).isNull();
		assertThat(named.redaction("person.healthRecords")).isEqualTo("HEALTH/SENSITIVE_NEEDS_NAMED_CONSENT");

		// the landlord never: even a consent naming it is capped by the policy
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		Fixtures.permitOrganization(consent, DemoOrganizations.LANDLORD.id(),
				List.of(DataCategory.HEALTH, DataCategory.JUSTICE, DataCategory.VIOLENCE),
				List.of(Purpose.HOUSING_ALLOCATION, Purpose.EVICTION_PREVENTION));
		for (Answer landlord : List.of(file("gestion.bailleur", person),
				Answer.ask(this.partners.as("gestion.bailleur", "EVICTION_PREVENTION"), "sensitiveFile",
						Map.of("id", person.toString())))) {
			assertThat(landlord.at("person.healthRecords")).isNull();
			assertThat(landlord.redaction("person.healthRecords")).isEqualTo("HEALTH/POLICY");
			assertThat(landlord.redaction("person.justiceRecords")).isEqualTo("JUSTICE/POLICY");
			assertThat(landlord.redaction("person.violenceRecords")).isEqualTo("VIOLENCE/POLICY");
		}
	}

	@Test
	void aRecordByASensitiveOrganizationIsShownOnlyToWhoeverMayKnowThePersonIsFollowedThere() {
		UUID person = followedBy("Discret", ADDICTION_SERVICE, InvolvementKind.CARE);
		Fixtures.involve(ASSOCIATION, person, InvolvementKind.SUPPORT_MEASURE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, ADDICTION_SERVICE, List.of(DataCategory.HEALTH, DataCategory.VIOLENCE),
				List.of(Purpose.SUPPORT));
		UUID associationViolence = Fixtures.permitOrganization(consent, ASSOCIATION, List.of(DataCategory.VIOLENCE),
				List.of(Purpose.SUPPORT));
		String csapaHealth = (String) record("referent.sensible", person,
				Map.of("category", "HEALTH", "kind", "ADDICTION_CARE", "startedOn", days(-60)))
			.at("recordSensitiveRecord.id");
		String csapaViolence = (String) record("referent.sensible", person,
				Map.of("category", "VIOLENCE", "kind", "DOMESTIC_VIOLENCE", "startedOn", days(-40)))
			.at("recordSensitiveRecord.id");
		String ownViolence = (String) record("referent.asso", person,
				Map.of("category", "VIOLENCE", "kind", "PROTECTION_ORDER", "startedOn", days(-20)))
			.at("recordSensitiveRecord.id");
		assertThat(List.of(csapaHealth, csapaViolence, ownViolence)).doesNotContainNull();

		// VIOLENCE only: the association sees its own record, not the addiction
		// service's,
		// which would tell that the person is followed there (HEALTH)
		Answer violenceOnly = file("referent.asso", person);
		assertThat(violenceOnly.redaction("person.healthRecords")).isEqualTo("HEALTH/SENSITIVE_NEEDS_NAMED_CONSENT");
		assertThat(violenceOnly.at("person.violenceRecords[0].id")).isEqualTo(ownViolence);
		assertThat((List<?>) violenceOnly.at("person.violenceRecords")).hasSize(1);
		assertThat(violenceOnly.redaction("person.violenceRecords")).isNull();

		// the addiction service itself sees both violence records
		assertThat((List<?>) file("referent.sensible", person).at("person.violenceRecords")).hasSize(2);

		// named for HEALTH too: the association may know of the addiction service, and
		// sees its records
		Fixtures.permitOrganization(consent, ASSOCIATION, List.of(DataCategory.HEALTH), List.of(Purpose.SUPPORT));
		Answer both = file("referent.asso", person);
		assertThat(both.at("person.healthRecords[0].id")).isEqualTo(csapaHealth);
		assertThat(both.at("person.healthRecords[0].provenance.organization.name"))
			.isEqualTo(DemoOrganizations.ADDICTION_SERVICE.name());
		assertThat((List<?>) both.at("person.violenceRecords")).hasSize(2);
		assertThat(both.at("person.violenceRecords[1].id")).isEqualTo(csapaViolence);
		assertThat(associationViolence).isNotNull();
	}

	@Test
	void onlyOrganizationsTheWritePolicyLetsWriteTheCategoryAndThatReachThePersonRecordIt() {
		UUID person = followedBy("Ecriture", DemoOrganizations.DEPARTMENT.id(), InvolvementKind.SOCIAL_SERVICE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), List.of(DataCategory.HEALTH),
				List.of(Purpose.SUPPORT));
		Fixtures.permitOrganization(consent, DemoOrganizations.OTHER_ASSOCIATION.id(), List.of(DataCategory.HEALTH),
				List.of(Purpose.SUPPORT));
		Map<String, Object> health = Map.of("category", "HEALTH", "kind", "DISABILITY", "startedOn", days(-3));
		// the département may read HEALTH with the consent, but the write policy does not
		// let it write it
		assertThat(file("as.departement", person).at("person.healthRecords")).isEqualTo(List.of());
		assertThat(record("as.departement", person, health).codes()).containsExactly("FORBIDDEN");
		// the other association is named by the consent but does not follow the person
		assertThat(record("referent.autre-asso", person, health).codes()).containsExactly("NOT_FOUND");
		assertThat(records(person)).isZero();
	}

	@Test
	void aKindOutsideItsCategoryAndOtherBadInputAreRefusedWithTheirFieldAndWriteNothing() {
		UUID person = followedBy("Invalide", ASSOCIATION, InvolvementKind.SUPPORT_MEASURE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, ASSOCIATION,
				List.of(DataCategory.HEALTH, DataCategory.JUSTICE, DataCategory.VIOLENCE), List.of(Purpose.SUPPORT));
		assertField(record("referent.asso", person,
				Map.of("category", "HEALTH", "kind", "PROBATION", "startedOn", days(-3))), "input.kind");
		assertField(record("referent.asso", person,
				Map.of("category", "VIOLENCE", "kind", "PREGNANCY", "startedOn", days(-3))), "input.kind");
		assertField(record("referent.asso", person,
				Map.of("category", "JUSTICE", "kind", "SEXUAL_VIOLENCE", "startedOn", days(-3))), "input.kind");
		assertField(
				record("referent.asso", person, Map.of("category", "IDENTITY", "kind", "OTHER", "startedOn", days(-3))),
				"input.category");
		assertField(
				record("referent.asso", person,
						Map.of("category", "HEALTH", "kind", "PREGNANCY", "startedOn", days(-3), "endedOn", days(-10))),
				"input.endedOn");
		assertField(record("referent.asso", person,
				Map.of("category", "HEALTH", "kind", "PREGNANCY", "startedOn", days(4))), "input.startedOn");
		assertField(record("referent.asso", person,
				Map.of("category", "HEALTH", "kind", "PREGNANCY", "startedOn", days(-3), "summary", "x".repeat(4001))),
				"input.summary");
		assertThat(record("referent.asso", person,
				Map.of("category", "HEALTH", "kind", "NOT_A_KIND", "startedOn", days(-3)))
			.errors()).isNotEmpty();
		assertThat(records(person)).isZero();
	}

	@Test
	void aRecordIsUpdatedFromTheVersionReadByItsAuthorOnlyWithinItsCategory() {
		UUID person = followedBy("Version", ASSOCIATION, InvolvementKind.SUPPORT_MEASURE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, ASSOCIATION, List.of(DataCategory.JUSTICE), List.of(Purpose.SUPPORT));
		String id = (String) record("referent.asso", person,
				Map.of("category", "JUSTICE", "kind", "COURT_PROCEEDING", "startedOn", days(-30)))
			.at("recordSensitiveRecord.id");
		assertField(update("referent.asso", Map.of("id", id, "version", 0, "kind", "ADDICTION_CARE")), "input.kind");
		assertField(update("referent.asso", Map.of("id", id, "version", 0, "endedOn", days(-31))), "input.endedOn");
		Answer ended = update("referent.asso",
				Map.of("id", id, "version", 0, "kind", "LEGAL_PROTECTION", "endedOn", days(0), "summary", "Curatelle"));
		assertThat(ended.errors()).isEmpty();
		assertThat(ended.at("updateSensitiveRecord.kind")).isEqualTo("LEGAL_PROTECTION");
		assertThat(ended.at("updateSensitiveRecord.version")).isEqualTo(1);
		assertThat(ended.at("updateSensitiveRecord.provenance.updatedBy")).isEqualTo("referent.asso");
		Answer stale = update("referent.asso", Map.of("id", id, "version", 0, "summary", "autre"));
		assertThat(stale.codes()).containsExactly("STALE_VERSION");

		// another association the consent names for JUSTICE, following the person: not
		// the author
		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.permitOrganization(consent, DemoOrganizations.OTHER_ASSOCIATION.id(), List.of(DataCategory.JUSTICE),
				List.of(Purpose.SUPPORT));
		assertThat(update("referent.autre-asso", Map.of("id", id, "version", 1, "summary", "x")).codes())
			.containsExactly("FORBIDDEN");
		// the addiction service does not follow the person: the record does not exist for
		// it
		assertThat(update("referent.sensible", Map.of("id", id, "version", 1, "summary", "x")).codes())
			.containsExactly("NOT_FOUND");
		// once the consent no longer names the author, it can neither see nor change the
		// record
		Fixtures.revoke(consent);
		assertThat(update("referent.asso", Map.of("id", id, "version", 1, "summary", "x")).codes())
			.containsExactly("NOT_FOUND");
		assertThat(Fixtures
			.count("SELECT version FROM passerelle.sensitive_record WHERE id = ?::uuid AND summary = 'Curatelle'", id))
			.isEqualTo(1);
	}

	@Test
	void theSameIdempotencyKeyReturnsTheFirstRecordAndRefusesAnotherRequest() {
		UUID person = followedBy("Idempotent", ASSOCIATION, InvolvementKind.SUPPORT_MEASURE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, ASSOCIATION, List.of(DataCategory.VIOLENCE), List.of(Purpose.SUPPORT));
		Map<String, Object> input = new HashMap<>(Map.of("category", "VIOLENCE", "kind", "DOMESTIC_VIOLENCE",
				"startedOn", days(-2), "idempotencyKey", "k-" + UUID.randomUUID()));
		String first = (String) record("referent.asso", person, input).at("recordSensitiveRecord.id");
		assertThat(record("referent.asso", person, input).at("recordSensitiveRecord.id")).isEqualTo(first);
		input.put("kind", "PROTECTION_ORDER");
		Answer other = record("referent.asso", person, input);
		assertThat(other.codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(records(person)).isEqualTo(1);
	}

	private Answer record(String user, UUID person, Map<String, ?> fields) {
		Map<String, Object> input = new HashMap<>(fields);
		input.put("personId", person.toString());
		return Answer.ask(this.partners.as(user), "recordSensitiveRecord", Map.of("input", input));
	}

	private Answer update(String user, Map<String, ?> input) {
		return Answer.ask(this.partners.as(user), "updateSensitiveRecord", Map.of("input", input));
	}

	private Answer file(String user, UUID person) {
		return Answer.ask(this.partners.as(user), "sensitiveFile", Map.of("id", person.toString()));
	}

	private static void assertField(Answer answer, String field) {
		assertThat(answer.codes()).containsExactly("INVALID_INPUT");
		assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", field);
	}

	private static UUID followedBy(String name, UUID organization, InvolvementKind kind) {
		UUID person = Fixtures.adult(name);
		Fixtures.involve(organization, person, kind);
		return person;
	}

	private static String days(int offset) {
		return LocalDate.now().plusDays(offset).toString();
	}

	private static int records(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.sensitive_record WHERE person_id = ?", person);
	}

}

package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * A person's registration with their household, identity changes and household changes
 * through the API: who may write them, who sees the household, validation, optimistic
 * locking and idempotency keys.
 */
@IntegrationTest
class HouseholdFileTest {

	private static final String ASSOCIATION = DemoOrganizations.ASSOCIATION.id().toString();

	@Autowired
	Partners partners;

	@Test
	void aCaseWorkerRegistersAPersonWithTheirHouseholdInOneTransaction() {
		String family = unique("Haddad");
		Map<String, Object> input = registration("Karim", family);
		input.put("birthDate", "1985-03-02");
		input.put("phone", "06 12 34 56 78");
		input.put("email", "karim@example.org");
		input.put("household",
				Map.of("role", "ADULT", "members",
						List.of(member("Lina", family, LocalDate.now().minusYears(6), "CHILD"),
								Map.of("firstName", "Sara", "lastName", family, "birthDate", "1988-01-01", "role",
										"ADULT", "since", "2020-01-01"))));
		Answer registered = register("referent.asso", input);
		assertThat(registered.errors()).isEmpty();
		assertThat(registered.at("registerPerson.reach")).isEqualTo("INVOLVEMENT");
		assertThat(registered.at("registerPerson.firstName")).isEqualTo("Karim");
		assertThat(registered.at("registerPerson.phone")).isEqualTo("06 12 34 56 78");
		assertThat(registered.at("registerPerson.identityVersion")).isEqualTo(0);
		assertThat(registered.at("registerPerson.careTeam[0].kind")).isEqualTo("SUPPORT_MEASURE");
		assertThat(registered.at("registerPerson.careTeam[0].organization.id")).isEqualTo(ASSOCIATION);
		assertThat(registered.at("registerPerson.household.version")).isEqualTo(0);
		assertThat((List<?>) registered.at("registerPerson.household.members")).hasSize(3);
		// adults first, then children
		assertThat(registered.at("registerPerson.household.members[0].firstName")).isEqualTo("Karim");
		assertThat(registered.at("registerPerson.household.members[0].since")).isEqualTo(LocalDate.now().toString());
		assertThat(registered.at("registerPerson.household.members[1].firstName")).isEqualTo("Sara");
		assertThat(registered.at("registerPerson.household.members[1].since")).isEqualTo("2020-01-01");
		assertThat(registered.at("registerPerson.household.members[1].minor")).isEqualTo(false);
		assertThat(registered.at("registerPerson.household.members[2].firstName")).isEqualTo("Lina");
		assertThat(registered.at("registerPerson.household.members[2].role")).isEqualTo("CHILD");
		assertThat(registered.at("registerPerson.household.members[2].minor")).isEqualTo(true);
		assertThat(registered.at("registerPerson.household.members[2].recordedBy")).isEqualTo("referent.asso");
		assertThat(registered.at("registerPerson.household.members[2].recordedByOrganization.id"))
			.isEqualTo(ASSOCIATION);

		// every member is a person the association follows, registered today by the case
		// worker
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.person WHERE last_name = ? AND territory = '38'",
				family))
			.isEqualTo(3);
		assertThat(Fixtures.count(
				"""
						SELECT count(*) FROM passerelle.involvement i JOIN passerelle.person p ON p.id = i.person_id
						WHERE p.last_name = ? AND i.organization_id = ?::uuid AND i.kind = 'SUPPORT_MEASURE'
						  AND i.created_by = 'referent.asso' AND i.started_on = current_date AND i.reason = 'Rencontré en maraude'
						""",
				family, ASSOCIATION))
			.isEqualTo(3);
		assertThat(Fixtures.count("""
				SELECT count(*) FROM passerelle.household_member m JOIN passerelle.person p ON p.id = m.person_id
				WHERE p.last_name = ? AND m.recorded_by = 'referent.asso' AND m.recorded_by_organization_id = ?::uuid
				  AND m.household_id = ?::uuid
				""", family, ASSOCIATION, registered.at("registerPerson.household.id"))).isEqualTo(3);
	}

	@Test
	void onlyOrganizationsTheWritePolicyLetsWriteIdentitiesRegisterPersons() {
		String family = unique("Policy");
		assertThat(register("agent.caf", registration("Ali", family)).codes()).containsExactly("FORBIDDEN");
		Answer landlord = register("gestion.bailleur", registration("Ali", family));
		assertThat(landlord.codes()).containsExactly("FORBIDDEN");
		assertThat(landlord.errors().get(0).getMessage()).contains("IDENTITY");
		assertThat(persons(family)).isZero();

		Map<String, Object> input = registration("Ali", family);
		input.put("involvementKind", "SIAO_ORIENTATION");
		Answer siao = register("coord.siao", input);
		assertThat(siao.errors()).isEmpty();
		assertThat(siao.at("registerPerson.reach")).isEqualTo("INVOLVEMENT");
		assertThat(siao.at("registerPerson.lastName")).isEqualTo(family);
		// the care team is SUPPORT_MEASURES, which the SIAO sees only with consent
		assertThat(siao.redaction("registerPerson.careTeam")).isEqualTo("SUPPORT_MEASURES/NO_CONSENT");
		assertThat(Fixtures.count("""
				SELECT count(*) FROM passerelle.involvement i JOIN passerelle.person p ON p.id = i.person_id
				WHERE p.last_name = ? AND i.organization_id = ?::uuid AND i.kind = 'SIAO_ORIENTATION'
				  AND i.created_by = 'coord.siao'
				""", family, DemoOrganizations.SIAO.id().toString())).isEqualTo(1);
		assertThat(persons(family)).isEqualTo(1);
	}

	@Test
	void badInputIsRefusedWithItsFieldAndRegistersNoOne() {
		String family = unique("Invalid");
		assertThat(invalidField(Map.of("lastName", " "))).isEqualTo("input.lastName");
		assertThat(invalidField(Map.of("lastName", "x".repeat(101)))).isEqualTo("input.lastName");
		assertThat(invalidField(Map.of("lastName", family, "birthDate", LocalDate.now().plusDays(1).toString())))
			.isEqualTo("input.birthDate");
		assertThat(invalidField(Map.of("lastName", family, "birthDate", "1900-01-01"))).isEqualTo("input.birthDate");
		assertThat(invalidField(Map.of("lastName", family, "territory", "99X"))).isEqualTo("input.territory");
		assertThat(invalidField(Map.of("lastName", family, "email", "karim at example"))).isEqualTo("input.email");
		assertThat(invalidField(Map.of("lastName", family, "phone", "call me"))).isEqualTo("input.phone");
		assertThat(invalidField(Map.of("lastName", family, "reason", "  "))).isEqualTo("input.reason");
		assertThat(invalidField(Map.of("lastName", family, "household",
				Map.of("members", List.of(member("Lina", family, LocalDate.now().plusYears(1), "CHILD"))))))
			.isEqualTo("input.household.members[0].birthDate");
		assertThat(
				invalidField(Map.of("lastName", family, "household",
						Map.of("members",
								List.of(Map.of("firstName", "Lina", "lastName", family, "birthDate", "2015-01-01",
										"role", "CHILD", "since", "2014-01-01"))))))
			.isEqualTo("input.household.members[0].since");
		assertThat(persons(family)).isZero();
	}

	@Test
	void theSameIdempotencyKeyRegistersThePersonOnce() {
		String family = unique("Retry");
		Map<String, Object> input = registration("Nadia", family);
		input.put("idempotencyKey", "register-" + UUID.randomUUID());
		input.put("household", Map.of("members", List.of(member("Yanis", family, LocalDate.of(2012, 4, 1), "CHILD"))));
		Object first = register("referent.asso", input).at("registerPerson.id");
		Answer again = register("referent.asso", input);
		assertThat(again.errors()).isEmpty();
		assertThat(again.at("registerPerson.id")).isEqualTo(first);
		assertThat(persons(family)).isEqualTo(2);

		input.put("firstName", "Nadja");
		Answer other = register("referent.asso", input);
		assertThat(other.codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(other.errors().get(0).getExtensions()).containsEntry("field", "input.idempotencyKey");
		assertThat(persons(family)).isEqualTo(2);
	}

	@Test
	void theDepartmentSeesTheHouseholdOnlyWithConsentEvenMembersItDoesNotFollow() {
		String family = unique("Consent");
		Map<String, Object> input = registration("Karim", family);
		input.put("household",
				Map.of("members", List.of(member("Lina", family, LocalDate.now().minusYears(4), "CHILD"))));
		Answer registered = register("referent.asso", input);
		UUID person = UUID.fromString((String) registered.at("registerPerson.id"));
		String child = (String) named(registered, "registerPerson.household", "Lina").get("personId");
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);

		Answer hidden = file("as.departement", person);
		assertThat(hidden.at("person.id")).isEqualTo(person.toString());
		assertThat(hidden.at("person.household")).isNull();
		assertThat(hidden.redaction("person.household")).isEqualTo("HOUSEHOLD/NO_CONSENT");

		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), List.of(DataCategory.HOUSEHOLD),
				List.of(Purpose.SUPPORT));
		Answer shown = file("as.departement", person);
		assertThat(shown.redaction("person.household")).isNull();
		assertThat(named(shown, "person.household", "Lina")).containsEntry("minor", true)
			.containsEntry("personId", child);
		// identity was not consented to: not even through the household
		assertThat(shown.redaction("person.firstName")).isEqualTo("IDENTITY/NO_CONSENT");
		assertThat(withId(shown, "person.household", person.toString())).containsEntry("firstName", null)
			.containsEntry("lastName", null)
			.containsEntry("role", "ADULT");
		assertThat(shown.map().toString()).doesNotContain("Karim");
		// the composition is the person's data: the child's own file stays out of reach
		assertThat(file("as.departement", UUID.fromString(child)).at("person")).isNull();
	}

	@Test
	void aMemberIsAddedFromTheHouseholdVersionReadByWhoMayWriteTheHousehold() {
		String family = unique("Add");
		UUID person = registered("Karim", family);
		Answer added = add("referent.asso", person, 0, member("Lina", family, LocalDate.now().minusYears(3), "CHILD"),
				person.toString(), null);
		assertThat(added.errors()).isEmpty();
		assertThat(added.at("addHouseholdMember.id")).isEqualTo(person.toString());
		assertThat(added.at("addHouseholdMember.household.version")).isEqualTo(1);
		assertThat(added.at("addHouseholdMember.household.members[1].firstName")).isEqualTo("Lina");
		assertThat(added.at("addHouseholdMember.household.members[1].representativePersonId"))
			.isEqualTo(person.toString());
		assertThat(added.at("addHouseholdMember.household.members[1].recordedBy")).isEqualTo("referent.asso");
		assertThat(Fixtures.count("""
				SELECT count(*) FROM passerelle.involvement i JOIN passerelle.person p ON p.id = i.person_id
				WHERE p.first_name = 'Lina' AND p.last_name = ? AND i.organization_id = ?::uuid
				  AND i.kind = 'SUPPORT_MEASURE' AND i.created_by = 'referent.asso'
				""", family, ASSOCIATION)).isEqualTo(1);

		Answer stale = add("referent.asso", person, 0, member("Adam", family, LocalDate.of(2019, 1, 1), "CHILD"), null,
				null);
		assertThat(stale.codes()).containsExactly("STALE_VERSION");
		assertThat(stale.errors().get(0).getExtensions()).containsEntry("field", "input.householdVersion");
		Answer twice = add("referent.asso", person, 1, member("Lina", family, LocalDate.now().minusYears(3), "CHILD"),
				null, null);
		assertThat(twice.codes()).containsExactly("CONFLICT");
		Answer notAMember = add("referent.asso", person, 1, member("Adam", family, LocalDate.of(2019, 1, 1), "CHILD"),
				UUID.randomUUID().toString(), null);
		assertThat(notAMember.errors().get(0).getExtensions()).containsEntry("field", "input.representativePersonId");
		Answer future = add("referent.asso", person, 1, member("Adam", family, LocalDate.now().plusDays(3), "CHILD"),
				null, null);
		assertThat(future.errors().get(0).getExtensions()).containsEntry("field", "input.member.birthDate");

		// an organization that does not follow the person: it does not exist
		assertThat(add("referent.autre-asso", person, 1, member("Adam", family, LocalDate.of(2019, 1, 1), "CHILD"),
				null, null)
			.codes()).containsExactly("NOT_FOUND");
		// the landlord follows the person and may see the household, but does not write
		// it
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.LANDLORD.id(),
				List.of(DataCategory.IDENTITY, DataCategory.HOUSEHOLD), List.of(Purpose.HOUSING_ALLOCATION));
		assertThat(add("gestion.bailleur", person, 1, member("Adam", family, LocalDate.of(2019, 1, 1), "CHILD"), null,
				null)
			.codes()).containsExactly("FORBIDDEN");
		assertThat(file("gestion.bailleur", person).at("person.household.version")).isEqualTo(1);
		assertThat(persons(family)).isEqualTo(2);
	}

	@Test
	void theSameIdempotencyKeyAddsTheMemberOnce() {
		String family = unique("AddRetry");
		UUID person = registered("Karim", family);
		String key = "member-" + UUID.randomUUID();
		Map<String, Object> member = member("Adam", family, LocalDate.of(2019, 1, 1), "CHILD");
		assertThat(add("referent.asso", person, 0, member, null, key).errors()).isEmpty();
		Answer again = add("referent.asso", person, 0, member, null, key);
		assertThat(again.errors()).isEmpty();
		assertThat(again.at("addHouseholdMember.household.version")).isEqualTo(1);
		assertThat(persons(family)).isEqualTo(2);
		Answer other = add("referent.asso", person, 1, member("Eva", family, LocalDate.of(2019, 1, 1), "CHILD"), null,
				key);
		assertThat(other.codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(persons(family)).isEqualTo(2);
	}

	@Test
	void aPersonWithoutHouseholdStartsOneFromVersionZero() {
		UUID person = Fixtures.adult("Seul");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		assertThat(file("referent.asso", person).at("person.household")).isNull();
		assertThat(add("referent.asso", person, 2, member("Adam", "Fixture", LocalDate.of(2019, 1, 1), "CHILD"), null,
				null)
			.codes()).containsExactly("STALE_VERSION");
		Answer added = add("referent.asso", person, 0, member("Adam", "Fixture", LocalDate.of(2019, 1, 1), "CHILD"),
				null, null);
		assertThat(added.errors()).isEmpty();
		assertThat(added.at("addHouseholdMember.household.version")).isEqualTo(1);
		assertThat(added.at("addHouseholdMember.household.members[0].personId")).isEqualTo(person.toString());
		assertThat(added.at("addHouseholdMember.household.members[0].role")).isEqualTo("ADULT");
		assertThat(added.at("addHouseholdMember.household.members[1].firstName")).isEqualTo("Adam");
	}

	@Test
	void aMemberIsChangedFromTheHouseholdVersionRead() {
		String family = unique("Update");
		Map<String, Object> input = registration("Karim", family);
		input.put("household",
				Map.of("members",
						List.of(Map.of("firstName", "Sara", "lastName", family, "birthDate", "1988-01-01", "role",
								"ADULT", "since", "2020-01-01"),
								member("Lina", family, LocalDate.now().minusYears(5), "CHILD"))));
		Answer registered = register("referent.asso", input);
		UUID person = UUID.fromString((String) registered.at("registerPerson.id"));
		String partner = (String) named(registered, "registerPerson.household", "Sara").get("personId");
		String child = (String) named(registered, "registerPerson.household", "Lina").get("personId");

		Answer left = update("referent.asso", Map.of("personId", person.toString(), "memberId", partner,
				"householdVersion", 0, "leftOn", LocalDate.now().toString()));
		assertThat(left.errors()).isEmpty();
		assertThat(left.at("updateHouseholdMember.household.version")).isEqualTo(1);
		// current members first, then those who left
		assertThat(left.at("updateHouseholdMember.household.members[2].personId")).isEqualTo(partner);
		assertThat(left.at("updateHouseholdMember.household.members[2].leftOn")).isEqualTo(LocalDate.now().toString());
		assertThat(named(left, "updateHouseholdMember.household", "Karim")).containsEntry("leftOn", null);

		Answer representative = update("referent.asso", Map.of("personId", person.toString(), "memberId", child,
				"householdVersion", 1, "representativePersonId", person.toString()));
		assertThat(representative.errors()).isEmpty();
		assertThat(named(representative, "updateHouseholdMember.household", "Lina"))
			.containsEntry("representativePersonId", person.toString());
		assertThat(representative.at("updateHouseholdMember.household.version")).isEqualTo(2);

		Answer stale = update("referent.asso",
				Map.of("personId", person.toString(), "memberId", child, "householdVersion", 1, "role", "OTHER"));
		assertThat(stale.codes()).containsExactly("STALE_VERSION");
		assertThat(stale.errors().get(0).getExtensions()).containsEntry("field", "input.householdVersion");
		Answer beforeSince = update("referent.asso", Map.of("personId", person.toString(), "memberId", partner,
				"householdVersion", 2, "leftOn", "2019-06-01"));
		assertThat(beforeSince.errors().get(0).getExtensions()).containsEntry("field", "input.leftOn");
		Answer departed = update("referent.asso", Map.of("personId", person.toString(), "memberId", child,
				"householdVersion", 2, "representativePersonId", partner));
		assertThat(departed.errors().get(0).getExtensions()).containsEntry("field", "input.representativePersonId");
		Map<String, Object> cleared = new HashMap<>(
				Map.of("personId", person.toString(), "memberId", child, "householdVersion", 2));
		cleared.put("role", null);
		assertThat(update("referent.asso", cleared).errors().get(0).getExtensions()).containsEntry("field",
				"input.role");
		Answer unknown = update("referent.asso", Map.of("personId", person.toString(), "memberId",
				UUID.randomUUID().toString(), "householdVersion", 2, "role", "OTHER"));
		assertThat(unknown.codes()).containsExactly("NOT_FOUND");
		assertThat(update("referent.autre-asso",
				Map.of("personId", person.toString(), "memberId", child, "householdVersion", 2, "role", "OTHER"))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Fixtures.count("SELECT version FROM passerelle.household WHERE id = ?::uuid",
				registered.at("registerPerson.household.id")))
			.isEqualTo(2);
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.household_member WHERE person_id = ?::uuid"
				+ " AND role = 'CHILD' AND representative_person_id = ?::uuid", child, person.toString()))
			.isEqualTo(1);
	}

	@Test
	void aMemberTheOrganizationDoesNotFollowIsChangedOnlyByThoseWhoDo() {
		UUID parent = Fixtures.adult("Parent");
		UUID child = Fixtures.child(parent);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), parent, InvolvementKind.SUPPORT_MEASURE);
		Answer household = file("referent.asso", parent);
		assertThat(household.at("person.household.members[1].personId")).isEqualTo(child.toString());
		assertThat(household.at("person.household.members[1].recordedBy")).isNull();
		Answer refused = update("referent.asso", Map.of("personId", parent.toString(), "memberId", child.toString(),
				"householdVersion", 0, "role", "OTHER"));
		assertThat(refused.codes()).containsExactly("FORBIDDEN");
		assertThat(Fixtures
			.count("SELECT count(*) FROM passerelle.household_member WHERE person_id = ? AND role = 'CHILD'", child))
			.isEqualTo(1);
	}

	@Test
	void aSensitiveOrganizationThatRecordedAMemberIsNotNamedToOthers() {
		String family = unique("Sensible");
		Map<String, Object> input = registration("Karim", family);
		input.put("household",
				Map.of("members", List.of(member("Lina", family, LocalDate.now().minusYears(7), "CHILD"))));
		Answer registered = register("referent.sensible", input);
		assertThat(registered.errors()).isEmpty();
		assertThat(registered.at("registerPerson.household.members[1].recordedByOrganization.id"))
			.isEqualTo(DemoOrganizations.ADDICTION_SERVICE.id().toString());
		UUID person = UUID.fromString((String) registered.at("registerPerson.id"));
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Answer association = file("referent.asso", person);
		assertThat(association.at("person.household.members[1].firstName")).isEqualTo("Lina");
		assertThat(association.at("person.household.members[1].recordedBy")).isNull();
		assertThat(association.at("person.household.members[1].recordedByOrganization")).isNull();
		assertThat(association.map().toString()).doesNotContain(DemoOrganizations.ADDICTION_SERVICE.name())
			.doesNotContain("referent.sensible");
	}

	@Test
	void identityChangesFromTheVersionReadByThoseWhoMayWriteIt() {
		String family = unique("Identity");
		Map<String, Object> input = registration("Karim", family);
		input.put("phone", "06 12 34 56 78");
		UUID person = UUID.fromString((String) register("referent.asso", input).at("registerPerson.id"));
		Map<String, Object> change = new HashMap<>(Map.of("personId", person.toString(), "version", 0, "firstName",
				" Karima ", "birthDate", "1986-07-14"));
		change.put("phone", null);
		Answer changed = identity("referent.asso", change);
		assertThat(changed.errors()).isEmpty();
		assertThat(changed.at("updateIdentity.firstName")).isEqualTo("Karima");
		assertThat(changed.at("updateIdentity.lastName")).isEqualTo(family);
		assertThat(changed.at("updateIdentity.birthDate")).isEqualTo("1986-07-14");
		assertThat(changed.at("updateIdentity.phone")).isNull();
		assertThat(changed.at("updateIdentity.identityVersion")).isEqualTo(1);

		Answer stale = identity("referent.asso", Map.of("personId", person.toString(), "version", 0, "lastName", "X"));
		assertThat(stale.codes()).containsExactly("STALE_VERSION");
		assertThat(stale.errors().get(0).getExtensions()).containsEntry("field", "input.version");
		Answer blank = identity("referent.asso", Map.of("personId", person.toString(), "version", 1, "lastName", ""));
		assertThat(blank.errors().get(0).getExtensions()).containsEntry("field", "input.lastName");
		Answer email = identity("referent.asso",
				Map.of("personId", person.toString(), "version", 1, "email", "nowhere"));
		assertThat(email.errors().get(0).getExtensions()).containsEntry("field", "input.email");

		assertThat(identity("referent.autre-asso", Map.of("personId", person.toString(), "version", 1, "lastName", "X"))
			.codes()).containsExactly("NOT_FOUND");
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.LANDLORD.id(), List.of(DataCategory.IDENTITY),
				List.of(Purpose.HOUSING_ALLOCATION));
		// the landlord sees the identity but the write policy does not let it write it
		assertThat(file("gestion.bailleur", person).at("person.firstName")).isEqualTo("Karima");
		assertThat(identity("gestion.bailleur", Map.of("personId", person.toString(), "version", 1, "lastName", "X"))
			.codes()).containsExactly("FORBIDDEN");
		// the département may write identities, but not one its own decision hides from
		// it
		assertThat(identity("as.departement", Map.of("personId", person.toString(), "version", 1, "lastName", "X"))
			.codes()).containsExactly("FORBIDDEN");
		assertThat(Fixtures.count("SELECT version FROM passerelle.person WHERE id = ?", person)).isEqualTo(1);
		assertThat(persons(family)).isEqualTo(1);
	}

	/** The member of the household at this path with this first name. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> named(Answer answer, String household, String firstName) {
		return ((List<Map<String, Object>>) answer.at(household + ".members")).stream()
			.filter((member) -> firstName.equals(member.get("firstName")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No member " + firstName + " in " + answer.at(household)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> withId(Answer answer, String household, String personId) {
		return ((List<Map<String, Object>>) answer.at(household + ".members")).stream()
			.filter((member) -> personId.equals(member.get("personId")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No member " + personId + " in " + answer.at(household)));
	}

	private Answer register(String user, Map<String, ?> input) {
		return Answer.ask(this.partners.as(user), "registerPerson", Map.of("input", input));
	}

	private UUID registered(String firstName, String lastName) {
		Answer answer = register("referent.asso", registration(firstName, lastName));
		assertThat(answer.errors()).isEmpty();
		return UUID.fromString((String) answer.at("registerPerson.id"));
	}

	private Answer file(String user, UUID person) {
		return Answer.ask(this.partners.as(user), "householdFile", Map.of("id", person.toString()));
	}

	private Answer add(String user, UUID person, int version, Map<String, Object> member,
			@Nullable String representative, @Nullable String key) {
		Map<String, Object> input = new HashMap<>(
				Map.of("personId", person.toString(), "householdVersion", version, "member", member));
		if (representative != null) {
			input.put("representativePersonId", representative);
		}
		if (key != null) {
			input.put("idempotencyKey", key);
		}
		return Answer.ask(this.partners.as(user), "addHouseholdMember", Map.of("input", input));
	}

	private Answer update(String user, Map<String, ?> input) {
		return Answer.ask(this.partners.as(user), "updateHouseholdMember", Map.of("input", input));
	}

	private Answer identity(String user, Map<String, ?> input) {
		return Answer.ask(this.partners.as(user), "updateIdentity", Map.of("input", input));
	}

	/**
	 * The field of the INVALID_INPUT error of a registration with these fields changed.
	 */
	private @Nullable Object invalidField(Map<String, Object> changes) {
		Map<String, Object> input = registration("Karim", "Invalid");
		input.putAll(changes);
		Answer answer = register("referent.asso", input);
		assertThat(answer.codes()).containsExactly("INVALID_INPUT");
		return answer.errors().get(0).getExtensions().get("field");
	}

	private static Map<String, Object> registration(String firstName, String lastName) {
		return new HashMap<>(Map.of("firstName", firstName, "lastName", lastName, "reason", "Rencontré en maraude"));
	}

	private static Map<String, Object> member(String firstName, String lastName, LocalDate birthDate, String role) {
		return Map.of("firstName", firstName, "lastName", lastName, "birthDate", birthDate.toString(), "role", role);
	}

	private static int persons(String lastName) {
		return Fixtures.count("SELECT count(*) FROM passerelle.person WHERE last_name = ?", lastName);
	}

	/** A last name no other test uses: letters only, like a name. */
	static String unique(String base) {
		StringBuilder name = new StringBuilder(base);
		UUID.randomUUID()
			.toString()
			.chars()
			.filter(Character::isLetterOrDigit)
			.limit(10)
			.forEach((c) -> name.append((char) ('a' + Character.digit(c, 16))));
		return name.toString();
	}

}

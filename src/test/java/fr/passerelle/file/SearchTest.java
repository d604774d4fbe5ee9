package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

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
 * Finding a person: the name search answers only persons the viewer reaches and whose
 * identity it may see; the SIAO's duplicate check answers a minimal identity match across
 * the territory, to SIAO coordinators only.
 */
@IntegrationTest
class SearchTest {

	private static final LocalDate BORN = LocalDate.of(1990, 1, 1);

	@Autowired
	Partners partners;

	@Test
	void aCaseWorkerFindsByNamePrefixOnlyThePersonsItsOrganizationFollows() {
		String family = HouseholdFileTest.unique("Search");
		String amine = HouseholdFileTest.unique("Amine");
		UUID first = Fixtures.person(amine, family, BORN);
		UUID second = Fixtures.person("Bea", family, LocalDate.of(1991, 2, 2));
		UUID elsewhere = Fixtures.person("Chloe", family, BORN);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), first, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), second, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), elsewhere, InvolvementKind.SUPPORT_MEASURE);

		String prefix = family.substring(0, family.length() - 2).toLowerCase(Locale.ROOT);
		Answer found = search("referent.asso", Map.of("name", prefix));
		assertThat(found.errors()).isEmpty();
		assertThat(ids(found)).containsExactly(first.toString(), second.toString());
		assertThat(found.at("searchPersons[0].firstName")).isEqualTo(amine);
		assertThat(ids(search("referent.asso",
				Map.of("name", "  " + family.toUpperCase(Locale.ROOT) + " ", "birthDate", BORN.toString()))))
			.containsExactly(first.toString());
		assertThat(ids(search("referent.asso", Map.of("name", amine.toLowerCase(Locale.ROOT)))))
			.containsExactly(first.toString());
		assertThat(ids(search("referent.asso", Map.of("name", prefix, "first", 1)))).containsExactly(first.toString());
		assertThat(ids(search("referent.autre-asso", Map.of("name", prefix)))).containsExactly(elsewhere.toString());
		assertThat(ids(search("agent.caf", Map.of("name", prefix)))).isEmpty();
	}

	@Test
	void theSearchFindsWhomThePoliciesLetTheViewerReadAndNoOneElse() {
		String family = HouseholdFileTest.unique("Reach");
		UUID handedOver = Fixtures.person("Ana", family, BORN);
		UUID longGone = Fixtures.person("Bob", family, BORN);
		UUID notYet = Fixtures.person("Cyd", family, BORN);
		UUID stranger = Fixtures.person("Dan", family, BORN);
		LocalDate today = LocalDate.now();
		// ended within the 30-day hand-over period, ended before it, starting tomorrow
		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), handedOver, InvolvementKind.SUPPORT_MEASURE,
				today.minusMonths(6), today.minusDays(10));
		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), longGone, InvolvementKind.SUPPORT_MEASURE,
				today.minusMonths(6), today.minusDays(40));
		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), notYet, InvolvementKind.SUPPORT_MEASURE,
				today.plusDays(1), null);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), stranger, InvolvementKind.SUPPORT_MEASURE);
		Answer found = search("referent.autre-asso", Map.of("name", family));
		assertThat(ids(found)).containsExactly(handedOver.toString());
		// an emergency access opens the person to its holder, for the emergency purpose
		// only
		assertThat(ids(Answer.ask(this.partners.as("maraude.autre-asso", "EMERGENCY"), "searchPersons",
				Map.of("name", family))))
			.containsExactly(handedOver.toString());
		Answer opened = Answer.ask(this.partners.as("maraude.autre-asso"), """
				mutation ($input: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $input) { id } }""",
				Map.of("input", Map.of("personId", stranger.toString(), "justification",
						"Trouvé en crise sur la voie publique, besoin du contact du référent", "hours", 12)));
		assertThat(opened.errors()).isEmpty();
		assertThat(ids(Answer.ask(this.partners.as("maraude.autre-asso", "EMERGENCY"), "searchPersons",
				Map.of("name", family))))
			.containsExactly(handedOver.toString(), stranger.toString());
		assertThat(ids(search("maraude.autre-asso", Map.of("name", family)))).containsExactly(handedOver.toString());
	}

	@Test
	void aSearchNeedsTwoCharactersAndMatchesThemLiterally() {
		Answer short1 = search("referent.asso", Map.of("name", " a "));
		assertThat(short1.codes()).containsExactly("INVALID_INPUT");
		assertThat(short1.errors().get(0).getExtensions()).containsEntry("field", "name");
		assertThat(search("referent.asso", Map.of("name", "Ab", "first", 0)).errors().get(0).getExtensions())
			.containsEntry("field", "first");
		// LIKE wildcards are names' characters, not patterns: the association follows
		// many persons
		assertThat(ids(search("referent.asso", Map.of("name", "%%")))).isEmpty();
		assertThat(ids(search("referent.asso", Map.of("name", "__")))).isEmpty();
	}

	@Test
	void aPartnerThatMayNotSeeTheIdentityDoesNotFindThePersonByName() {
		String family = HouseholdFileTest.unique("Tenant");
		UUID person = Fixtures.person("Karim", family, BORN);
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		// the landlord reaches the person (it sees the tenancy) but not who they are
		assertThat(Answer.ask(this.partners.as("gestion.bailleur"), "householdFile", Map.of("id", person.toString()))
			.redaction("person.firstName")).isEqualTo("IDENTITY/NO_CONSENT");
		assertThat(ids(search("gestion.bailleur", Map.of("name", family)))).isEmpty();
		assertThat(ids(search("as.departement", Map.of("name", family)))).isEmpty();

		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.LANDLORD.id(), List.of(DataCategory.IDENTITY),
				List.of(Purpose.HOUSING_ALLOCATION));
		Answer consented = search("gestion.bailleur", Map.of("name", family));
		assertThat(ids(consented)).containsExactly(person.toString());
		assertThat(consented.at("searchPersons[0].firstName")).isEqualTo("Karim");
		assertThat(ids(search("as.departement", Map.of("name", family)))).isEmpty();
		// for another purpose the consent does not apply
		assertThat(ids(Answer.ask(this.partners.as("gestion.bailleur", "EVICTION_PREVENTION"), "searchPersons",
				Map.of("name", family))))
			.isEmpty();
	}

	@Test
	void theSiaoFindsADuplicateFollowedByOthersWithoutLearningTheName() {
		String family = HouseholdFileTest.unique("Double");
		String firstName = HouseholdFileTest.unique("Karim");
		UUID person = Fixtures.person(firstName, family, BORN);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);

		Answer match = check("coord.siao", firstName.toUpperCase(Locale.ROOT), " " + family.toLowerCase(Locale.ROOT),
				BORN);
		assertThat(match.errors()).isEmpty();
		assertThat((List<?>) match.at("duplicateCheck")).hasSize(1);
		assertThat(match.at("duplicateCheck[0].personId")).isEqualTo(person.toString());
		assertThat(match.at("duplicateCheck[0].exactFirstName")).isEqualTo(true);
		assertThat(match.at("duplicateCheck[0].territory")).isEqualTo("38");
		assertThat(match.at("duplicateCheck[0].alreadyFollowed")).isEqualTo(false);
		assertThat(match.map().toString()).doesNotContainIgnoringCase(family).doesNotContainIgnoringCase(firstName);
		// the SIAO does not reach the person: the match opens nothing
		assertThat(Answer.ask(this.partners.as("coord.siao"), "householdFile", Map.of("id", person.toString()))
			.at("person")).isNull();

		Answer otherFirstName = check("coord.siao", "Someone", family, BORN);
		assertThat(otherFirstName.at("duplicateCheck[0].exactFirstName")).isEqualTo(false);
		assertThat((List<?>) check("coord.siao", firstName, family, BORN.plusDays(1)).at("duplicateCheck")).isEmpty();

		Fixtures.involve(DemoOrganizations.SIAO.id(), person, InvolvementKind.SIAO_ORIENTATION);
		assertThat(check("coord.siao", firstName, family, BORN).at("duplicateCheck[0].alreadyFollowed"))
			.isEqualTo(true);
	}

	@Test
	void onlySiaoCoordinatorsCheckForDuplicates() {
		String family = HouseholdFileTest.unique("Forbidden");
		UUID person = Fixtures.person("Karim", family, BORN);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		for (String user : List.of("referent.asso", "agent.caf", "gestion.bailleur", "as.departement")) {
			Answer refused = check(user, "Karim", family, BORN);
			assertThat(refused.codes()).as(user).containsExactly("FORBIDDEN");
			assertThat(refused.at("duplicateCheck")).as(user).isNull();
		}
		Answer invalid = check("coord.siao", "Karim", family, LocalDate.now().plusDays(1));
		assertThat(invalid.errors().get(0).getExtensions()).containsEntry("field", "birthDate");
	}

	private Answer search(String user, Map<String, ?> variables) {
		return Answer.ask(this.partners.as(user), "searchPersons", variables);
	}

	private Answer check(String user, String firstName, String lastName, LocalDate birthDate) {
		return Answer.ask(this.partners.as(user), "duplicateCheck",
				Map.of("firstName", firstName, "lastName", lastName, "birthDate", birthDate.toString()));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> ids(Answer answer) {
		assertThat(answer.errors()).isEmpty();
		return ((List<Map<String, Object>>) answer.at("searchPersons")).stream().map((p) -> p.get("id")).toList();
	}

}

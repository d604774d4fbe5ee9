package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The person's situation through the API: the residential situation history, housing
 * wishes and needs assessments. Who writes, who reads, provenance, validation, optimistic
 * locking, idempotency keys, and the assessments' items read in one statement per batch.
 */
@IntegrationTest
class SituationFileTest {

	private static final List<DataCategory> SITUATION = List.of(DataCategory.RESIDENTIAL_SITUATION,
			DataCategory.HOUSING_WISHES, DataCategory.NEEDS_ASSESSMENT);

	@Autowired
	Partners partners;

	@Autowired
	StatementCounter statements;

	// Reads

	@Test
	void theAssociationRecordsTheSituationUnderItsMissionAndReadsItNewestFirst() {
		UUID person = followedByTheAssociation("Parcours");
		Answer street = residential("referent.asso", person, Map.of("kind", "STREET", "startedOn", daysAgo(400),
				"endedOn", daysAgo(120), "place", "Gare de Grenoble"));
		assertThat(street.errors()).isEmpty();
		assertThat(street.at("recordResidentialSituation.version")).isEqualTo(0);
		assertThat(street.at("recordResidentialSituation.provenance.basis")).isEqualTo("MISSION");
		assertThat(street.at("recordResidentialSituation.provenance.rule"))
			.isEqualTo("ASSOCIATION/CASE_WORKER/RESIDENTIAL_SITUATION/SUPPORT");
		assertThat(street.at("recordResidentialSituation.provenance.recordedBy")).isEqualTo("referent.asso");
		assertThat(residential("referent.asso", person,
				Map.of("kind", "EMERGENCY_SHELTER", "startedOn", daysAgo(120), "note", "Place au 115"))
			.errors()).isEmpty();
		Answer wish = wish("referent.asso", person,
				Map.of("locations", List.of(" Grenoble ", "Échirolles"), "dwellingTypes", List.of("T2", "STUDIO"),
						"constraints", "Rez-de-chaussée", "ownWords", "Un endroit à moi, près de ma fille",
						"expressedOn", daysAgo(30)));
		assertThat(wish.errors()).isEmpty();
		assertThat(wish.at("recordHousingWish.locations")).isEqualTo(List.of("Grenoble", "Échirolles"));
		assertThat(wish.at("recordHousingWish.provenance.rule"))
			.isEqualTo("ASSOCIATION/CASE_WORKER/HOUSING_WISHES/SUPPORT");
		assertThat(wish("referent.asso", person, Map.of("ownWords", "Plutôt Grenoble", "expressedOn", daysAgo(2)))
			.errors()).isEmpty();
		Answer assessment = assessment("referent.asso", person, daysAgo(60), List.of(item("HOUSING", "HIGH", null)));
		assertThat(assessment.errors()).isEmpty();
		assertThat(assessment.at("recordNeedsAssessment.provenance.rule"))
			.isEqualTo("ASSOCIATION/CASE_WORKER/NEEDS_ASSESSMENT/SUPPORT");
		assertThat(
				assessment("referent.asso", person, daysAgo(1),
						List.of(item("SOCIAL_TIES", "LOW", null), item("HOUSING", "MODERATE", "Hébergé, en attente"),
								item("ADMINISTRATIVE_RIGHTS", "HIGH", "Titre de séjour à renouveler")))
					.errors())
			.isEmpty();

		Answer file = file("referent.asso", person);
		assertThat(file.errors()).isEmpty();
		assertThat(file.at("person.residentialSituations[0].kind")).isEqualTo("EMERGENCY_SHELTER");
		assertThat(file.at("person.residentialSituations[0].endedOn")).isNull();
		assertThat(file.at("person.residentialSituations[1].kind")).isEqualTo("STREET");
		assertThat(file.at("person.residentialSituations[1].place")).isEqualTo("Gare de Grenoble");
		assertThat(file.at("person.residentialSituations[1].provenance.organization.name"))
			.isEqualTo(DemoOrganizations.ASSOCIATION.name());
		assertThat(file.at("person.housingWishes[0].ownWords")).isEqualTo("Plutôt Grenoble");
		assertThat(file.at("person.housingWishes[0].locations")).isEqualTo(List.of());
		assertThat(file.at("person.housingWishes[1].dwellingTypes")).isEqualTo(List.of("T2", "STUDIO"));
		// successive assessments are kept, the newest first, items in the dimensions'
		// order
		assertThat(file.at("person.needsAssessments[0].assessedOn")).isEqualTo(daysAgo(1));
		assertThat(file.at("person.needsAssessments[0].items[0].dimension")).isEqualTo("HOUSING");
		assertThat(file.at("person.needsAssessments[0].items[0].note")).isEqualTo("Hébergé, en attente");
		assertThat(file.at("person.needsAssessments[0].items[1].dimension")).isEqualTo("ADMINISTRATIVE_RIGHTS");
		assertThat(file.at("person.needsAssessments[0].items[2].dimension")).isEqualTo("SOCIAL_TIES");
		assertThat(file.at("person.needsAssessments[1].items[0].level")).isEqualTo("HIGH");
		assertThat((List<?>) file.at("person.needsAssessments[1].items")).hasSize(1);
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.needs_assessment_item WHERE person_id = ?", person))
			.isEqualTo(4);
	}

	@Test
	void theDepartmentSeesTheSituationOnlyWithTheConsentAndOthersAsTheirPolicySays() {
		UUID person = followedByTheAssociation("Consentement");
		assertThat(residential("referent.asso", person, Map.of("kind", "HOTEL", "startedOn", daysAgo(10))).errors())
			.isEmpty();
		assertThat(wish("referent.asso", person, Map.of("dwellingTypes", List.of("T1"), "expressedOn", daysAgo(3)))
			.errors()).isEmpty();
		assertThat(
				assessment("referent.asso", person, daysAgo(3), List.of(item("RESOURCES", "MODERATE", null))).errors())
			.isEmpty();
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);

		Answer department = file("as.departement", person);
		assertThat(department.at("person.id")).isEqualTo(person.toString());
		assertThat(department.at("person.residentialSituations")).isNull();
		assertThat(department.at("person.housingWishes")).isNull();
		assertThat(department.at("person.needsAssessments")).isNull();
		assertThat(department.redaction("person.residentialSituations")).isEqualTo("RESIDENTIAL_SITUATION/NO_CONSENT");
		assertThat(department.redaction("person.housingWishes")).isEqualTo("HOUSING_WISHES/NO_CONSENT");
		assertThat(department.redaction("person.needsAssessments")).isEqualTo("NEEDS_ASSESSMENT/NO_CONSENT");

		// the CAF's benefits mission: the situation by consent, wishes and needs never
		Answer caf = file("agent.caf", person);
		assertThat(caf.redaction("person.residentialSituations")).isEqualTo("RESIDENTIAL_SITUATION/NO_CONSENT");
		assertThat(caf.redaction("person.housingWishes")).isEqualTo("HOUSING_WISHES/POLICY");
		assertThat(caf.redaction("person.needsAssessments")).isEqualTo("NEEDS_ASSESSMENT/POLICY");

		// an organization with no involvement does not see the person at all
		assertThat(file("referent.autre-asso", person).at("person")).isNull();

		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), SITUATION, List.of(Purpose.SUPPORT));
		Answer consented = file("as.departement", person);
		assertThat(consented.redactions()).isEmpty();
		assertThat(consented.at("person.residentialSituations[0].kind")).isEqualTo("HOTEL");
		assertThat(consented.at("person.housingWishes[0].dwellingTypes")).isEqualTo(List.of("T1"));
		assertThat(consented.at("person.needsAssessments[0].items[0].dimension")).isEqualTo("RESOURCES");
		assertThat(consented.at("person.needsAssessments[0].provenance.basis")).isEqualTo("MISSION");
	}

	@Test
	void theAssessmentsItemsCostOneStatementPerBatchWhateverTheNumberOfAssessments() {
		UUID one = followedByTheAssociation("UneEvaluation");
		UUID many = followedByTheAssociation("TroisEvaluations");
		UUID other = followedByTheAssociation("AutreEvaluation");
		assertThat(assessment("referent.asso", one, daysAgo(5), List.of(item("HOUSING", "LOW", null))).errors())
			.isEmpty();
		for (int i = 0; i < 3; i++) {
			assertThat(assessment("referent.asso", many, daysAgo(10 + i), List.of(item("HOUSING", "HIGH", null),
					item("HEALTH", "LOW", null), item("EMPLOYMENT", "NONE", null)))
				.errors()).isEmpty();
			assertThat(assessment("referent.asso", other, daysAgo(10 + i), List.of(item("DAILY_LIVING", "HIGH", null)))
				.errors()).isEmpty();
		}
		String single = "query ($a: ID!) { a: person(id: $a) { needsAssessments { id items { dimension level } } } }";
		String pair = "query ($a: ID!, $b: ID!) { a: person(id: $a) { needsAssessments { id items { dimension level } } } "
				+ "b: person(id: $b) { needsAssessments { id items { dimension level } } } }";
		statementsFor(single, Map.of("a", one.toString()));
		long forOne = statementsFor(single, Map.of("a", one.toString()));
		long forThree = statementsFor(single, Map.of("a", many.toString()));
		assertThat(forThree).isEqualTo(forOne);
		assertThat(statementsFor(pair, Map.of("a", many.toString(), "b", other.toString()))).isEqualTo(forOne);
		Answer both = Answer.ask(this.partners.as("referent.asso"), pair,
				Map.of("a", many.toString(), "b", other.toString()));
		assertThat((List<?>) both.at("a.needsAssessments")).hasSize(3);
		assertThat((List<?>) both.at("a.needsAssessments[2].items")).hasSize(3);
		assertThat(both.at("b.needsAssessments[0].items[0].dimension")).isEqualTo("DAILY_LIVING");
	}

	// Writes

	@Test
	void theWritePolicyAndTheInvolvementDecideWhoRecordsAndNothingIsWrittenOtherwise() {
		UUID person = followedByTheAssociation("Ecriture");
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		for (String user : List.of("agent.caf", "gestion.bailleur")) {
			assertThat(residential(user, person, Map.of("kind", "STREET", "startedOn", daysAgo(1))).codes()).as(user)
				.containsExactly("FORBIDDEN");
			assertThat(wish(user, person, Map.of("expressedOn", daysAgo(1))).codes()).as(user)
				.containsExactly("FORBIDDEN");
			assertThat(assessment(user, person, daysAgo(1), List.of(item("HOUSING", "LOW", null))).codes()).as(user)
				.containsExactly("FORBIDDEN");
		}
		// the département may write the situation, but only what it may read: the consent
		assertThat(residential("as.departement", person, Map.of("kind", "STREET", "startedOn", daysAgo(1))).codes())
			.containsExactly("FORBIDDEN");
		assertThat(wish("as.departement", person, Map.of("expressedOn", daysAgo(1))).codes())
			.containsExactly("FORBIDDEN");
		assertThat(assessment("as.departement", person, daysAgo(1), List.of(item("HOUSING", "LOW", null))).codes())
			.containsExactly("FORBIDDEN");
		// not involved: the person does not exist
		assertThat(
				residential("referent.autre-asso", person, Map.of("kind", "STREET", "startedOn", daysAgo(1))).codes())
			.containsExactly("NOT_FOUND");
		assertThat(wish("referent.autre-asso", person, Map.of("expressedOn", daysAgo(1))).codes())
			.containsExactly("NOT_FOUND");
		assertThat(assessment("referent.autre-asso", person, daysAgo(1), List.of(item("HOUSING", "LOW", null))).codes())
			.containsExactly("NOT_FOUND");
		assertThat(counts(person)).containsExactly(0, 0, 0, 0);

		UUID consent = Fixtures.consent(person);
		UUID provision = Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), SITUATION,
				List.of(Purpose.SUPPORT));
		Answer situation = residential("as.departement", person, Map.of("kind", "STREET", "startedOn", daysAgo(1)));
		assertThat(situation.errors()).isEmpty();
		assertThat(situation.at("recordResidentialSituation.provenance.basis")).isEqualTo("CONSENT");
		assertThat(situation.at("recordResidentialSituation.provenance.consentId")).isEqualTo(consent.toString());
		assertThat(situation.at("recordResidentialSituation.provenance.provisionId")).isEqualTo(provision.toString());
		assertThat(situation.at("recordResidentialSituation.provenance.rule")).isNull();
		assertThat(wish("as.departement", person, Map.of("expressedOn", daysAgo(1)))
			.at("recordHousingWish.provenance.basis")).isEqualTo("CONSENT");
		assertThat(assessment("as.departement", person, daysAgo(1), List.of(item("HOUSING", "LOW", null)))
			.at("recordNeedsAssessment.provenance.basis")).isEqualTo("CONSENT");
		assertThat(counts(person)).containsExactly(1, 1, 1, 1);
	}

	@Test
	void badInputIsRefusedWithItsFieldAndWritesNothing() {
		UUID person = followedByTheAssociation("Invalide");
		assertField(residential("referent.asso", person, Map.of("kind", "STREET", "startedOn", daysAgo(-2))),
				"input.startedOn");
		assertField(residential("referent.asso", person,
				Map.of("kind", "STREET", "startedOn", daysAgo(2), "endedOn", daysAgo(5))), "input.endedOn");
		assertField(residential("referent.asso", person,
				Map.of("kind", "STREET", "startedOn", daysAgo(2), "place", "x".repeat(301))), "input.place");
		assertField(residential("referent.asso", person,
				Map.of("kind", "STREET", "startedOn", daysAgo(2), "note", "x".repeat(2001))), "input.note");
		assertThat(residential("referent.asso", person, Map.of("kind", "CASTLE", "startedOn", daysAgo(2))).errors())
			.isNotEmpty();

		List<String> many = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			many.add("Commune " + i);
		}
		assertField(wish("referent.asso", person, Map.of("locations", many, "expressedOn", daysAgo(1))),
				"input.locations");
		assertField(
				wish("referent.asso", person,
						Map.of("locations", List.of("Grenoble", "  "), "expressedOn", daysAgo(1))),
				"input.locations[1]");
		assertField(
				wish("referent.asso", person, Map.of("locations", List.of("x".repeat(101)), "expressedOn", daysAgo(1))),
				"input.locations[0]");
		assertField(
				wish("referent.asso", person,
						Map.of("dwellingTypes", List.of("T2", "T3", "T2"), "expressedOn", daysAgo(1))),
				"input.dwellingTypes[2]");
		assertField(wish("referent.asso", person, Map.of("ownWords", "x".repeat(4001), "expressedOn", daysAgo(1))),
				"input.ownWords");
		assertField(wish("referent.asso", person, Map.of("constraints", "x".repeat(2001), "expressedOn", daysAgo(1))),
				"input.constraints");
		assertField(wish("referent.asso", person, Map.of("expressedOn", daysAgo(-1))), "input.expressedOn");

		assertField(assessment("referent.asso", person, daysAgo(1), List.of()), "input.items");
		List<Map<String, Object>> eight = new ArrayList<>();
		for (String dimension : List.of("HOUSING", "HEALTH", "RESOURCES", "ADMINISTRATIVE_RIGHTS", "EMPLOYMENT",
				"SOCIAL_TIES", "DAILY_LIVING", "HOUSING")) {
			eight.add(item(dimension, "LOW", null));
		}
		assertField(assessment("referent.asso", person, daysAgo(1), eight), "input.items");
		assertField(assessment("referent.asso", person, daysAgo(1),
				List.of(item("HOUSING", "LOW", null), item("HEALTH", "LOW", null), item("HOUSING", "HIGH", null))),
				"input.items[2].dimension");
		assertField(
				assessment("referent.asso", person, daysAgo(1),
						List.of(item("HOUSING", "LOW", null), item("HEALTH", "LOW", "x".repeat(2001)))),
				"input.items[1].note");
		assertField(assessment("referent.asso", person, daysAgo(-1), List.of(item("HOUSING", "LOW", null))),
				"input.assessedOn");
		Map<String, Object> summaryTooLong = new HashMap<>(Map.of("personId", person.toString(), "assessedOn",
				daysAgo(1), "summary", "x".repeat(4001), "items", List.of(item("HOUSING", "LOW", null))));
		assertField(
				Answer.ask(this.partners.as("referent.asso"), "recordNeedsAssessment", Map.of("input", summaryTooLong)),
				"input.summary");
		assertThat(counts(person)).containsExactly(0, 0, 0, 0);
	}

	@Test
	void aResidentialSituationIsUpdatedFromTheVersionReadAndOnlyByItsAuthor() {
		UUID person = followedByTheAssociation("Version");
		String id = (String) residential("referent.asso", person, Map.of("kind", "FAMILY_OR_FRIENDS", "startedOn",
				daysAgo(30), "place", "Chez sa soeur", "note", "Temporaire"))
			.at("recordResidentialSituation.id");
		Answer ended = Answer.ask(this.partners.as("referent.asso"), "updateResidentialSituation",
				Map.of("input", Map.of("id", id, "version", 0, "endedOn", daysAgo(0), "note", "Fin de l'hébergement")));
		assertThat(ended.errors()).isEmpty();
		assertThat(ended.at("updateResidentialSituation.version")).isEqualTo(1);
		assertThat(ended.at("updateResidentialSituation.endedOn")).isEqualTo(daysAgo(0));
		assertThat(ended.at("updateResidentialSituation.place")).isEqualTo("Chez sa soeur");
		assertThat(ended.at("updateResidentialSituation.note")).isEqualTo("Fin de l'hébergement");
		assertThat(ended.at("updateResidentialSituation.provenance.updatedBy")).isEqualTo("referent.asso");

		Answer stale = Answer.ask(this.partners.as("referent.asso"), "updateResidentialSituation",
				Map.of("input", Map.of("id", id, "version", 0, "place", "Ailleurs")));
		assertThat(stale.codes()).containsExactly("STALE_VERSION");
		assertThat(stale.errors().get(0).getExtensions()).containsEntry("field", "input.version");
		assertField(Answer.ask(this.partners.as("referent.asso"), "updateResidentialSituation",
				Map.of("input", Map.of("id", id, "version", 1, "endedOn", daysAgo(31)))), "input.endedOn");
		assertField(Answer.ask(this.partners.as("referent.asso"), "updateResidentialSituation",
				Map.of("input", Map.of("id", id, "version", 1, "place", "x".repeat(301)))), "input.place");

		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		assertThat(Answer
			.ask(this.partners.as("referent.autre-asso"), "updateResidentialSituation",
					Map.of("input", Map.of("id", id, "version", 1, "place", "Ailleurs")))
			.codes()).containsExactly("FORBIDDEN");
		// the CAF is not involved: for it the situation does not exist
		assertThat(Answer
			.ask(this.partners.as("agent.caf"), "updateResidentialSituation",
					Map.of("input", Map.of("id", id, "version", 1, "place", "Ailleurs")))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Fixtures.count("SELECT version FROM passerelle.residential_situation WHERE id = ?::uuid", id))
			.isEqualTo(1);
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.residential_situation WHERE id = ?::uuid AND place = 'Chez sa soeur'",
				id))
			.isEqualTo(1);
	}

	@Test
	void aHousingWishIsUpdatedFieldByFieldFromTheVersionReadAndOnlyByItsAuthor() {
		UUID person = followedByTheAssociation("Souhait");
		String id = (String) wish("referent.asso", person, Map.of("locations", List.of("Grenoble", "Meylan"),
				"dwellingTypes", List.of("T2"), "ownWords", "Pas trop loin du travail", "expressedOn", daysAgo(20)))
			.at("recordHousingWish.id");
		Answer changed = Answer.ask(this.partners.as("referent.asso"), "updateHousingWish", Map.of("input",
				Map.of("id", id, "version", 0, "dwellingTypes", List.of("T2", "T3"), "expressedOn", daysAgo(1))));
		assertThat(changed.errors()).isEmpty();
		assertThat(changed.at("updateHousingWish.version")).isEqualTo(1);
		assertThat(changed.at("updateHousingWish.dwellingTypes")).isEqualTo(List.of("T2", "T3"));
		assertThat(changed.at("updateHousingWish.locations")).isEqualTo(List.of("Grenoble", "Meylan"));
		assertThat(changed.at("updateHousingWish.ownWords")).isEqualTo("Pas trop loin du travail");
		assertThat(changed.at("updateHousingWish.expressedOn")).isEqualTo(daysAgo(1));

		Map<String, Object> cleared = new HashMap<>(Map.of("id", id, "version", 1));
		cleared.put("locations", null);
		cleared.put("ownWords", null);
		Answer emptied = Answer.ask(this.partners.as("referent.asso"), "updateHousingWish", Map.of("input", cleared));
		assertThat(emptied.errors()).isEmpty();
		assertThat(emptied.at("updateHousingWish.locations")).isEqualTo(List.of());
		assertThat(emptied.at("updateHousingWish.ownWords")).isNull();
		assertThat(emptied.at("updateHousingWish.dwellingTypes")).isEqualTo(List.of("T2", "T3"));

		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "updateHousingWish",
					Map.of("input", Map.of("id", id, "version", 1, "ownWords", "Autre chose")))
			.codes()).containsExactly("STALE_VERSION");
		assertField(
				Answer.ask(this.partners.as("referent.asso"), "updateHousingWish",
						Map.of("input", Map.of("id", id, "version", 2, "locations", List.of("Grenoble", "")))),
				"input.locations[1]");
		Map<String, Object> noDate = new HashMap<>(Map.of("id", id, "version", 2));
		noDate.put("expressedOn", null);
		assertField(Answer.ask(this.partners.as("referent.asso"), "updateHousingWish", Map.of("input", noDate)),
				"input.expressedOn");

		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		assertThat(Answer
			.ask(this.partners.as("referent.autre-asso"), "updateHousingWish",
					Map.of("input", Map.of("id", id, "version", 2, "ownWords", "Autre chose")))
			.codes()).containsExactly("FORBIDDEN");
		assertThat(Answer
			.ask(this.partners.as("gestion.bailleur"), "updateHousingWish",
					Map.of("input", Map.of("id", id, "version", 2, "ownWords", "Autre chose")))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Fixtures.count("SELECT version FROM passerelle.housing_wish WHERE id = ?::uuid", id)).isEqualTo(2);
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.housing_wish WHERE id = ?::uuid AND own_words IS NULL AND locations = '{}'",
				id))
			.isEqualTo(1);
	}

	@Test
	void anAssessmentIsNeverUpdatedButSupersededByANewOne() {
		Answer update = Answer.ask(this.partners.as("referent.asso"),
				"mutation { updateNeedsAssessment(input: {id: \"x\", version: 0}) { id } }", Map.of());
		assertThat(update.errors()).isNotEmpty();
		assertThat(update.errors().get(0).getMessage()).contains("updateNeedsAssessment");
	}

	@Test
	void theSameIdempotencyKeyReturnsTheFirstElementAndRefusesAnotherRequest() {
		UUID person = followedByTheAssociation("Idempotent");
		String key = "k-" + UUID.randomUUID();
		Map<String, Object> situation = new HashMap<>(
				Map.of("kind", "CHRS", "startedOn", daysAgo(3), "idempotencyKey", key + "-situation"));
		String first = (String) residential("referent.asso", person, situation).at("recordResidentialSituation.id");
		assertThat(residential("referent.asso", person, situation).at("recordResidentialSituation.id"))
			.isEqualTo(first);
		situation.put("kind", "HOTEL");
		assertReused(residential("referent.asso", person, situation));

		Map<String, Object> wish = new HashMap<>(
				Map.of("locations", List.of("Voiron"), "expressedOn", daysAgo(3), "idempotencyKey", key + "-wish"));
		String firstWish = (String) wish("referent.asso", person, wish).at("recordHousingWish.id");
		assertThat(wish("referent.asso", person, wish).at("recordHousingWish.id")).isEqualTo(firstWish);
		wish.put("locations", List.of("Vienne"));
		assertReused(wish("referent.asso", person, wish));

		Map<String, Object> assessment = new HashMap<>(Map.of("personId", person.toString(), "assessedOn", daysAgo(3),
				"items", List.of(item("HOUSING", "HIGH", null), item("HEALTH", "LOW", null)), "idempotencyKey",
				key + "-needs"));
		Answer recorded = Answer.ask(this.partners.as("referent.asso"), "recordNeedsAssessment",
				Map.of("input", assessment));
		Answer again = Answer.ask(this.partners.as("referent.asso"), "recordNeedsAssessment",
				Map.of("input", assessment));
		assertThat(again.at("recordNeedsAssessment.id")).isEqualTo(recorded.at("recordNeedsAssessment.id"));
		assertThat((List<?>) again.at("recordNeedsAssessment.items")).hasSize(2);
		assessment.put("items", List.of(item("HOUSING", "MODERATE", null), item("HEALTH", "LOW", null)));
		assertReused(
				Answer.ask(this.partners.as("referent.asso"), "recordNeedsAssessment", Map.of("input", assessment)));
		assertThat(counts(person)).containsExactly(1, 1, 1, 2);
	}

	private Answer residential(String user, UUID person, Map<String, ?> fields) {
		return Answer.ask(this.partners.as(user), "recordResidentialSituation", Map.of("input", input(person, fields)));
	}

	private Answer wish(String user, UUID person, Map<String, ?> fields) {
		return Answer.ask(this.partners.as(user), "recordHousingWish", Map.of("input", input(person, fields)));
	}

	private Answer assessment(String user, UUID person, String assessedOn, List<Map<String, Object>> items) {
		return Answer.ask(this.partners.as(user), "recordNeedsAssessment",
				Map.of("input", input(person, Map.of("assessedOn", assessedOn, "items", items))));
	}

	private Answer file(String user, UUID person) {
		return Answer.ask(this.partners.as(user), "situationFile", Map.of("id", person.toString()));
	}

	private long statementsFor(String document, Map<String, ?> variables) {
		long before = this.statements.count();
		Answer answer = Answer.ask(this.partners.as("referent.asso"), document, variables);
		long used = this.statements.count() - before;
		assertThat(answer.errors()).isEmpty();
		assertThat((List<?>) answer.at("a.needsAssessments")).isNotEmpty();
		return used;
	}

	private static Map<String, Object> input(UUID person, Map<String, ?> fields) {
		Map<String, Object> input = new HashMap<>(fields);
		input.put("personId", person.toString());
		return input;
	}

	private static Map<String, Object> item(String dimension, String level, String note) {
		Map<String, Object> item = new HashMap<>(Map.of("dimension", dimension, "level", level));
		if (note != null) {
			item.put("note", note);
		}
		return item;
	}

	private static String daysAgo(int days) {
		return LocalDate.now().minusDays(days).toString();
	}

	private static void assertField(Answer answer, String field) {
		assertThat(answer.codes()).as(field).containsExactly("INVALID_INPUT");
		assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", field);
	}

	private static void assertReused(Answer answer) {
		assertThat(answer.codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", "input.idempotencyKey");
	}

	private static UUID followedByTheAssociation(String name) {
		UUID person = Fixtures.adult(name);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		return person;
	}

	/**
	 * Residential situations, housing wishes, needs assessments and their items recorded
	 * for the person.
	 */
	private static List<Integer> counts(UUID person) {
		return List.of(
				Fixtures.count("SELECT count(*) FROM passerelle.residential_situation WHERE person_id = ?", person),
				Fixtures.count("SELECT count(*) FROM passerelle.housing_wish WHERE person_id = ?", person),
				Fixtures.count("SELECT count(*) FROM passerelle.needs_assessment WHERE person_id = ?", person),
				Fixtures.count("SELECT count(*) FROM passerelle.needs_assessment_item WHERE person_id = ?", person));
	}

}

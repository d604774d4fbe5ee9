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
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Support measures and notes through the API: who writes, who reads, provenance,
 * validation, optimistic locking and idempotency keys.
 */
@IntegrationTest
class SupportMeasuresTest {

	@Autowired
	Partners partners;

	@Test
	void theAssociationOpensAMeasureUnderItsMissionAndReadsItWithItsProvenance() {
		UUID person = followedByTheAssociation("Mesure");
		Answer recorded = record(person, Map.of("type", "AVDL", "caseLead", "referent.asso", "startedOn",
				LocalDate.now().minusDays(3).toString(), "intensity", "INTENSIVE"));
		assertThat(recorded.errors()).isEmpty();
		assertThat(recorded.at("recordSupportMeasure.version")).isEqualTo(0);
		assertThat(recorded.at("recordSupportMeasure.provider.id"))
			.isEqualTo(DemoOrganizations.ASSOCIATION.id().toString());
		assertThat(recorded.at("recordSupportMeasure.provenance.basis")).isEqualTo("MISSION");
		assertThat(recorded.at("recordSupportMeasure.provenance.rule"))
			.isEqualTo("ASSOCIATION/CASE_WORKER/SUPPORT_MEASURES/SUPPORT");
		assertThat(recorded.at("recordSupportMeasure.provenance.recordedBy")).isEqualTo("referent.asso");

		Answer file = Answer.ask(this.partners.as("referent.asso"), "supportFile", Map.of("id", person.toString()));
		assertThat(file.at("person.supportMeasures[0].type")).isEqualTo("AVDL");
		assertThat(file.at("person.supportMeasures[0].provenance.organization.name"))
			.isEqualTo(DemoOrganizations.ASSOCIATION.name());
	}

	@Test
	void othersReadMeasuresOnlyAsTheDecisionAllowsAndNeverWriteThemWithoutTheWritePolicy() {
		UUID person = followedByTheAssociation("Lecture");
		assertThat(record(person, Map.of("type", "IML", "startedOn", LocalDate.now().toString())).errors()).isEmpty();
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);

		Answer department = Answer.ask(this.partners.as("as.departement"), "supportFile",
				Map.of("id", person.toString()));
		assertThat(department.at("person.supportMeasures")).isNull();
		assertThat(department.redaction("person.supportMeasures")).isEqualTo("SUPPORT_MEASURES/NO_CONSENT");

		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), List.of(DataCategory.SUPPORT_MEASURES),
				List.of(Purpose.SUPPORT));
		Answer consented = Answer.ask(this.partners.as("as.departement"), "supportFile",
				Map.of("id", person.toString()));
		assertThat(consented.at("person.supportMeasures[0].type")).isEqualTo("IML");
		assertThat(consented.at("person.supportNotes")).isNull();

		Answer caf = Answer.ask(this.partners.as("agent.caf"), "recordSupportMeasure", Map.of("input",
				Map.of("personId", person.toString(), "type", "IML", "startedOn", LocalDate.now().toString())));
		assertThat(caf.codes()).containsExactly("FORBIDDEN");
		Answer stranger = Answer.ask(this.partners.as("referent.autre-asso"), "recordSupportMeasure", Map.of("input",
				Map.of("personId", person.toString(), "type", "IML", "startedOn", LocalDate.now().toString())));
		assertThat(stranger.codes()).containsExactly("NOT_FOUND");
		assertThat(measures(person)).isEqualTo(1);
	}

	@Test
	void badInputIsRefusedWithItsFieldAndWritesNothing() {
		UUID person = followedByTheAssociation("Invalide");
		Answer backwards = record(person, Map.of("type", "ASLL", "startedOn", LocalDate.now().minusDays(1).toString(),
				"endedOn", LocalDate.now().minusDays(5).toString()));
		assertThat(backwards.codes()).containsExactly("INVALID_INPUT");
		assertThat(backwards.errors().get(0).getExtensions()).containsEntry("field", "input.endedOn");
		Answer future = record(person, Map.of("type", "ASLL", "startedOn", LocalDate.now().plusDays(2).toString()));
		assertThat(future.errors().get(0).getExtensions()).containsEntry("field", "input.startedOn");
		Answer unknownType = record(person, Map.of("type", "NOT_A_MEASURE", "startedOn", LocalDate.now().toString()));
		assertThat(unknownType.errors()).isNotEmpty();
		assertThat(measures(person)).isZero();
	}

	@Test
	void anUpdateChangesTheFieldsGivenClearsThoseGivenAsNullAndLeavesTheOthers() {
		UUID person = followedByTheAssociation("Partiel");
		String ended = LocalDate.now().plusDays(30).toString();
		String id = (String) record(person, Map.of("type", "AVDL", "startedOn",
				LocalDate.now().minusDays(10).toString(), "caseLead", "referent.asso", "endedOn", ended))
			.at("recordSupportMeasure.id");
		Answer intensity = Answer.ask(this.partners.as("referent.asso"), "updateSupportMeasure",
				Map.of("input", Map.of("id", id, "version", 0, "intensity", "INTENSIVE")));
		assertThat(intensity.errors()).isEmpty();
		assertThat(intensity.at("updateSupportMeasure.intensity")).isEqualTo("INTENSIVE");
		assertThat(intensity.at("updateSupportMeasure.caseLead")).as("omitted: kept").isEqualTo("referent.asso");
		assertThat(intensity.at("updateSupportMeasure.endedOn")).as("omitted: kept").isEqualTo(ended);

		Map<String, Object> cleared = new HashMap<>(Map.of("id", id, "version", 1));
		cleared.put("caseLead", null);
		cleared.put("endedOn", null);
		Answer nulls = Answer.ask(this.partners.as("referent.asso"), "updateSupportMeasure", Map.of("input", cleared));
		assertThat(nulls.errors()).isEmpty();
		assertThat(nulls.at("updateSupportMeasure.caseLead")).as("given as null: cleared").isNull();
		assertThat(nulls.at("updateSupportMeasure.endedOn")).as("given as null: cleared").isNull();
		assertThat(nulls.at("updateSupportMeasure.intensity")).isEqualTo("INTENSIVE");
	}

	@Test
	void anUpdateNeedsTheVersionItWasReadAtAndOnlyTheAuthorMakesIt() {
		UUID person = followedByTheAssociation("Version");
		String id = (String) record(person,
				Map.of("type", "ASLL", "startedOn", LocalDate.now().minusDays(10).toString()))
			.at("recordSupportMeasure.id");
		Answer updated = Answer.ask(this.partners.as("referent.asso"), "updateSupportMeasure",
				Map.of("input", Map.of("id", id, "version", 0, "endedOn", LocalDate.now().toString())));
		assertThat(updated.errors()).isEmpty();
		assertThat(updated.at("updateSupportMeasure.version")).isEqualTo(1);
		assertThat(updated.at("updateSupportMeasure.intensity")).isEqualTo("REGULAR");
		assertThat(updated.at("updateSupportMeasure.provenance.updatedBy")).isEqualTo("referent.asso");

		Answer stale = Answer.ask(this.partners.as("referent.asso"), "updateSupportMeasure",
				Map.of("input", Map.of("id", id, "version", 0, "intensity", "LIGHT")));
		assertThat(stale.codes()).containsExactly("STALE_VERSION");
		assertThat(stale.errors().get(0).getExtensions()).containsEntry("field", "input.version");

		Answer backwards = Answer.ask(this.partners.as("referent.asso"), "updateSupportMeasure",
				Map.of("input", Map.of("id", id, "version", 1, "endedOn", LocalDate.now().minusDays(20).toString())));
		assertThat(backwards.errors().get(0).getExtensions()).containsEntry("field", "input.endedOn");

		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Answer other = Answer.ask(this.partners.as("referent.autre-asso"), "updateSupportMeasure",
				Map.of("input", Map.of("id", id, "version", 1, "intensity", "LIGHT")));
		assertThat(other.codes()).containsExactly("FORBIDDEN");
		// the CAF is not involved: for it the measure does not exist
		assertThat(Answer
			.ask(this.partners.as("agent.caf"), "updateSupportMeasure",
					Map.of("input", Map.of("id", id, "version", 1, "intensity", "LIGHT")))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Fixtures.count("SELECT version FROM passerelle.support_measure WHERE id = ?::uuid", id))
			.isEqualTo(1);
	}

	@Test
	void theSameIdempotencyKeyReturnsTheFirstMeasureAndRefusesAnotherRequest() {
		UUID person = followedByTheAssociation("Idempotent");
		Map<String, Object> input = new HashMap<>(Map.of("type", "AVDL", "startedOn", LocalDate.now().toString(),
				"idempotencyKey", "k-" + UUID.randomUUID()));
		String first = (String) record(person, input).at("recordSupportMeasure.id");
		String again = (String) record(person, input).at("recordSupportMeasure.id");
		assertThat(again).isEqualTo(first);
		input.put("type", "ASLL");
		Answer other = record(person, input);
		assertThat(other.codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(other.errors().get(0).getExtensions()).containsEntry("field", "input.idempotencyKey");
		assertThat(measures(person)).isEqualTo(1);
	}

	@Test
	void notesAreTheirOwnCategory() {
		UUID person = followedByTheAssociation("Note");
		String note = "mutation ($input: WriteSupportNoteInput!) { writeSupportNote(input: $input) { id body version provenance { basis } } }";
		Answer written = Answer.ask(this.partners.as("referent.asso"), note, Map.of("input", Map.of("personId",
				person.toString(), "writtenOn", LocalDate.now().toString(), "body", "Premier entretien")));
		assertThat(written.at("writeSupportNote.body")).isEqualTo("Premier entretien");
		Answer unknownMeasure = Answer.ask(this.partners.as("referent.asso"), note,
				Map.of("input", Map.of("personId", person.toString(), "measureId", UUID.randomUUID().toString(),
						"writtenOn", LocalDate.now().toString(), "body", "x")));
		assertThat(unknownMeasure.errors().get(0).getExtensions()).containsEntry("field", "input.measureId");
		UUID consent = Fixtures.consent(person);
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), List.of(DataCategory.SUPPORT_MEASURES),
				List.of(Purpose.SUPPORT));
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), person, InvolvementKind.SOCIAL_SERVICE);
		Answer department = Answer.ask(this.partners.as("as.departement"), "supportFile",
				Map.of("id", person.toString()));
		assertThat(department.at("person.supportNotes")).isNull();
		assertThat(department.redaction("person.supportNotes")).isEqualTo("SUPPORT_NOTES/NO_CONSENT");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.support_note WHERE person_id = ?", person))
			.isEqualTo(1);
	}

	private Answer record(UUID person, Map<String, ?> fields) {
		Map<String, Object> input = new HashMap<>(fields);
		input.put("personId", person.toString());
		return Answer.ask(this.partners.as("referent.asso"), "recordSupportMeasure", Map.of("input", input));
	}

	private static UUID followedByTheAssociation(String name) {
		UUID person = Fixtures.adult(name);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		return person;
	}

	private static int measures(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.support_measure WHERE person_id = ?", person);
	}

}

package fr.passerelle.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Adding a partner to the care team, ending an involvement, and the read-only hand-over.
 */
@IntegrationTest
class CareTeamTest {

	@Autowired
	Partners partners;

	@Test
	void theCaseWorkerAddsTheLandlordWhoThenFindsThePersonAndEndsItsOwnInvolvement() {
		UUID person = Fixtures.adult("Relogé");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		assertThat(landlordView(person).at("person")).isNull();

		Answer added = Answer.ask(this.partners.as("referent.asso"), "addToCareTeam",
				Map.of("input", addLandlord(person, "Attribution d'un logement IML")));
		assertThat(added.errors()).isEmpty();
		assertThat(added.at("addToCareTeam.organization.name")).isEqualTo(DemoOrganizations.LANDLORD.name());
		String involvement = (String) added.at("addToCareTeam.id");

		Answer landlord = landlordView(person);
		assertThat(landlord.at("person.reach")).isEqualTo("INVOLVEMENT");
		assertThat(landlord.at("person.firstName")).isNull();
		assertThat(landlord.redaction("person.firstName")).isEqualTo("IDENTITY/NO_CONSENT");

		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "addToCareTeam", Map.of("input", addLandlord(person, "encore")))
			.codes()).containsExactly("CONFLICT");

		String end = "mutation ($id: ID!) { endInvolvement(involvementId: $id) { endedOn organization { name } } }";
		Answer notTheirs = Answer.ask(this.partners.as("referent.asso"), end, Map.of("id", involvement));
		assertThat(notTheirs.codes()).containsExactly("NOT_FOUND");
		assertThat(notTheirs.errors().get(0).getMessage())
			.isEqualTo(Answer.ask(this.partners.as("referent.asso"), end, Map.of("id", UUID.randomUUID().toString()))
				.errors()
				.get(0)
				.getMessage());

		Answer ended = Answer.ask(this.partners.as("gestion.bailleur"),
				"mutation ($id: ID!) { endInvolvement(involvementId: $id) { endedOn } }", Map.of("id", involvement));
		assertThat(ended.at("endInvolvement.endedOn")).isEqualTo(LocalDate.now().toString());
		assertThat(landlordView(person).at("person.reach")).isEqualTo("GRACE_PERIOD");
	}

	@Test
	void addingToTheCareTeamIsValidatedAndReservedToCaseWorkers() {
		UUID person = Fixtures.adult("Validé");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Answer noReason = Answer.ask(this.partners.as("referent.asso"), "addToCareTeam",
				Map.of("input", addLandlord(person, " ")));
		assertThat(noReason.codes()).containsExactly("INVALID_INPUT");
		assertThat(noReason.errors().get(0).getExtensions()).containsEntry("field", "input.reason");
		Answer unknownOrganization = Answer.ask(this.partners.as("referent.asso"), "addToCareTeam",
				Map.of("input", Map.of("personId", person.toString(), "organizationId", UUID.randomUUID().toString(),
						"kind", "TENANCY", "reason", "x")));
		assertThat(unknownOrganization.errors().get(0).getExtensions()).containsEntry("field", "input.organizationId");
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);
		assertThat(Answer.ask(this.partners.as("agent.caf"), "addToCareTeam", Map.of("input", addLandlord(person, "x")))
			.codes()).containsExactly("FORBIDDEN");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.involvement WHERE person_id = ?", person))
			.isEqualTo(2);
	}

	@Test
	void afterTheEndTheGracePeriodIsReadOnlyAndThenThePersonIsGone() {
		UUID recent = Fixtures.adult("Passé-récent");
		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), recent, InvolvementKind.SUPPORT_MEASURE,
				LocalDate.now().minusYears(1), LocalDate.now().minusDays(10));
		UUID old = Fixtures.adult("Passé-ancien");
		Fixtures.involve(DemoOrganizations.OTHER_ASSOCIATION.id(), old, InvolvementKind.SUPPORT_MEASURE,
				LocalDate.now().minusYears(1), LocalDate.now().minusDays(40));

		Answer handOver = Answer.ask(this.partners.as("referent.autre-asso"), "personFile",
				Map.of("id", recent.toString()));
		assertThat(handOver.at("person.reach")).isEqualTo("GRACE_PERIOD");
		assertThat(handOver.at("person.firstName")).isEqualTo("Passé-récent");
		assertThat(Answer
			.ask(this.partners.as("referent.autre-asso"), "addToCareTeam", Map.of("input", addLandlord(recent, "x")))
			.codes()).containsExactly("READ_ONLY");

		assertThat(Answer.ask(this.partners.as("referent.autre-asso"), "personFile", Map.of("id", old.toString()))
			.at("person")).isNull();
	}

	private Answer landlordView(UUID person) {
		return Answer.ask(this.partners.as("gestion.bailleur"), "personFile", Map.of("id", person.toString()));
	}

	private static Map<String, Object> addLandlord(UUID person, String reason) {
		return Map.of("personId", person.toString(), "organizationId", DemoOrganizations.LANDLORD.id().toString(),
				"kind", "TENANCY", "reason", reason);
	}

}

package fr.passerelle.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.ConsentInputs;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Recording and revoking consents through the API, and what changes for a partner at
 * once.
 */
@IntegrationTest
class ConsentLifecycleTest {

	@Autowired
	Partners partners;

	UUID person;

	@BeforeEach
	void personFollowedByTheAssociationAndTheCaf() {
		this.person = Fixtures.adult("Consentant");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), this.person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.CAF.id(), this.person, InvolvementKind.BENEFITS);
	}

	@Test
	void aConsentRecordedByTheCaseWorkerShowsAtOnceAndItsRevocationHidesOnTheNextRequest() {
		Answer before = cafView();
		assertThat(before.at("person.phone")).isNull();
		assertThat(before.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");

		Answer recorded = Answer
			.ask(this.partners.as("referent.asso"), "recordConsent", Map.of("input", consent(this.person, "SELF", List
				.of(permit(List.of("CONTACT"), List.of("BENEFITS"), DemoOrganizations.CAF.id().toString(), null)))));
		assertThat(recorded.errors()).isEmpty();
		assertThat(recorded.at("recordConsent.status")).isEqualTo("ACTIVE");
		assertThat(recorded.at("recordConsent.evidence.collectedBy")).isEqualTo("referent.asso");
		assertThat(recorded.at("recordConsent.evidence.collectedByOrganization.name"))
			.isEqualTo(DemoOrganizations.ASSOCIATION.name());
		String consentId = (String) recorded.at("recordConsent.id");

		Answer after = cafView();
		assertThat(after.at("person.phone")).isEqualTo("06 00 00 00 00");
		assertThat(after.redactions()).noneMatch((r) -> "CONTACT".equals(r.get("category")));

		Answer revoked = Answer.ask(this.partners.as("referent.asso"), "revokeConsent",
				Map.of("consentId", consentId, "reason", "La personne retire son accord"));
		assertThat(revoked.at("revokeConsent.status")).isEqualTo("REVOKED");
		assertThat(revoked.at("revokeConsent.revokedBy")).isEqualTo("referent.asso");
		Answer afterRevocation = cafView();
		assertThat(afterRevocation.at("person.phone")).isNull();
		assertThat(afterRevocation.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");

		assertThat(
				Answer.ask(this.partners.as("referent.asso"), "revokeConsent", Map.of("consentId", consentId)).codes())
			.containsExactly("CONFLICT");
	}

	@Test
	void aDenyProvisionOverridesAPermitForTheType() {
		Map<String, Object> permitType = permit(List.of("CONTACT"), List.of("BENEFITS"), null, "CAF");
		Map<String, Object> denyCaf = new HashMap<>(
				permit(List.of("CONTACT"), List.of("BENEFITS"), DemoOrganizations.CAF.id().toString(), null));
		denyCaf.put("type", "DENY");
		Answer recorded = Answer.ask(this.partners.as("referent.asso"), "recordConsent",
				Map.of("input", consent(this.person, "SELF", List.of(permitType, denyCaf))));
		assertThat(recorded.errors()).isEmpty();
		assertThat(cafView().redaction("person.phone")).isEqualTo("CONTACT/CONSENT_REFUSED");
	}

	@Test
	void invalidConsentsAreRefusedWithTheFieldAndNothingIsWritten() {
		int before = consents();
		Map<String, Object> good = consent(this.person, "SELF",
				List.of(permit(List.of("CONTACT"), List.of("BENEFITS"), DemoOrganizations.CAF.id().toString(), null)));

		assertInvalid(with(good, "textSha256", "not-a-hash"), "input.textSha256");
		assertInvalid(with(good, "periodEnd", LocalDate.now().minusYears(1).toString()), "input.periodEnd");
		assertInvalid(with(good, "collectedAt", OffsetDateTime.now().plusDays(2).toString()), "input.collectedAt");
		assertInvalid(with(good, "provisions", List.of()), "input.provisions");
		assertInvalid(
				with(good, "provisions", List.of(permit(List.of("HEALTH"), List.of("SUPPORT"), null, "ASSOCIATION"))),
				"input.provisions[0].categories");
		assertInvalid(
				with(good, "provisions",
						List.of(permit(List.of("CONTACT"), List.of("SUPPORT"), UUID.randomUUID().toString(), null))),
				"input.provisions[0].recipientOrganizationId");
		assertInvalid(with(good, "provisions", List.of(permit(List.of("CONTACT"), List.of("SUPPORT"), null, null))),
				"input.provisions[0].recipientOrganizationId");
		assertInvalid(with(good, "representativeName", "Quelqu'un"), "input.representativeName");

		UUID child = Fixtures.child(this.person);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), child, InvolvementKind.SUPPORT_MEASURE);
		assertInvalid(with(good, "personId", child.toString()), "input.grantor");

		assertThat(consents()).isEqualTo(before);

		Map<String, Object> representative = with(with(good, "personId", child.toString()), "grantor",
				"LEGAL_REPRESENTATIVE");
		assertInvalid(with(representative, "representativeName", "Parent Fixture"), "input.representativeName");
		assertThat(consents()).isEqualTo(before);
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "recordConsent",
					Map.of("input", with(representative, "representativePersonId", this.person.toString())))
			.errors()).isEmpty();
	}

	@Test
	void onlyCaseWorkersOfAnInvolvedOrganizationRecordConsents() {
		Map<String, Object> input = consent(this.person, "SELF",
				List.of(permit(List.of("CONTACT"), List.of("BENEFITS"), DemoOrganizations.CAF.id().toString(), null)));
		assertThat(Answer.ask(this.partners.as("agent.caf"), "recordConsent", Map.of("input", input)).codes())
			.containsExactly("FORBIDDEN");
		assertThat(Answer.ask(this.partners.as("referent.autre-asso"), "recordConsent", Map.of("input", input)).codes())
			.containsExactly("NOT_FOUND");
	}

	private void assertInvalid(Map<String, Object> input, String field) {
		Answer answer = Answer.ask(this.partners.as("referent.asso"), "recordConsent", Map.of("input", input));
		assertThat(answer.codes()).as(field).containsExactly("INVALID_INPUT");
		assertThat(answer.errors().get(0).getExtensions()).containsEntry("field", field);
		assertThat(answer.at("recordConsent")).isNull();
	}

	private Answer cafView() {
		return Answer.ask(this.partners.as("agent.caf"), "personFile", Map.of("id", this.person.toString()));
	}

	private int consents() {
		return Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE person_id IN "
				+ "(SELECT person_id FROM passerelle.household_member WHERE household_id IN "
				+ "(SELECT household_id FROM passerelle.household_member WHERE person_id = ?)) OR person_id = ?",
				this.person, this.person);
	}

	static Map<String, Object> consent(UUID person, String grantor, List<Map<String, Object>> provisions) {
		return ConsentInputs.given(person.toString(), grantor, provisions);
	}

	static Map<String, Object> permit(List<String> categories, List<String> purposes, String organization,
			String type) {
		return ConsentInputs.permit(categories, purposes, organization, type);
	}

	private static Map<String, Object> with(Map<String, Object> input, String key, Object value) {
		Map<String, Object> copy = new HashMap<>(input);
		copy.put(key, value);
		return copy;
	}

}

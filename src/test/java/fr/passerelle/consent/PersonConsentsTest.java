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
import fr.passerelle.support.Answer;
import fr.passerelle.support.FollowedPerson;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Person.consents through the API, on a person registered and consenting through the API:
 * the case workers of involved organizations read the consents back (the CONSENTS
 * category, MISSION for SUPPORT by default); every other role gets them redacted by the
 * policy, a non-involved organization does not find the person; a provision naming a
 * sensitive organization is hidden from a reader who may not know of it, the collector is
 * named only to their own organization; a consent read in the list is revoked by its id
 * and the next read shows it revoked; a consent whose period ended has lapsed.
 */
@IntegrationTest
class PersonConsentsTest {

	private static final String CONSENTS = """
			query ($id: ID!) {
			  person(id: $id) { id consents { id status inForce revokedBy
			    evidence { collectedBy collectedByOrganization { id } textVersion }
			    provisions { hidden type categories purposes recipientOrganization { id } recipientOrganizationType }
			    history { kind at organization { id } } } }
			}""";

	@Autowired
	Partners partners;

	private String person;

	private String consent;

	@BeforeEach
	void aPersonWhoConsents() {
		this.person = FollowedPerson.register(this.partners, "Yasmine", "Consentante", null,
				Map.of(DemoOrganizations.DEPARTMENT.id(), "SOCIAL_SERVICE", DemoOrganizations.CAF.id(), "BENEFITS",
						DemoOrganizations.LANDLORD.id(), "TENANCY", DemoOrganizations.SIAO.id(), "SIAO_ORIENTATION"));
		Answer recorded = Answer.ask(this.partners.as("referent.asso"), "recordConsent",
				Map.of("input",
						consent(LocalDate.now(), null,
								List.of(ConsentLifecycleTest.permit(List.of("CONTACT"), List.of("BENEFITS"),
										DemoOrganizations.CAF.id().toString(), null),
										ConsentLifecycleTest.permit(List.of("HEALTH"), List.of("SUPPORT"),
												DemoOrganizations.ADDICTION_SERVICE.id().toString(), null)))));
		assertThat(recorded.errors()).isEmpty();
		this.consent = (String) recorded.at("recordConsent.id");
	}

	private Map<String, Object> consent(LocalDate start, LocalDate end, List<Map<String, Object>> provisions) {
		Map<String, Object> input = ConsentLifecycleTest.consent(UUID.fromString(this.person), "SELF", provisions);
		input.put("periodStart", start.toString());
		if (end != null) {
			input.put("periodEnd", end.toString());
		}
		return input;
	}

	private Answer read(String user) {
		Answer answer = Answer.ask(this.partners.as(user), CONSENTS, Map.of("id", this.person));
		assertThat(answer.errors()).as(user).isEmpty();
		return answer;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> provisionTo(Answer answer, Object recipient) {
		return ((List<Map<String, Object>>) answer.at("person.consents[0].provisions")).stream()
			.filter((provision) -> recipient.equals(provision.get("recipientOrganization")))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void theCollectingOrganizationReadsTheConsentWhole() {
		Answer asso = read("referent.asso");
		assertThat((List<?>) asso.at("person.consents")).hasSize(1);
		assertThat(asso.at("person.consents[0].id")).isEqualTo(this.consent);
		assertThat(asso.at("person.consents[0].inForce")).isEqualTo(true);
		assertThat(asso.at("person.consents[0].evidence.collectedBy")).isEqualTo("referent.asso");
		assertThat(provisionTo(asso, Map.of("id", DemoOrganizations.ADDICTION_SERVICE.id().toString())))
			.containsEntry("categories", List.of("HEALTH"))
			.containsEntry("hidden", false);
		assertThat(asso.at("person.consents[0].history"))
			.isEqualTo(List.of(Map.of("kind", "RECORDED", "at", asso.at("person.consents[0].history[0].at"),
					"organization", Map.of("id", DemoOrganizations.ASSOCIATION.id().toString()))));
	}

	@Test
	void anotherCaseWorkerSeesNoMoreThanTheRestOfTheFileTells() {
		Answer departement = read("as.departement");
		assertThat(departement.at("person.consents[0].id")).isEqualTo(this.consent);
		// the collector by organization, not by name
		assertThat(departement.at("person.consents[0].evidence.collectedBy")).isNull();
		assertThat(departement.at("person.consents[0].evidence.collectedByOrganization.id"))
			.isEqualTo(DemoOrganizations.ASSOCIATION.id().toString());
		// the CAF's provision as it is; the addiction service's hidden, without recipient
		// or categories: the département may not know the person is followed there
		assertThat(provisionTo(departement, Map.of("id", DemoOrganizations.CAF.id().toString())))
			.containsEntry("categories", List.of("CONTACT"))
			.containsEntry("hidden", false);
		Map<String, Object> hidden = new HashMap<>();
		hidden.put("hidden", true);
		hidden.put("type", "PERMIT");
		hidden.put("categories", List.of());
		hidden.put("purposes", List.of());
		hidden.put("recipientOrganization", null);
		hidden.put("recipientOrganizationType", null);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> provisions = (List<Map<String, Object>>) departement
			.at("person.consents[0].provisions");
		assertThat(provisions).hasSize(2).contains(hidden);
		// the CSAPA's own case worker is not involved with the person: it does not find
		// them
		assertThat(Answer.ask(this.partners.as("referent.sensible"), CONSENTS, Map.of("id", this.person)).at("person"))
			.isNull();
	}

	@Test
	void everyOtherRoleHasTheConsentsRedactedAndANonInvolvedOrganizationDoesNotFindThePerson() {
		for (String user : List.of("agent.caf", "gestion.bailleur", "coord.siao")) {
			Answer answer = read(user);
			assertThat(answer.at("person.id")).as(user).isEqualTo(this.person);
			assertThat(answer.at("person.consents")).as(user).isNull();
			assertThat(answer.redaction("person.consents")).as(user).isEqualTo("CONSENTS/POLICY");
		}
		assertThat(
				Answer.ask(this.partners.as("referent.autre-asso"), CONSENTS, Map.of("id", this.person)).at("person"))
			.isNull();
	}

	@Test
	void aConsentReadInTheListIsRevokedByItsIdAndTheNextReadShowsIt() {
		Answer listed = read("as.departement");
		String id = (String) listed.at("person.consents[0].id");
		Answer revoked = Answer.ask(this.partners.as("as.departement"), """
				mutation ($consentId: ID!, $reason: String) {
				  revokeConsent(consentId: $consentId, reason: $reason) { id status revokedBy
				    evidence { collectedBy collectedByOrganization { id } } provisions { hidden } }
				}""", Map.of("consentId", id, "reason", "La personne retire son accord"));
		assertThat(revoked.errors()).isEmpty();
		// the answer tells no more than the list: collector by organization, the
		// sensitive
		// provision hidden
		assertThat(revoked.at("revokeConsent.evidence.collectedBy")).isNull();
		assertThat(revoked.at("revokeConsent.evidence.collectedByOrganization.id"))
			.isEqualTo(DemoOrganizations.ASSOCIATION.id().toString());
		assertThat(revoked.at("revokeConsent.provisions"))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains(Map.of("hidden", true));

		Answer after = read("as.departement");
		assertThat(after.at("person.consents[0].status")).isEqualTo("REVOKED");
		assertThat(after.at("person.consents[0].inForce")).isEqualTo(false);
		assertThat(after.at("person.consents[0].revokedBy")).isEqualTo("as.departement");
		assertThat(after.at("person.consents[0].history[1].kind")).isEqualTo("REVOKED");
		// the revoker is named only to themselves
		assertThat(read("referent.asso").at("person.consents[0].revokedBy")).isNull();
		// and the CAF's phone number, which that consent gave, is gone on its next
		// request
		assertThat(Answer
			.ask(this.partners.as("agent.caf"), "query ($id: ID!) { person(id: $id) { phone } }",
					Map.of("id", this.person))
			.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");
	}

	@Test
	void aConsentWhosePeriodEndedHasLapsed() {
		Answer recorded = Answer.ask(this.partners.as("referent.asso"), "recordConsent",
				Map.of("input", with(
						consent(LocalDate.now().minusDays(60), LocalDate.now().minusDays(10),
								List.of(ConsentLifecycleTest.permit(List.of("CONTACT"), List.of("SUPPORT"),
										DemoOrganizations.DEPARTMENT.id().toString(), null))),
						"collectedAt", OffsetDateTime.now().minusDays(60).toString())));
		assertThat(recorded.errors()).isEmpty();
		Answer listed = read("referent.asso");
		// newest first: the lapsed one was collected 60 days ago
		assertThat(listed.at("person.consents[1].id")).isEqualTo(recorded.at("recordConsent.id"));
		assertThat(listed.at("person.consents[1].status")).isEqualTo("ACTIVE");
		assertThat(listed.at("person.consents[1].inForce")).isEqualTo(false);
		assertThat(listed.at("person.consents[1].history[1].kind")).isEqualTo("EXPIRED");
		assertThat((String) listed.at("person.consents[1].history[1].at"))
			.startsWith(LocalDate.now().minusDays(9).toString());
	}

	@Test
	void theCaseloadFindsThePersonsWhoseConsentEndsWithinThirtyDays() {
		String ending = "{ caseload(first: 1, filter: { consentEndingSoon: true }) { totalCount } }";
		int before = (Integer) Answer.ask(this.partners.as("referent.asso"), ending, Map.of())
			.at("caseload.totalCount");
		// a consent ending in 60 days is not ending soon
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "recordConsent", Map.of("input", consent(LocalDate.now(),
					LocalDate.now().plusDays(60), List.of(ConsentLifecycleTest.permit(List.of("CONTACT"),
							List.of("SUPPORT"), DemoOrganizations.DEPARTMENT.id().toString(), null)))))
			.errors()).isEmpty();
		assertThat(Answer.ask(this.partners.as("referent.asso"), ending, Map.of()).at("caseload.totalCount"))
			.isEqualTo(before);
		// one ending in 20 days is
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "recordConsent", Map.of("input", consent(LocalDate.now(),
					LocalDate.now().plusDays(20), List.of(ConsentLifecycleTest.permit(List.of("CONTACT"),
							List.of("SUPPORT"), DemoOrganizations.DEPARTMENT.id().toString(), null)))))
			.errors()).isEmpty();
		assertThat(Answer.ask(this.partners.as("referent.asso"), ending, Map.of()).at("caseload.totalCount"))
			.isEqualTo(before + 1);
		Answer found = Answer.ask(this.partners.as("as.departement"),
				"{ caseload(first: 100, filter: { consentEndingSoon: true }) { edges { node { id } } } }", Map.of());
		assertThat(found.errors()).isEmpty();
		assertThat(found.at("caseload.edges")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains(Map.of("node", Map.of("id", this.person)));
		// a role that may never read consents may not filter on them, for every person
		// alike
		for (String user : List.of("agent.caf", "gestion.bailleur", "coord.siao")) {
			assertThat(Answer.ask(this.partners.as(user), ending, Map.of()).codes()).as(user)
				.containsExactly("FORBIDDEN");
		}
	}

	private static Map<String, Object> with(Map<String, Object> input, String key, Object value) {
		Map<String, Object> copy = new HashMap<>(input);
		copy.put(key, value);
		return copy;
	}

}

package fr.passerelle.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.support.Answer;
import fr.passerelle.support.FollowedPerson;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Changing a consent with the person, through the API: narrowConsent writes a new version
 * sharing less on the same evidence, extendConsent a new version on fresh evidence; the
 * old version is SUPERSEDED, kept for its receipt, and the next request reads only the
 * new one. Only what the reader may see changes (a provision naming a sensitive
 * organization stays hidden and is carried over as it was); a narrowing may never share
 * more, a refusal is kept; bad input changes nothing; roles that may not read consents
 * may not change them.
 */
@IntegrationTest
class ConsentChangesTest {

	private static final String NARROW = """
			mutation ($input: NarrowConsentInput!) {
			  narrowConsent(input: $input) { id status replaces inForce periodEnd
			    evidence { collectedBy collectedByOrganization { id } method }
			    provisions { id hidden type categories purposes recipientOrganization { id } periodEnd }
			    history { kind organization { id } consentId } }
			}""";

	private static final String EXTEND = """
			mutation ($input: ExtendConsentInput!) {
			  extendConsent(input: $input) { id status replaces inForce periodStart periodEnd
			    evidence { collectedBy collectedByOrganization { id } method textVersion }
			    provisions { id hidden categories recipientOrganization { id } }
			    history { kind organization { id } consentId } }
			}""";

	private static final String CONSENTS = """
			query ($id: ID!, $all: Boolean) {
			  person(id: $id) { consents(includeReplaced: $all) { id status replaces replacedBy supersededAt
			    provisions { id hidden categories recipientOrganization { id } } } }
			}""";

	private static final String PHONE = "query ($id: ID!) { person(id: $id) { phone } }";

	private static final String CAF = DemoOrganizations.CAF.id().toString();

	private static final String CSAPA = DemoOrganizations.ADDICTION_SERVICE.id().toString();

	@Autowired
	Partners partners;

	private String person;

	private String consent;

	/**
	 * A person followed by the association, with a consent giving the CAF their contact.
	 */
	@BeforeEach
	void aPersonWhoConsents() {
		this.person = FollowedPerson.register(this.partners, "Nadia", "Changeante", "0612345678",
				Map.of(DemoOrganizations.DEPARTMENT.id(), "SOCIAL_SERVICE", DemoOrganizations.CAF.id(), "BENEFITS",
						DemoOrganizations.SIAO.id(), "SIAO_ORIENTATION"));
		this.consent = record(LocalDate.now(), null, List.of(
				ConsentLifecycleTest.permit(List.of("CONTACT", "RESOURCES"), List.of("BENEFITS", "SUPPORT"), CAF, null),
				ConsentLifecycleTest.permit(List.of("HEALTH"), List.of("SUPPORT"), CSAPA, null)));
	}

	private String record(LocalDate start, LocalDate end, List<Map<String, Object>> provisions) {
		Map<String, Object> input = ConsentLifecycleTest.consent(UUID.fromString(this.person), "SELF", provisions);
		input.put("periodStart", start.toString());
		if (end != null) {
			input.put("periodEnd", end.toString());
			input.put("collectedAt",
					OffsetDateTime.now()
						.minusDays(Math.max(0, -start.toEpochDay() + LocalDate.now().toEpochDay()))
						.minusMinutes(5)
						.toString());
		}
		Answer recorded = Answer.ask(this.partners.as("referent.asso"), "recordConsent", Map.of("input", input));
		assertThat(recorded.errors()).isEmpty();
		return (String) recorded.at("recordConsent.id");
	}

	/**
	 * The provision of this consent to this organization, as referent.asso (collector)
	 * reads it.
	 */
	@SuppressWarnings("unchecked")
	private String provisionTo(String consentId, String organization) {
		List<Map<String, Object>> consents = (List<Map<String, Object>>) Answer
			.ask(this.partners.as("referent.asso"), CONSENTS, vars(true))
			.at("person.consents");
		return consents.stream()
			.filter((c) -> consentId.equals(c.get("id")))
			.flatMap((c) -> ((List<Map<String, Object>>) c.get("provisions")).stream())
			.filter((p) -> Map.of("id", organization).equals(p.get("recipientOrganization")))
			.map((p) -> (String) p.get("id"))
			.findFirst()
			.orElseThrow();
	}

	private Map<String, Object> vars(boolean all) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("id", this.person);
		variables.put("all", all);
		return variables;
	}

	private Answer narrow(String user, Map<String, Object> input) {
		return Answer.ask(this.partners.as(user), NARROW, Map.of("input", input));
	}

	private Map<String, Object> narrowing(Object... entries) {
		Map<String, Object> input = new HashMap<>();
		input.put("consentId", this.consent);
		for (int i = 0; i < entries.length; i += 2) {
			input.put((String) entries[i], entries[i + 1]);
		}
		return input;
	}

	private Map<String, Object> renewal(String consentId, Object... entries) {
		Map<String, Object> input = new HashMap<>();
		input.put("consentId", consentId);
		input.put("grantor", "SELF");
		input.put("method", "WRITTEN");
		input.put("collectedAt", OffsetDateTime.now().minusMinutes(1).toString());
		input.put("textVersion", "v3");
		input.put("periodEnd", LocalDate.now().plusYears(1).toString());
		for (int i = 0; i < entries.length; i += 2) {
			input.put((String) entries[i], entries[i + 1]);
		}
		return input;
	}

	private Object phoneFor(String user, String purpose) {
		return Answer.ask(this.partners.as(user, purpose), PHONE, Map.of("id", this.person)).at("person.phone");
	}

	private long versions() {
		return Fixtures.count("SELECT count(*) FROM passerelle.consent WHERE person_id = ?::uuid", this.person);
	}

	@Test
	void aNarrowingIsANewVersionAppliedFromTheNextRequestAndTheOldOneIsKept() {
		assertThat(phoneFor("agent.caf", "BENEFITS")).isEqualTo("0612345678");
		String caf = provisionTo(this.consent, CAF);
		// the département's case worker, with the person: no more contact details to the
		// CAF
		Answer narrowed = narrow("as.departement",
				narrowing("provisions", List.of(Map.of("provisionId", caf, "removeCategories", List.of("CONTACT"))),
						"reason", "Ne souhaite plus être appelée par la CAF"));
		assertThat(narrowed.errors()).isEmpty();
		String current = (String) narrowed.at("narrowConsent.id");
		assertThat(current).isNotEqualTo(this.consent);
		assertThat(narrowed.at("narrowConsent.replaces")).isEqualTo(this.consent);
		assertThat(narrowed.at("narrowConsent.status")).isEqualTo("ACTIVE");
		assertThat(narrowed.at("narrowConsent.inForce")).isEqualTo(true);
		// the same evidence: collected by the association (named by organization only)
		assertThat(narrowed.at("narrowConsent.evidence.collectedBy")).isNull();
		assertThat(narrowed.at("narrowConsent.evidence.collectedByOrganization.id"))
			.isEqualTo(DemoOrganizations.ASSOCIATION.id().toString());
		assertThat(narrowed.at("narrowConsent.history")).isEqualTo(List.of(
				Map.of("kind", "RECORDED", "organization", Map.of("id", DemoOrganizations.ASSOCIATION.id().toString()),
						"consentId", this.consent),
				Map.of("kind", "NARROWED", "organization", Map.of("id", DemoOrganizations.DEPARTMENT.id().toString()),
						"consentId", current)));
		// the CSAPA's provision is carried over, and still hidden from the département
		assertThat(narrowed.at("narrowConsent.provisions")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(2)
			.anySatisfy((p) -> assertThat(map(p)).containsEntry("hidden", true)
				.containsEntry("recipientOrganization", null)
				.containsEntry("categories", List.of()))
			.anySatisfy((p) -> assertThat(map(p)).containsEntry("categories", List.of("RESOURCES"))
				.containsEntry("recipientOrganization", Map.of("id", CAF)));
		assertThat(narrowed.toString()).doesNotContain(CSAPA);

		// the next request: the CAF no longer reads the phone
		Answer phone = Answer.ask(this.partners.as("agent.caf", "BENEFITS"), PHONE, Map.of("id", this.person));
		assertThat(phone.at("person.phone")).isNull();
		assertThat(phone.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");

		// the list shows the current version; with the replaced ones, the old one kept
		Answer listed = Answer.ask(this.partners.as("referent.asso"), CONSENTS, vars(false));
		assertThat(listed.at("person.consents")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
		assertThat(listed.at("person.consents[0].id")).isEqualTo(current);
		assertThat(listed.at("person.consents[0].provisions")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.anySatisfy((p) -> assertThat(map(p)).containsEntry("recipientOrganization", Map.of("id", CSAPA))
				.containsEntry("categories", List.of("HEALTH")));
		Answer all = Answer.ask(this.partners.as("referent.asso"), CONSENTS, vars(true));
		assertThat(all.at("person.consents[1].id")).isEqualTo(this.consent);
		assertThat(all.at("person.consents[1].status")).isEqualTo("SUPERSEDED");
		assertThat(all.at("person.consents[1].replacedBy")).isEqualTo(current);
		assertThat(all.at("person.consents[1].supersededAt")).isNotNull();

		// the old version's receipt is still handed over, naming its successor
		Answer receipt = Answer.ask(this.partners.as("dpo"),
				"query ($id: ID!) { consentReceipt(consentId: $id) { json } }", Map.of("id", this.consent));
		assertThat(receipt.errors()).isEmpty();
		assertThat((String) receipt.at("consentReceipt.json")).contains("\"status\":\"SUPERSEDED\"")
			.contains("\"replacedByConsentReceiptID\":\"" + current + "\"");

		// the old version can no longer be changed or revoked: the current one can
		Answer again = narrow("as.departement", narrowing("periodEnd", LocalDate.now().plusDays(90).toString()));
		assertThat(again.codes()).containsExactly("CONFLICT");
		assertThat(again.errors().get(0).getMessage()).contains(current);
		Answer revokeOld = Answer.ask(this.partners.as("as.departement"),
				"mutation ($id: ID!) { revokeConsent(consentId: $id) { id } }", Map.of("id", this.consent));
		assertThat(revokeOld.codes()).containsExactly("CONFLICT");
		Answer revoked = Answer.ask(this.partners.as("as.departement"),
				"mutation ($id: ID!) { revokeConsent(consentId: $id) { id status history { kind } } }",
				Map.of("id", current));
		assertThat(revoked.errors()).isEmpty();
		assertThat(revoked.at("revokeConsent.history"))
			.isEqualTo(List.of(Map.of("kind", "RECORDED"), Map.of("kind", "NARROWED"), Map.of("kind", "REVOKED")));
	}

	@Test
	void removingARecipientAndShorteningThePeriodTakeEffectAndTheConsentSoonEnds() {
		String ending = "{ caseload(first: 1, filter: { consentEndingSoon: true }) { totalCount } }";
		int before = (Integer) Answer.ask(this.partners.as("referent.asso"), ending, Map.of())
			.at("caseload.totalCount");
		Answer narrowed = narrow("referent.asso", narrowing("removeProvisions", List.of(provisionTo(this.consent, CAF)),
				"periodEnd", LocalDate.now().plusDays(20).toString()));
		assertThat(narrowed.errors()).isEmpty();
		assertThat(narrowed.at("narrowConsent.periodEnd")).isEqualTo(LocalDate.now().plusDays(20).toString());
		assertThat(narrowed.at("narrowConsent.provisions")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(1)
			.allSatisfy((p) -> assertThat(map(p)).containsEntry("recipientOrganization", Map.of("id", CSAPA)));
		assertThat(phoneFor("agent.caf", "BENEFITS")).isNull();
		assertThat(Answer.ask(this.partners.as("referent.asso"), ending, Map.of()).at("caseload.totalCount"))
			.isEqualTo(before + 1);
	}

	@Test
	void badInputIsRefusedWithItsFieldAndNothingIsWritten() {
		String caf = provisionTo(this.consent, CAF);
		String csapa = provisionTo(this.consent, CSAPA);
		String refusing = record(LocalDate.now(), null, List.of(Map.of("type", "DENY", "categories", List.of("CONTACT"),
				"purposes", List.of("HOUSING_ALLOCATION"), "recipientOrganizationType", "LANDLORD")));
		String deny = firstProvision(refusing);
		long versions = versions();
		Map<Map<String, Object>, String> bad = new java.util.LinkedHashMap<>();
		bad.put(narrowing(), "input");
		bad.put(narrowing("removeProvisions", List.of(UUID.randomUUID().toString())), "input.removeProvisions[0]");
		bad.put(narrowing("removeProvisions", List.of("not-an-id")), "input.removeProvisions[0]");
		bad.put(narrowing("removeProvisions", List.of(caf, caf)), "input.removeProvisions[1]");
		bad.put(narrowing("provisions", List.of(Map.of("provisionId", caf, "removeCategories", List.of("HEALTH")))),
				"input.provisions[0].removeCategories");
		bad.put(narrowing("provisions", List.of(Map.of("provisionId", caf, "removePurposes", List.of("STATISTICS")))),
				"input.provisions[0].removePurposes");
		bad.put(narrowing("provisions", List.of(Map.of("provisionId", caf))), "input.provisions[0]");
		bad.put(narrowing("provisions",
				List.of(Map.of("provisionId", caf, "periodEnd", LocalDate.now().minusDays(1).toString()))),
				"input.provisions[0].periodEnd");
		bad.put(narrowing("periodEnd", LocalDate.now().minusDays(1).toString()), "input.periodEnd");
		bad.put(narrowing("reason", "x".repeat(1001), "periodEnd", LocalDate.now().plusDays(5).toString()),
				"input.reason");
		// a refusal lifted would share more: that is an extension, with the person
		bad.put(Map.of("consentId", refusing, "removeProvisions", List.of(deny)), "input.removeProvisions[0]");
		for (Map.Entry<Map<String, Object>, String> input : bad.entrySet()) {
			Answer answer = narrow("referent.asso", input.getKey());
			assertThat(answer.codes()).as(input.getValue()).containsExactly("INVALID_INPUT");
			assertThat(answer.errors().get(0).getExtensions()).as(input.getValue())
				.containsEntry("field", input.getValue());
		}
		// the CSAPA's provision, hidden from the département, is to it as if it did not
		// exist: the same answer as an unknown id
		Answer hidden = narrow("as.departement", narrowing("removeProvisions", List.of(csapa)));
		Answer unknown = narrow("as.departement", narrowing("removeProvisions", List.of(UUID.randomUUID().toString())));
		assertThat(hidden.codes()).containsExactly("INVALID_INPUT");
		assertThat(hidden.errors().get(0).getMessage()).isEqualTo(unknown.errors().get(0).getMessage());
		// an extension on an unknown text, or with provisions next to one the extender
		// may not see
		assertThat(extend("referent.asso", renewal(this.consent, "textVersion", "v-inconnue")).codes())
			.containsExactly("INVALID_INPUT");
		Answer blind = extend("as.departement", renewal(this.consent, "provisions", List.of(ConsentLifecycleTest
			.permit(List.of("CONTACT"), List.of("SUPPORT"), DemoOrganizations.DEPARTMENT.id().toString(), null))));
		assertThat(blind.codes()).containsExactly("INVALID_INPUT");
		assertThat(blind.errors().get(0).getExtensions()).containsEntry("field", "input.consentId");
		assertThat(versions()).isEqualTo(versions);
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.consent WHERE person_id = ?::uuid" + " AND status = 'ACTIVE'",
				this.person))
			.isEqualTo(versions);
	}

	/** The first provision of this consent, as the collector reads it. */
	@SuppressWarnings("unchecked")
	private String firstProvision(String consentId) {
		List<Map<String, Object>> consents = (List<Map<String, Object>>) Answer
			.ask(this.partners.as("referent.asso"), CONSENTS, vars(true))
			.at("person.consents");
		return consents.stream()
			.filter((c) -> consentId.equals(c.get("id")))
			.map((c) -> (String) ((List<Map<String, Object>>) c.get("provisions")).get(0).get("id"))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void aNarrowingThatWouldLiftARefusalElsewhereIsRefused() {
		// another consent permits the CAF the contact; this one refuses it, deeper (a
		// refinement of a permit of resources to CAFs): the refusal decides today
		Map<String, Object> refusal = new HashMap<>(
				ConsentLifecycleTest.permit(List.of("CONTACT"), List.of("BENEFITS"), CAF, null));
		refusal.put("type", "DENY");
		Map<String, Object> parent = new HashMap<>(
				ConsentLifecycleTest.permit(List.of("RESOURCES", "CONTACT"), List.of("BENEFITS"), null, "CAF"));
		parent.put("provisions", List.of(refusal));
		String refusing = record(LocalDate.now(), null, List.of(parent));
		assertThat(phoneFor("agent.caf", "BENEFITS")).isNull();
		String permit = firstProvision(refusing);
		long versions = versions();
		// removing the permit would take its refinement, the refusal, with it
		Answer answer = narrow("referent.asso", Map.of("consentId", refusing, "removeProvisions", List.of(permit)));
		assertThat(answer.codes()).containsExactly("INVALID_INPUT");
		assertThat(answer.errors().get(0).getMessage()).contains("extendConsent");
		assertThat(versions()).isEqualTo(versions);
		assertThat(phoneFor("agent.caf", "BENEFITS")).isNull();
		// narrowing the permit's categories keeps the refusal: allowed, and still refused
		Answer kept = narrow("referent.asso", Map.of("consentId", refusing, "provisions",
				List.of(Map.of("provisionId", permit, "removeCategories", List.of("RESOURCES")))));
		assertThat(kept.errors()).isEmpty();
		assertThat(phoneFor("agent.caf", "BENEFITS")).isNull();
	}

	@Test
	void onlyCaseWorkersWhoReadTheConsentsChangeThem() {
		Map<String, Object> shorten = narrowing("periodEnd", LocalDate.now().plusDays(30).toString());
		long versions = versions();
		// the CAF's and the landlord's agents record no consents; the SIAO's coordinator
		// may not read them (CONSENTS: DENY)
		for (String user : List.of("agent.caf", "coord.siao")) {
			assertThat(narrow(user, shorten).codes()).as(user).containsExactly("FORBIDDEN");
			assertThat(extend(user, renewal(this.consent)).codes()).as(user).containsExactly("FORBIDDEN");
		}
		// organizations not involved with the person do not find the consent
		for (String user : List.of("referent.autre-asso", "referent.sensible", "gestion.bailleur", "dpo")) {
			assertThat(narrow(user, shorten).codes()).as(user).containsExactly("NOT_FOUND");
			assertThat(extend(user, renewal(this.consent)).codes()).as(user).containsExactly("NOT_FOUND");
		}
		assertThat(versions()).isEqualTo(versions);
		// the SIAO's coordinator may still withdraw it with the person, and learns no
		// more of it than before
		Answer revoked = Answer.ask(this.partners.as("coord.siao"), """
				mutation ($id: ID!) { revokeConsent(consentId: $id) { id status
				  evidence { collectedBy collectedByOrganization { id } }
				  provisions { hidden categories recipientOrganization { id } } history { organization { id } } } }""",
				Map.of("id", this.consent));
		assertThat(revoked.errors()).isEmpty();
		assertThat(revoked.at("revokeConsent.status")).isEqualTo("REVOKED");
		assertThat(revoked.at("revokeConsent.evidence.collectedByOrganization")).isNull();
		assertThat(revoked.at("revokeConsent.provisions")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(2)
			.allSatisfy((p) -> assertThat(map(p)).containsEntry("hidden", true).containsEntry("categories", List.of()));
		assertThat(revoked.toString()).doesNotContain(CAF).doesNotContain(CSAPA);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> kinds(Answer answer, String path) {
		return ((List<Map<String, Object>>) answer.at(path)).stream().map((e) -> e.get("kind")).toList();
	}

	private Answer extend(String user, Map<String, Object> input) {
		return Answer.ask(this.partners.as(user), EXTEND, Map.of("input", input));
	}

	@Test
	void aRenewalKeepsTheProvisionsOnFreshEvidenceAndAnExtensionSharesMore() {
		String ending = record(LocalDate.now().minusDays(300), LocalDate.now().plusDays(20),
				List.of(ConsentLifecycleTest.permit(List.of("CONTACT"), List.of("SUPPORT"),
						DemoOrganizations.DEPARTMENT.id().toString(), null),
						ConsentLifecycleTest.permit(List.of("HEALTH"), List.of("SUPPORT"), CSAPA, null)));
		// the département may not renew it: it would collect, and read whole, a provision
		// it may not see
		Answer blind = extend("as.departement", renewal(ending));
		assertThat(blind.codes()).containsExactly("INVALID_INPUT");
		assertThat(blind.errors().get(0).getExtensions()).containsEntry("field", "input.consentId");
		assertThat(blind.toString()).doesNotContain(CSAPA);
		// the association renews it with the person, as it is, on fresh evidence
		Answer renewed = extend("referent.asso", renewal(ending, "reason", "Renouvellement annuel"));
		assertThat(renewed.errors()).isEmpty();
		String renewal = (String) renewed.at("extendConsent.id");
		assertThat(renewed.at("extendConsent.replaces")).isEqualTo(ending);
		assertThat(renewed.at("extendConsent.periodStart")).isEqualTo(LocalDate.now().toString());
		assertThat(renewed.at("extendConsent.periodEnd")).isEqualTo(LocalDate.now().plusYears(1).toString());
		assertThat(renewed.at("extendConsent.evidence.collectedBy")).isEqualTo("referent.asso");
		assertThat(renewed.at("extendConsent.evidence.method")).isEqualTo("WRITTEN");
		assertThat(renewed.at("extendConsent.history[1]")).isEqualTo(Map.of("kind", "EXTENDED", "organization",
				Map.of("id", DemoOrganizations.ASSOCIATION.id().toString()), "consentId", renewal));
		assertThat(provisionTo(renewal, CSAPA)).isNotNull();
		// to the département, the carried-over provision is hidden as it was
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> seen = (List<Map<String, Object>>) Answer
			.ask(this.partners.as("as.departement"), CONSENTS, vars(false))
			.at("person.consents");
		assertThat(seen).filteredOn((c) -> renewal.equals(c.get("id")))
			.singleElement()
			.satisfies((c) -> assertThat((List<?>) c.get("provisions")).hasSize(2)
				.anySatisfy((p) -> assertThat(map(p)).containsEntry("hidden", true)));
		assertThat(seen.toString()).doesNotContain(CSAPA);
		// a consent it sees whole, the département renews: it collects the new version
		String its = record(LocalDate.now().minusDays(300), LocalDate.now().plusDays(20), List.of(ConsentLifecycleTest
			.permit(List.of("CONTACT"), List.of("SUPPORT"), DemoOrganizations.DEPARTMENT.id().toString(), null)));
		Answer own = extend("as.departement", renewal(its));
		assertThat(own.errors()).isEmpty();
		assertThat(own.at("extendConsent.evidence.collectedBy")).isEqualTo("as.departement");
		assertThat(own.at("extendConsent.history[1].organization.id"))
			.isEqualTo(DemoOrganizations.DEPARTMENT.id().toString());

		// the association extends its own consent with the person: the CAF may now read
		// the phone for benefits
		String caf = provisionTo(this.consent, CAF);
		assertThat(narrow("referent.asso",
				narrowing("provisions", List.of(Map.of("provisionId", caf, "removeCategories", List.of("CONTACT")))))
			.errors()).isEmpty();
		assertThat(phoneFor("agent.caf", "BENEFITS")).isNull();
		@SuppressWarnings("unchecked")
		String current = (String) ((List<Map<String, Object>>) Answer
			.ask(this.partners.as("referent.asso"), CONSENTS, vars(false))
			.at("person.consents")).stream()
			.filter((c) -> this.consent.equals(c.get("replaces")))
			.map((c) -> c.get("id"))
			.findFirst()
			.orElseThrow();
		List<Map<String, Object>> provisions = new ArrayList<>();
		provisions.add(ConsentLifecycleTest.permit(List.of("CONTACT", "RESOURCES"), List.of("BENEFITS"), CAF, null));
		provisions.add(ConsentLifecycleTest.permit(List.of("HEALTH"), List.of("SUPPORT"), CSAPA, null));
		Answer extended = extend("referent.asso", renewal(current, "provisions", provisions));
		assertThat(extended.errors()).isEmpty();
		assertThat(kinds(extended, "extendConsent.history")).containsExactly("RECORDED", "NARROWED", "EXTENDED");
		assertThat(phoneFor("agent.caf", "BENEFITS")).isEqualTo("0612345678");
		// a revoked consent is not renewed: a new one is recorded
		String revokedId = (String) extended.at("extendConsent.id");
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "mutation ($id: ID!) { revokeConsent(consentId: $id) { id } }",
					Map.of("id", revokedId))
			.errors()).isEmpty();
		assertThat(extend("referent.asso", renewal(revokedId)).codes()).containsExactly("CONFLICT");
	}

	@Test
	void aLapsedConsentIsRenewedAndItsHistorySaysItLapsedFirst() {
		String lapsed = record(LocalDate.now().minusDays(400), LocalDate.now().minusDays(10),
				List.of(ConsentLifecycleTest.permit(List.of("CONTACT"), List.of("SUPPORT"),
						DemoOrganizations.DEPARTMENT.id().toString(), null)));
		// a lapsed consent is not narrowed: it is renewed
		assertThat(
				narrow("referent.asso", Map.of("consentId", lapsed, "periodEnd", LocalDate.now().toString())).codes())
			.containsExactly("CONFLICT");
		Answer renewed = extend("referent.asso", renewal(lapsed));
		assertThat(renewed.errors()).isEmpty();
		assertThat(renewed.at("extendConsent.inForce")).isEqualTo(true);
		assertThat(kinds(renewed, "extendConsent.history")).containsExactly("RECORDED", "EXPIRED", "EXTENDED");
	}

}

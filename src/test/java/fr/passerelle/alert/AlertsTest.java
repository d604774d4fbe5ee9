package fr.passerelle.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import fr.passerelle.PasserelleApplication;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.Answer;
import fr.passerelle.support.ConsentInputs;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestDatabase;
import fr.passerelle.support.TestKeycloak;
import fr.passerelle.support.Tokens;

/**
 * Scenario 4 of DESIGN.md through the API, with real tokens: the landlord records
 * arrears, the CAF suspends a benefit; the case lead finds both in her inbox; the
 * département's social worker, whose role subscribes to arrears but whom the consent does
 * not name, gets neither (decided when it would have been delivered); once the person
 * withdraws the CAF from the consent, the CAF gets no further arrears alert. The outbox
 * survives a stop of the delivery task; two delivery tasks on one database fan each event
 * out once.
 */
@IntegrationTest
class AlertsTest {

	private static final String INBOX = """
			query ($unread: Boolean, $first: Int, $after: String) {
			  alerts(unreadOnly: $unread, first: $first, after: $after) {
			    edges { cursor node { id kind at readAt person { id firstName } } }
			    pageInfo { hasNextPage endCursor } }
			}""";

	private static final String CAF = DemoOrganizations.CAF.id().toString();

	@Autowired
	Partners partners;

	@Autowired
	AlertDelivery delivery;

	private String person;

	private String consent;

	private String tenancy;

	private int run;

	@BeforeEach
	void karimFollowedByTheAssociationHousedByTheLandlord() {
		Map<String, Object> identity = new HashMap<>();
		identity.put("firstName", "Karim");
		identity.put("lastName", "Alerte" + UUID.randomUUID().toString().substring(0, 6));
		identity.put("birthDate", "1981-03-03");
		identity.put("reason", "Accompagnement");
		this.person = (String) ask("referent.asso", null, "registerPerson", Map.of("input", identity))
			.at("registerPerson.id");
		Map<String, Object> consent = ConsentInputs.own(this.person,
				List.of(permit(List.of("RENT_ARREARS", "RESOURCES"), List.of("SUPPORT"),
						DemoOrganizations.ASSOCIATION.id().toString(), null),
						permit(List.of("RENT_ARREARS"), List.of("BENEFITS"), CAF, null),
						permit(List.of("IDENTITY", "HOUSEHOLD", "TENANCY"),
								List.of("HOUSING_ALLOCATION", "EVICTION_PREVENTION"), null, "LANDLORD")));
		this.consent = (String) ask("referent.asso", null, "recordConsent", Map.of("input", consent))
			.at("recordConsent.id");
		assertThat(
				ask("referent.asso", null, "recordSupportMeasure",
						Map.of("input",
								Map.of("personId", this.person, "type", "AVDL", "caseLead", "referent.asso",
										"startedOn", LocalDate.now().toString(), "intensity", "INTENSIVE")))
					.errors())
			.isEmpty();
		for (Map.Entry<UUID, String> partner : Map
			.of(DemoOrganizations.LANDLORD.id(), "TENANCY", DemoOrganizations.CAF.id(), "BENEFITS",
					DemoOrganizations.DEPARTMENT.id(), "SOCIAL_SERVICE")
			.entrySet()) {
			assertThat(
					ask("referent.asso", null, "addToCareTeam",
							Map.of("input", Map.of("personId", this.person, "organizationId",
									partner.getKey().toString(), "kind", partner.getValue(), "reason", "Partenaire")))
						.errors())
				.isEmpty();
		}
		this.tenancy = (String) ask("gestion.bailleur", null, "recordTenancy",
				Map.of("input",
						Map.of("personId", this.person, "leaseKind", "SUBLEASE", "dwellingType", "T2", "address",
								"3 rue des Alertes, 38000 Grenoble", "startedOn", LocalDate.now().toString(),
								"monthlyRent", 400, "monthlyCharges", 50)))
			.at("recordTenancy.id");
		assertThat(this.tenancy).isNotNull();
	}

	static Map<String, Object> permit(List<String> categories, List<String> purposes, String organization,
			String type) {
		return ConsentInputs.permit(categories, purposes, organization, type);
	}

	/** Whatever a test did to it, this hub's delivery runs for the next. */
	@AfterEach
	void deliveryRuns() {
		this.delivery.start();
	}

	private Answer ask(String user, String purpose, String document, Map<String, Object> variables) {
		Answer answer = Answer.ask((purpose != null) ? this.partners.as(user, purpose) : this.partners.as(user),
				document, variables);
		assertThat(answer.errors()).as(user + " " + document).isEmpty();
		return answer;
	}

	private void arrears() {
		this.run++;
		ask("gestion.bailleur", "EVICTION_PREVENTION", "recordRentArrears",
				Map.of("input", Map.of("personId", this.person, "tenancyId", this.tenancy, "amount", 800 + this.run,
						"months", 2, "since", LocalDate.now().toString())));
	}

	private void suspension() {
		ask("agent.caf", null, "reportBenefit",
				Map.of("input",
						Map.of("personId", this.person, "type", "APL", "status", "SUSPENDED", "monthlyAmount", 250,
								"since", LocalDate.now().minusMonths(6).toString(), "suspendedOn",
								LocalDate.now().toString(), "suspensionReason", "Impayés de loyer")));
	}

	/** The kinds of this reader's alerts about the person, newest first. */
	@SuppressWarnings("unchecked")
	private List<Object> kinds(String user, String purpose) {
		Answer inbox = ask(user, purpose, INBOX, Map.of("first", 100));
		return ((List<Map<String, Object>>) inbox.at("alerts.edges")).stream()
			.map((edge) -> (Map<String, Object>) edge.get("node"))
			.filter((node) -> node.get("person") != null
					&& this.person.equals(((Map<String, Object>) node.get("person")).get("id")))
			.map((node) -> node.get("kind"))
			.toList();
	}

	private static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	private int pending() {
		return Fixtures.count(
				"SELECT count(*) FROM passerelle.alert_event WHERE person_id = ?::uuid" + " AND fanned_out_at IS NULL",
				this.person);
	}

	private void fannedOut() {
		await("the events fanned out", () -> pending() == 0);
	}

	@Test
	void theCaseLeadSeesTheArrearsAndTheSuspensionTheDepartmentWhomTheConsentDoesNotNameNeither() {
		arrears();
		suspension();
		await("the case lead's alerts",
				() -> kinds("referent.asso", null).containsAll(List.of("ARREARS_RECORDED", "BENEFIT_SUSPENDED")));
		// the département's social workers subscribe to both kinds: they were addressed
		// to it, and refused when they would have been delivered
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.alert_recipient r"
						+ " JOIN passerelle.alert_event e ON e.id = r.event_id WHERE e.person_id = ?::uuid"
						+ " AND r.organization_id = ?::uuid AND e.kind IN ('ARREARS_RECORDED', 'BENEFIT_SUSPENDED')",
				this.person, DemoOrganizations.DEPARTMENT.id().toString()))
			.isEqualTo(2);
		assertThat(kinds("as.departement", null)).doesNotContain("ARREARS_RECORDED", "BENEFIT_SUSPENDED");
		// nor later: a withdrawn alert is never delivered
		assertThat(kinds("as.departement", null)).doesNotContain("ARREARS_RECORDED", "BENEFIT_SUSPENDED");
		// the landlord is not addressed at all; its own arrears are its record anyway
		assertThat(kinds("gestion.bailleur", "EVICTION_PREVENTION")).doesNotContain("BENEFIT_SUSPENDED");
		// a delivered alert is an access event: what was disclosed to whom
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.access_event WHERE username = 'referent.asso'"
				+ " AND operation = 'alerts' AND person_ids @> ARRAY[?::uuid]", this.person))
			.isPositive();
	}

	@Test
	void readAlertsLeaveTheUnreadListAndPagesAreCutByCursor() {
		arrears();
		suspension();
		await("the case lead's alerts",
				() -> kinds("referent.asso", null).containsAll(List.of("ARREARS_RECORDED", "BENEFIT_SUSPENDED")));
		Answer first = ask("referent.asso", null, INBOX, Map.of("first", 1));
		assertThat(first.at("alerts.pageInfo.hasNextPage")).isEqualTo(true);
		String id = (String) first.at("alerts.edges[0].node.id");
		Map<String, Object> next = new HashMap<>();
		next.put("first", 1);
		next.put("after", first.at("alerts.pageInfo.endCursor"));
		Answer second = ask("referent.asso", null, INBOX, next);
		assertThat(second.at("alerts.edges[0].node.id")).isNotEqualTo(id);
		assertThat(ask("referent.asso", null, "mutation ($ids: [ID!]!) { markAlertsRead(ids: $ids) }",
				Map.of("ids", List.of(id, UUID.randomUUID().toString(), "not-an-id")))
			.at("markAlertsRead")).isEqualTo(1);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> unread = (List<Map<String, Object>>) ask("referent.asso", null, INBOX,
				Map.of("unread", true, "first", 100))
			.at("alerts.edges");
		List<Object> unreadIds = unread.stream()
			.map((edge) -> (Object) ((Map<?, ?>) edge.get("node")).get("id"))
			.toList();
		assertThat(unreadIds).doesNotContain((Object) id);
		// another reader cannot mark it, nor learn that it exists
		assertThat(ask("as.departement", null, "mutation ($ids: [ID!]!) { markAlertsRead(ids: $ids) }",
				Map.of("ids", List.of(id)))
			.at("markAlertsRead")).isEqualTo(0);
		// a cursor is the reader's own
		Answer stolen = Answer.ask(this.partners.as("as.departement"), INBOX, next);
		assertThat(stolen.codes()).containsExactly("INVALID_INPUT");
		assertThat(Answer.ask(this.partners.as("referent.asso"), INBOX, Map.of("first", 0)).codes())
			.containsExactly("INVALID_INPUT");
	}

	@Test
	void afterThePersonWithdrawsTheCafTheCafGetsNoFurtherAlert() {
		// the privacy officer lets the CAF learn of arrears for benefits with the
		// person's agreement (housing benefit kept paid through arrears)
		policy("CONSENT_REQUIRED", "test: arrears to the CAF with the person's consent");
		try {
			arrears();
			await("the CAF's alert", () -> kinds("agent.caf", null).contains("ARREARS_RECORDED"));
			// Karim withdraws the CAF from his consent, with his case worker
			@SuppressWarnings("unchecked")
			String provision = ((List<Map<String, Object>>) ask("referent.asso", null,
					"query ($id: ID!) { person(id: $id) { consents { provisions { id recipientOrganization { id } } } } }",
					Map.of("id", this.person))
				.at("person.consents[0].provisions")).stream()
				.filter((p) -> Map.of("id", CAF).equals(p.get("recipientOrganization")))
				.map((p) -> (String) p.get("id"))
				.findFirst()
				.orElseThrow();
			ask("referent.asso", null, "mutation ($input: NarrowConsentInput!) { narrowConsent(input: $input) { id } }",
					Map.of("input", Map.of("consentId", this.consent, "removeProvisions", List.of(provision))));
			arrears();
			await("the case lead's second arrears alert",
					() -> kinds("referent.asso", null).stream().filter("ARREARS_RECORDED"::equals).count() == 2);
			fannedOut();
			assertThat(kinds("agent.caf", null).stream().filter("ARREARS_RECORDED"::equals).count()).isEqualTo(1);
			// the case lead learns that the consent changed
			assertThat(kinds("referent.asso", null)).contains("CONSENT_CHANGED");
		}
		finally {
			policy("DENY", "test: back to the default");
		}
	}

	private void policy(String effect, String reason) {
		ask("dpo", null,
				"mutation ($changes: [PolicyChangeInput!]!, $reason: String!) {"
						+ " updatePolicy(changes: $changes, reason: $reason) { version } }",
				Map.of("changes", List.of(Map.of("organizationType", "CAF", "role", "AGENT", "category", "RENT_ARREARS",
						"purpose", "BENEFITS", "effect", effect)), "reason", reason));
	}

	private WebSocketGraphQlClient subscriber(String token) {
		String url = this.partners.url().replace("http://", "ws://").replace("/graphql", "/graphql-ws");
		return WebSocketGraphQlClient.builder(url, new StandardWebSocketClient())
			.interceptor(new WebSocketGraphQlClientInterceptor() {
				@Override
				public Mono<Object> connectionInitPayload() {
					return Mono.just((token != null) ? Map.of("Authorization", "Bearer " + token) : Map.of());
				}
			})
			.build();
	}

	/** Subscribes to alertRaised and waits until the hub holds the subscription. */
	@SuppressWarnings("rawtypes")
	private Disposable subscribe(WebSocketGraphQlClient client, List<Map> received, List<Throwable> failures) {
		int before = this.delivery.subscribers();
		Disposable subscription = client.document("subscription { alertRaised { id kind person { id } } }")
			.retrieveSubscription("alertRaised")
			.toEntity(Map.class)
			.subscribe(received::add, failures::add);
		await("the subscription held", () -> this.delivery.subscribers() > before || !failures.isEmpty());
		return subscription;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private List<Object> kindsOf(List<Map> received) {
		return received.stream()
			.filter((alert) -> alert.get("person") != null
					&& this.person.equals(((Map<String, Object>) alert.get("person")).get("id")))
			.map((alert) -> alert.get("kind"))
			.toList();
	}

	@Test
	@SuppressWarnings("rawtypes")
	void theCaseLeadReceivesBothOverAWebSocketSubscriptionAndTheDepartmentNeither() {
		List<Map> lead = new CopyOnWriteArrayList<>();
		List<Map> departement = new CopyOnWriteArrayList<>();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		WebSocketGraphQlClient leadClient = subscriber(Tokens.of("referent.asso"));
		WebSocketGraphQlClient departementClient = subscriber(Tokens.of("as.departement"));
		Disposable one = subscribe(leadClient, lead, failures);
		Disposable two = subscribe(departementClient, departement, failures);
		try {
			arrears();
			suspension();
			await("both alerts pushed to the case lead",
					() -> kindsOf(lead).containsAll(List.of("ARREARS_RECORDED", "BENEFIT_SUSPENDED")));
			fannedOut();
			// the département's subscription was given the same events: it pushed none
			assertThat(kindsOf(departement)).doesNotContain("ARREARS_RECORDED", "BENEFIT_SUSPENDED");
			assertThat(failures).isEmpty();
			// the push is an access event of its own
			assertThat(Fixtures.count("SELECT count(*) FROM passerelle.access_event WHERE username = 'referent.asso'"
					+ " AND operation = 'alertRaised' AND person_ids @> ARRAY[?::uuid]", this.person))
				.isPositive();
		}
		finally {
			one.dispose();
			two.dispose();
			leadClient.stop().block(Duration.ofSeconds(5));
			departementClient.stop().block(Duration.ofSeconds(5));
		}
	}

	@Test
	@SuppressWarnings("rawtypes")
	void aConnectionWithoutAValidTokenGetsNoSubscription() {
		for (String token : new String[] { null, "not-a-token" }) {
			WebSocketGraphQlClient client = subscriber(token);
			List<Map> received = new CopyOnWriteArrayList<>();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			int before = this.delivery.subscribers();
			Disposable subscription = client.document("subscription { alertRaised { id kind } }")
				.retrieveSubscription("alertRaised")
				.toEntity(Map.class)
				.subscribe(received::add, failures::add);
			try {
				await("the connection refused", () -> !failures.isEmpty());
				assertThat(this.delivery.subscribers()).isEqualTo(before);
				assertThat(received).isEmpty();
			}
			finally {
				subscription.dispose();
				client.stop().block(Duration.ofSeconds(5));
			}
		}
	}

	@Test
	void theReadmesClientScriptReceivesTheAlert() throws Exception {
		int before = this.delivery.subscribers();
		ProcessBuilder builder = new ProcessBuilder("node", "clients/subscribe.mjs").redirectErrorStream(false);
		builder.environment().put("TOKEN", Tokens.of("referent.asso"));
		builder.environment().put("HUB_URL", this.partners.url().replace("/graphql", ""));
		builder.environment().put("COUNT", "1");
		Process script = builder.start();
		try {
			await("the script's subscription", () -> this.delivery.subscribers() > before || !script.isAlive());
			arrears();
			assertThat(script.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the script ends").isTrue();
			String out = new String(script.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			assertThat(script.exitValue())
				.as(out + new String(script.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
				.isZero();
			assertThat(out).contains("\"alertRaised\"").contains("\"ARREARS_RECORDED\"").contains(this.person);
		}
		finally {
			script.destroyForcibly();
		}
	}

	@Test
	void aPlannedExitFromPrisonWithinThirtyDaysAlertsTheCaseLeadAndTheSiaoOnce() {
		assertThat(ask("referent.asso", null, "addToCareTeam",
				Map.of("input",
						Map.of("personId", this.person, "organizationId", DemoOrganizations.SIAO.id().toString(),
								"kind", "SIAO_ORIENTATION", "reason", "Sortie de détention")))
			.errors()).isEmpty();
		String record = "mutation ($input: RecordResidentialSituationInput!) {"
				+ " recordResidentialSituation(input: $input) { id plannedExitOn } }";
		// only a situation in an institution has a planned exit
		Answer street = Answer.ask(this.partners.as("referent.asso"), record,
				Map.of("input",
						Map.of("personId", this.person, "kind", "STREET", "startedOn",
								LocalDate.now().minusMonths(1).toString(), "plannedExitOn",
								LocalDate.now().plusDays(10).toString())));
		assertThat(street.codes()).containsExactly("INVALID_INPUT");
		assertThat(street.errors().get(0).getExtensions()).containsEntry("field", "input.plannedExitOn");
		// one due in 60 days raises nothing yet; one in 10 days does
		ask("referent.asso", null, record,
				Map.of("input",
						Map.of("personId", this.person, "kind", "HOSPITAL_EXIT", "startedOn",
								LocalDate.now().minusMonths(2).toString(), "plannedExitOn",
								LocalDate.now().plusDays(60).toString())));
		Answer prison = ask("referent.asso", null, record,
				Map.of("input",
						Map.of("personId", this.person, "kind", "PRISON_EXIT", "startedOn",
								LocalDate.now().minusYears(1).toString(), "plannedExitOn",
								LocalDate.now().plusDays(10).toString())));
		assertThat(prison.at("recordResidentialSituation.plannedExitOn"))
			.isEqualTo(LocalDate.now().plusDays(10).toString());
		this.delivery.scanExits();
		this.delivery.scanExits();
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.alert_event WHERE person_id = ?::uuid"
				+ " AND kind = 'INSTITUTION_EXIT_APPROACHING'", this.person))
			.isEqualTo(1);
		await("the case lead's alert", () -> kinds("referent.asso", null).contains("INSTITUTION_EXIT_APPROACHING"));
		assertThat(kinds("coord.siao", null)).contains("INSTITUTION_EXIT_APPROACHING");
	}

	@Test
	void aPartnerJoiningTheCareTeamAlertsTheCaseLeadUnlessItIsASensitiveServiceSheMayNotKnowOf() {
		// the landlord, the CAF and the département joined in the set-up: the case lead
		// learns of those whose link she may see in the care team (the département's, a
		// social service; not the landlord's, a tenancy, nor the CAF's, resources under
		// benefits, which the consent gives only the CAF)
		@SuppressWarnings("unchecked")
		List<Object> team = ((List<Map<String, Object>>) ask("referent.asso", null,
				"query ($id: ID!) { person(id: $id) { careTeam { organization { id } } } }", Map.of("id", this.person))
			.at("person.careTeam")).stream()
			.map((member) -> (Object) ((Map<?, ?>) member.get("organization")).get("id"))
			.toList();
		fannedOut();
		assertThat(kinds("referent.asso", null).stream().filter("CARE_TEAM_JOINED"::equals).count())
			.isEqualTo(team.size() - 1);
		assertThat(team).contains(DemoOrganizations.DEPARTMENT.id().toString())
			.doesNotContain(DemoOrganizations.LANDLORD.id().toString());
		int joined = team.size() - 1;
		// the addiction service joins: being followed there is HEALTH, which the consent
		// does not let the association see
		ask("referent.asso", null, "addToCareTeam",
				Map.of("input",
						Map.of("personId", this.person, "organizationId",
								DemoOrganizations.ADDICTION_SERVICE.id().toString(), "kind", "SUPPORT_MEASURE",
								"reason", "Suivi CSAPA")));
		fannedOut();
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.alert_event WHERE person_id = ?::uuid"
				+ " AND kind = 'CARE_TEAM_JOINED'", this.person))
			.as("the association's own, at the registration (no case lead then), and four partners")
			.isEqualTo(5);
		assertThat(kinds("referent.asso", null).stream().filter("CARE_TEAM_JOINED"::equals).count()).isEqualTo(joined);
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.alert_receipt r JOIN passerelle.alert_event e"
						+ " ON e.id = r.event_id WHERE e.person_id = ?::uuid AND r.withdrawn_at IS NOT NULL"
						+ " AND ?::uuid = ANY (e.organizations)",
				this.person, DemoOrganizations.ADDICTION_SERVICE.id().toString()))
			.isEqualTo(1);
		// the département ends its involvement: its hand-over grace period starts, which
		// the case lead learns
		String involvement = Fixtures.owner((dsl) -> String.valueOf(dsl.fetchValue(
				"SELECT id FROM passerelle.involvement WHERE person_id = ?::uuid AND organization_id = ?::uuid",
				this.person, DemoOrganizations.DEPARTMENT.id().toString())));
		ask("as.departement", null, "mutation ($id: ID!) { endInvolvement(involvementId: $id) { endedOn } }",
				Map.of("id", involvement));
		await("the involvement ended", () -> kinds("referent.asso", null).contains("INVOLVEMENT_ENDED"));
		// the landlord's, which she may not see in the care team, she does not learn
		String landlords = Fixtures.owner((dsl) -> String.valueOf(dsl.fetchValue(
				"SELECT id FROM passerelle.involvement WHERE person_id = ?::uuid AND organization_id = ?::uuid",
				this.person, DemoOrganizations.LANDLORD.id().toString())));
		ask("gestion.bailleur", null, "mutation ($id: ID!) { endInvolvement(involvementId: $id) { endedOn } }",
				Map.of("id", landlords));
		fannedOut();
		assertThat(kinds("referent.asso", null).stream().filter("INVOLVEMENT_ENDED"::equals).count()).isEqualTo(1);
	}

	@Test
	void anEmergencyAccessAlertsTheCaseLeadWhoseDutyItIsToTellThePerson() {
		ask("maraude.autre-asso", null,
				"mutation ($input: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $input) { id } }",
				Map.of("input", Map.of("personId", this.person, "justification",
						"Personne trouvée en crise la nuit, besoin de joindre sa référente", "hours", 2)));
		await("the case lead's alert", () -> kinds("referent.asso", null).contains("EMERGENCY_ACCESS_OPENED"));
		// the alert names no one: who opened it is the access report's to tell
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.alert_event WHERE person_id = ?::uuid"
				+ " AND kind = 'EMERGENCY_ACCESS_OPENED' AND organizations = '{}'", this.person))
			.isEqualTo(1);
	}

	@Test
	void anEventRaisedWhileNoDeliveryRunsIsDeliveredWhenOneStarts() {
		this.delivery.stop();
		try {
			arrears();
			assertThat(pending()).isEqualTo(1);
			assertThat(kinds("referent.asso", null)).doesNotContain("ARREARS_RECORDED");
		}
		finally {
			this.delivery.start();
		}
		await("the alert after the restart", () -> kinds("referent.asso", null).contains("ARREARS_RECORDED"));
	}

	@Test
	@SuppressWarnings("rawtypes")
	void twoHubInstancesOnOneDatabaseDeliverEachAlertOnce() {
		// an event raised while no hub's delivery runs (this one's is stopped) is fanned
		// out by the next hub that starts
		this.delivery.stop();
		arrears();
		assertThat(pending()).isEqualTo(1);
		TestDatabase database = TestDatabase.get();
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PasserelleApplication.class).run(
				"--server.port=0", "--passerelle.demo.enabled=true", "--passerelle.keycloak.clock-skew=0s",
				"--passerelle.statistics.initial-delay=P3650D", "--passerelle.alerts.poll=PT0.2S",
				"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + TestDatabase.APP_ROLE,
				"--spring.datasource.password=" + TestDatabase.APP_ROLE, "--spring.flyway.user=" + database.ownerUser(),
				"--spring.flyway.password=" + database.ownerPassword(),
				"--passerelle.keycloak.url=" + TestKeycloak.get().url())) {
			Partners other = new Partners(
					second.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
			AlertDelivery otherDelivery = second.getBean(AlertDelivery.class);
			fannedOut();
			this.delivery.start();
			// the case lead is connected to the second instance; the landlord writes
			// through the first
			List<Map> pushed = new CopyOnWriteArrayList<>();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			String url = other.url().replace("http://", "ws://").replace("/graphql", "/graphql-ws");
			WebSocketGraphQlClient client = WebSocketGraphQlClient.builder(url, new StandardWebSocketClient())
				.interceptor(new WebSocketGraphQlClientInterceptor() {
					@Override
					public Mono<Object> connectionInitPayload() {
						return Mono.just(Map.of("Authorization", "Bearer " + Tokens.of("referent.asso")));
					}
				})
				.build();
			int before = otherDelivery.subscribers();
			Disposable subscription = client.document("subscription { alertRaised { id kind person { id } } }")
				.retrieveSubscription("alertRaised")
				.toEntity(Map.class)
				.subscribe(pushed::add, failures::add);
			try {
				await("the subscription held", () -> otherDelivery.subscribers() > before || !failures.isEmpty());
				for (int i = 0; i < 20; i++) {
					arrears();
				}
				fannedOut();
				await("twenty pushes", () -> kindsOf(pushed).stream().filter("ARREARS_RECORDED"::equals).count() >= 20);
				assertThat(failures).isEmpty();
				List<Object> ids = pushed.stream()
					.filter((alert) -> "ARREARS_RECORDED".equals(alert.get("kind")))
					.map((alert) -> alert.get("id"))
					.toList();
				assertThat(ids).hasSize(20).doesNotHaveDuplicates();
			}
			finally {
				subscription.dispose();
				client.stop().block(Duration.ofSeconds(5));
			}
			// each event fanned out once, by one instance or the other: one recipient row
			// per event and recipient (the case lead, the département's case workers, the
			// CAF's agents), one receipt per reader
			assertThat(Fixtures.count(
					"SELECT count(*) FROM passerelle.alert_recipient r JOIN passerelle.alert_event e"
							+ " ON e.id = r.event_id WHERE e.person_id = ?::uuid AND e.kind = 'ARREARS_RECORDED'",
					this.person))
				.isEqualTo(21 * 3);
			// the inbox of either instance lists each once
			assertThat(kinds("referent.asso", null).stream().filter("ARREARS_RECORDED"::equals).count()).isEqualTo(21);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> elsewhere = (List<Map<String, Object>>) Answer
				.ask(other.as("referent.asso"), INBOX, Map.of("first", 100))
				.at("alerts.edges");
			assertThat(elsewhere.stream()
				.map((edge) -> (Map<?, ?>) edge.get("node"))
				.filter((node) -> "ARREARS_RECORDED".equals(node.get("kind")) && node.get("person") != null
						&& this.person.equals(((Map<?, ?>) node.get("person")).get("id")))
				.count()).isEqualTo(21);
		}
	}

}

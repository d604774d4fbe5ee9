package fr.passerelle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.InstanceOfAssertFactories;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.RecordedSpans;
import fr.passerelle.support.Telemetry;

/**
 * The newcomer's walkthrough of {@code docs/walkthrough.md}, run from the very documents
 * and variables in {@code docs/examples/walkthrough/}: if the documentation stops being
 * true, this test fails. And what the hub told its operators meanwhile — logs, metrics,
 * traces — names no one.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class WalkthroughTest {

	private static final Path STEPS = Path.of("docs", "examples", "walkthrough");

	@Autowired
	Partners partners;

	@Autowired
	RecordedSpans spans;

	@Value("${local.server.port}")
	int port;

	private final Map<String, String> values = new HashMap<>();

	/**
	 * The whole walkthrough with the hub's logs at DEBUG and every request traced; then
	 * neither the logs, nor the metrics, nor the traces name Nadia or her daughter, give
	 * her phone, her address, what was written of her or any of her ids.
	 */
	@Test
	void theAssociationRegistersTheLandlordRecordsTheTenancyAndArrearsTheCafSeesOnlyWhatTheConsentAllows(
			CapturedOutput output) {
		this.spans.record();
		List<SpanData> exported;
		try {
			Telemetry.atDebug(this::walkthrough);
		}
		finally {
			exported = this.spans.stop();
		}
		List<String> personal = new ArrayList<>(List.of("Nadia", "Rahmani", "Inès", "06 12 34 56 78", "0612345678",
				"1988-06-14", "Glycines", "dort dans sa voiture", "Sœur à Échirolles"));
		for (String id : List.of("PERSON", "TENANCY", "ORIENTATION", "CONSENT", "PROVISION")) {
			personal.add(this.values.get(id));
		}
		Telemetry.nameNoOne(output.getAll(), Telemetry.metrics(this.port), Telemetry.traces(exported), personal);
	}

	private void walkthrough() {
		this.values.put("TODAY", LocalDate.now().toString());
		this.values.put("NOW", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
		this.values.put("RUN", UUID.randomUUID().toString());

		Answer registered = step("referent.asso", null, "01-register-person");
		String person = (String) registered.at("registerPerson.id");
		this.values.put("PERSON", person);
		assertThat(registered.at("registerPerson.reach")).isEqualTo("INVOLVEMENT");
		assertThat(registered.at("registerPerson.household.members[1].minor")).isEqualTo(true);
		assertThat(step("referent.asso", null, "01-register-person").at("registerPerson.id"))
			.as("the same idempotency key registers no one twice")
			.isEqualTo(person);

		assertThat(step("referent.asso", null, "02-record-consent").at("recordConsent.status")).isEqualTo("ACTIVE");
		Answer measure = step("referent.asso", null, "03-open-measure");
		assertThat(measure.at("recordSupportMeasure.caseLead")).isEqualTo("referent.asso");
		assertThat(measure.at("recordSupportMeasure.provenance.basis")).isEqualTo("MISSION");
		assertThat((List<?>) step("referent.asso", null, "04-assess-needs").at("recordNeedsAssessment.items"))
			.hasSize(4);

		// before the association adds it, the landlord does not know Nadia exists
		assertThat(step("gestion.bailleur", null, "06-record-tenancy").codes()).containsExactly("NOT_FOUND");
		Answer team = step("referent.asso", null, "05-add-to-care-team");
		assertThat(team.at("landlord.kind")).isEqualTo("TENANCY");
		assertThat(team.at("caf.kind")).isEqualTo("BENEFITS");

		Answer tenancy = step("gestion.bailleur", null, "06-record-tenancy");
		assertThat(tenancy.at("recordTenancy.provenance.rule")).isEqualTo("LANDLORD/AGENT/TENANCY/HOUSING_ALLOCATION");
		this.values.put("TENANCY", (String) tenancy.at("recordTenancy.id"));
		assertThat(step("gestion.bailleur", null, "07-record-arrears").codes())
			.as("arrears are the landlord's mission only under eviction prevention")
			.containsExactly("FORBIDDEN");
		Answer arrears = step("gestion.bailleur", "EVICTION_PREVENTION", "07-record-arrears");
		assertThat(arrears.at("recordRentArrears.months")).isEqualTo(2);

		Answer caseLead = step("referent.asso", null, "08-read-file");
		assertThat(caseLead.at("person.supportMeasures[0].type")).isEqualTo("AVDL");
		assertThat(caseLead.at("person.tenancies")).isNull();
		assertThat(caseLead.redaction("person.tenancies")).isEqualTo("TENANCY/NO_CONSENT");

		Answer landlord = step("gestion.bailleur", null, "08-read-file");
		assertThat(landlord.at("person.firstName")).isEqualTo("Nadia");
		assertThat(landlord.at("person.household.members[1].firstName")).isEqualTo("Inès");
		assertThat(landlord.at("person.tenancies[0].monthlyRent")).isEqualTo(412.5);
		assertThat(landlord.redaction("person.supportMeasures")).isEqualTo("SUPPORT_MEASURES/POLICY");
		assertThat(landlord.redaction("person.needsAssessments")).isEqualTo("NEEDS_ASSESSMENT/POLICY");
		assertThat(landlord.redaction("person.healthRecords")).isEqualTo("HEALTH/POLICY");

		Answer caf = step("agent.caf", null, "08-read-file");
		assertThat(caf.at("person.firstName")).isEqualTo("Nadia");
		assertThat((List<?>) caf.at("person.residentialSituations")).as("by consent").isEmpty();
		assertThat(caf.redaction("person.residentialSituations")).isNull();
		assertThat(caf.redaction("person.tenancies")).isEqualTo("TENANCY/NO_CONSENT");
		assertThat(caf.redaction("person.rentArrears")).isEqualTo("RENT_ARREARS/POLICY");
		assertThat(caf.redaction("person.supportMeasures")).isEqualTo("SUPPORT_MEASURES/POLICY");
		assertThat(caf.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.person WHERE last_name = 'Rahmani'"))
			.as("Nadia and Inès, once")
			.isEqualTo(2);

		// the SIAO as the pivot: the association's request reaches the territory's SIAO
		Answer check = step("referent.asso", null, "09-orientation-check");
		assertThat(check.at("orientationCheck.siao.name")).isEqualTo("SIAO de l'Isère");
		assertThat(check.at("orientationCheck.alreadyKnownToSiao")).isEqualTo(false);
		assertThat(step("coord.siao", null, "11-siao-queue").at("person")).as("before the request").isNull();
		Answer requested = step("referent.asso", null, "10-request-orientation");
		assertThat(requested.at("requestOrientation.siao.name")).isEqualTo("SIAO de l'Isère");
		assertThat(requested.at("requestOrientation.provenance.basis")).isEqualTo("CONSENT");
		this.values.put("ORIENTATION", (String) requested.at("requestOrientation.id"));
		Answer siao = step("coord.siao", null, "11-siao-queue");
		assertThat(siao.at("person.firstName")).isEqualTo("Nadia");
		assertThat(siao.redaction("person.phone")).isEqualTo("CONTACT/NO_CONSENT");
		assertThat(siao.at("person.siaoOrientations[0].status")).isEqualTo("REQUESTED");
		Map<String, Object> entry = queueEntry(siao);
		assertThat(entry).as("Nadia in the SIAO's queue").isNotNull();
		assertThat(entry.get("requestedBy")).isEqualTo(Map.of("name", "Association Le Relais"));
		assertThat(entry.get("household")).isEqualTo(Map.of("adults", 1, "children", 1));
		Answer proposed = step("coord.siao", null, "12-propose");
		assertThat(proposed.at("proposeOrientation.orientation.status")).isEqualTo("PROPOSED");
		// her case lead is told a proposal awaits her decision
		awaitAlert("referent.asso", "PROPOSAL_AWAITING_DECISION");
		Answer decided = step("referent.asso", null, "13-decide");
		assertThat(decided.at("decideOrientation.status")).isEqualTo("ACCEPTED");
		assertThat(decided.at("decideOrientation.proposals[0].provider.name")).isEqualTo("Habitat Dauphiné");
		Answer handedOver = step("coord.siao", null, "11-siao-queue");
		assertThat(handedOver.at("person.siaoOrientations[0].status")).as("read-only, for the hand-over")
			.isEqualTo("ACCEPTED");
		assertThat(queueEntry(handedOver)).as("decided: no longer in the queue").isNull();

		// her consent, read back with her, narrowed, then renewed
		Answer consents = step("referent.asso", null, "14-list-consents");
		assertThat((List<?>) consents.at("person.consents")).hasSize(1);
		this.values.put("CONSENT", (String) consents.at("person.consents[0].id"));
		this.values.put("PROVISION", provisionTo(consents, "CAF"));
		assertThat(step("agent.caf", null, "08-read-file").at("person.residentialSituations")).as("before").isNotNull();
		Answer narrowed = step("referent.asso", null, "15-narrow-consent");
		assertThat(narrowed.at("narrowConsent.replaces")).isEqualTo(this.values.get("CONSENT"));
		assertThat(narrowed.at("narrowConsent.history[1].kind")).isEqualTo("NARROWED");
		Answer cafAfter = step("agent.caf", null, "08-read-file");
		assertThat(cafAfter.redaction("person.residentialSituations")).as("the next request")
			.isEqualTo("RESIDENTIAL_SITUATION/NO_CONSENT");
		assertThat(cafAfter.at("person.benefits")).as("what it still shares").isNotNull();
		this.values.put("CONSENT", (String) narrowed.at("narrowConsent.id"));
		Answer renewed = step("referent.asso", null, "16-renew-consent");
		assertThat(renewed.at("extendConsent.replaces")).isEqualTo(this.values.get("CONSENT"));
		assertThat(renewed.at("extendConsent.evidence.method")).isEqualTo("WRITTEN");
		assertThat(renewed.at("extendConsent.history")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(3);
		assertThat((List<?>) renewed.at("extendConsent.provisions")).hasSize(4);
		assertThat(step("agent.caf", null, "08-read-file").redaction("person.residentialSituations"))
			.as("renewed as it was narrowed")
			.isEqualTo("RESIDENTIAL_SITUATION/NO_CONSENT");
	}

	@SuppressWarnings("unchecked")
	private static String provisionTo(Answer consents, String type) {
		return ((List<Map<String, Object>>) consents.at("person.consents[0].provisions")).stream()
			.filter((provision) -> type.equals(provision.get("recipientOrganizationType")))
			.map((provision) -> (String) provision.get("id"))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private void awaitAlert(String user, String kind) {
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
		while (true) {
			Answer inbox = Answer.ask(this.partners.as(user),
					"{ alerts(first: 50) { edges { node { kind person { id } } } } }", Map.of());
			boolean found = ((List<Map<String, Object>>) inbox.at("alerts.edges")).stream()
				.map((edge) -> (Map<String, Object>) edge.get("node"))
				.anyMatch((node) -> kind.equals(node.get("kind")) && node.get("person") != null
						&& this.values.get("PERSON").equals(((Map<String, Object>) node.get("person")).get("id")));
			if (found) {
				return;
			}
			assertThat(System.nanoTime()).as("waiting for " + kind).isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> queueEntry(Answer answer) {
		return ((List<Map<String, Object>>) answer.at("siaoQueue.edges")).stream()
			.map((edge) -> (Map<String, Object>) edge.get("node"))
			.filter((node) -> this.values.get("PERSON").equals(((Map<String, Object>) node.get("person")).get("id")))
			.findFirst()
			.orElse(null);
	}

	private Answer step(String user, String purpose, String name) {
		HttpGraphQlTester tester = (purpose != null) ? this.partners.as(user, purpose) : this.partners.as(user);
		return Answer.ask(tester, read(name + ".graphql"), variables(read(name + ".json")));
	}

	private Map<String, Object> variables(String json) {
		String text = json;
		for (Map.Entry<String, String> value : this.values.entrySet()) {
			text = text.replace("${" + value.getKey() + "}", value.getValue());
		}
		return JsonMapper.builder().build().readValue(text, new TypeReference<Map<String, Object>>() {
		});
	}

	private static String read(String file) {
		try {
			return Files.readString(STEPS.resolve(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

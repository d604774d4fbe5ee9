package fr.passerelle.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.sdk.trace.data.SpanData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.Answer;
import fr.passerelle.support.ConsentInputs;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.RecordedSpans;
import fr.passerelle.support.Telemetry;
import fr.passerelle.support.Tokens;

/**
 * What the hub logs, the metrics it publishes and the traces it exports carry no personal
 * data: after a day's work through the API — a person registered, consenting, followed,
 * housed, in arrears, read by four partners, bad input naming them, a body that is not
 * JSON quoting a name, an unknown id, Karim's file read — the logs written meanwhile
 * (JSON, as production writes them), {@code /actuator/prometheus} and every span exported
 * (names, attributes, events, status) hold none of the persons' names, phones or ids; the
 * metrics count requests, decisions, redactions and refusals by operation, reason and
 * code; the traces show the request, the decision, its SQL and the audit append.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class NoPersonalDataTest {

	private static final String FIRST = "Zéphyrine";

	private static final String LAST = "Observatoire" + UUID.randomUUID().toString().substring(0, 6);

	private static final String PHONE = "06 98 76 54 32";

	@Autowired
	Partners partners;

	@Autowired
	RecordedSpans spans;

	@Value("${local.server.port}")
	int port;

	private Answer ask(String user, String purpose, String document, Map<String, Object> variables) {
		return Answer.ask((purpose != null) ? this.partners.as(user, purpose) : this.partners.as(user), document,
				variables);
	}

	@Test
	void neitherTheLogsNorTheMetricsNorTheTracesNameAnyone(CapturedOutput output) {
		this.spans.record();
		try {
			Telemetry.atDebug(() -> work(output));
		}
		finally {
			this.spans.stop();
		}
	}

	private void work(CapturedOutput output) {
		Map<String, Object> identity = new HashMap<>();
		identity.put("firstName", FIRST);
		identity.put("lastName", LAST);
		identity.put("birthDate", "1990-10-10");
		identity.put("phone", PHONE);
		identity.put("reason", "Rencontrée à l'accueil de jour");
		String person = (String) ask("referent.asso", null, "registerPerson", Map.of("input", identity))
			.at("registerPerson.id");
		Map<String, Object> consent = ConsentInputs.own(person,
				List.of(ConsentInputs.permit(List.of("IDENTITY", "HOUSEHOLD", "TENANCY"),
						List.of("HOUSING_ALLOCATION", "EVICTION_PREVENTION"), null, "LANDLORD")));
		assertThat(ask("referent.asso", null, "recordConsent", Map.of("input", consent)).errors()).isEmpty();
		ask("referent.asso", null, "recordSupportMeasure", Map.of("input", Map.of("personId", person, "type", "AVDL",
				"caseLead", "referent.asso", "startedOn", LocalDate.now().toString(), "intensity", "REGULAR")));
		for (Map.Entry<UUID, String> partner : Map
			.of(DemoOrganizations.LANDLORD.id(), "TENANCY", DemoOrganizations.CAF.id(), "BENEFITS")
			.entrySet()) {
			ask("referent.asso", null, "addToCareTeam", Map.of("input", Map.of("personId", person, "organizationId",
					partner.getKey().toString(), "kind", partner.getValue(), "reason", "Partenaire")));
		}
		String tenancy = (String) ask("gestion.bailleur", null, "recordTenancy",
				Map.of("input",
						Map.of("personId", person, "leaseKind", "SUBLEASE", "dwellingType", "T2", "address",
								"7 rue des Traces, 38000 Grenoble", "startedOn", LocalDate.now().toString(),
								"monthlyRent", 420, "monthlyCharges", 45)))
			.at("recordTenancy.id");
		ask("gestion.bailleur", "EVICTION_PREVENTION", "recordRentArrears", Map.of("input", Map.of("personId", person,
				"tenancyId", tenancy, "amount", 840, "months", 2, "since", LocalDate.now().toString())));
		String file = "query ($id: ID!) { person(id: $id) { id firstName lastName phone careTeam { organization { name } }"
				+ " tenancies { address } rentArrears { amount } consents { id } } }";
		for (String user : List.of("referent.asso", "gestion.bailleur", "agent.caf", "as.departement",
				"referent.autre-asso")) {
			ask(user, null, file, Map.of("id", person));
		}
		ask("referent.asso", null, file, Map.of("id", DemoTerritory.KARIM.toString()));
		// bad input naming the person, and an id that is no one
		Map<String, Object> bad = new HashMap<>(identity);
		bad.put("birthDate", "2999-01-01");
		assertThat(ask("referent.asso", null, "registerPerson", Map.of("input", bad)).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(ask("referent.asso", null, file, Map.of("id", UUID.randomUUID().toString())).at("person")).isNull();
		ask("referent.asso", null, "{ alerts(first: 20) { edges { node { kind person { firstName } } } } }", Map.of());

		String metrics = Telemetry.metrics(this.port);
		// what the metrics do count
		assertThat(metrics).contains("passerelle_requests_total{")
			.contains("operation=\"registerPerson\"")
			.contains("outcome=\"INVALID_INPUT\"")
			.contains("passerelle_decisions_total{")
			.contains("reason=\"NO_CONSENT\"")
			.contains("passerelle_redactions_total{")
			.contains("passerelle_audit_append_seconds_count")
			.contains("hikaricp_connections_active");
		// a body that is not JSON, quoting a name: refused, and quoted nowhere
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.build()
			.post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("referent.asso"))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.bodyValue("{\"query\": \"{ person(id: \\\"" + LAST + "\") { id } }")
			.exchange()
			.expectStatus()
			.is4xxClientError();

		List<SpanData> exported = this.spans.stop();
		// what the traces do show: the request, the decision, its SQL, the audit append,
		// in one trace
		assertThat(exported).extracting(SpanData::getName)
			.contains("passerelle.decision", "sql SELECT", "passerelle.audit.append");
		SpanData decision = exported.stream()
			.filter((span) -> span.getName().equals("passerelle.decision"))
			.findFirst()
			.orElseThrow();
		assertThat(exported).filteredOn((span) -> span.getTraceId().equals(decision.getTraceId()))
			.extracting(SpanData::getName)
			.as("one request's trace")
			.contains("http post /graphql", "sql SELECT", "passerelle.audit.append")
			.anyMatch((name) -> name.equals("graphql query") || name.equals("graphql mutation"));
		String traces = Telemetry.traces(exported);

		String logs = output.getAll();
		List<String> events = logs.lines().filter((line) -> line.contains("access event")).toList();
		assertThat(events).as("structured logs: one JSON object a line, with the trace").allSatisfy((line) -> {
			assertThat(line).startsWith("{").endsWith("}");
			assertThat(JsonMapper.builder().build().readTree(line).path("traceId").asString()).hasSize(32);
		});
		Telemetry.nameNoOne(logs, metrics, traces, List.of(FIRST, LAST, PHONE, PHONE.replace(" ", ""), person, tenancy,
				"Karim", "Belkacem", DemoTerritory.KARIM.toString(), "7 rue des Traces", "Rencontrée"));
	}

}

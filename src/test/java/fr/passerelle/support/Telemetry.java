package fr.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What an operator's tools receive of the hub — its logs, its metrics as Prometheus
 * scrapes them, its traces as a collector receives them — and the check that none of them
 * names anyone.
 */
public final class Telemetry {

	private Telemetry() {
	}

	/** Runs this work with the hub's own logs at their most talkative. */
	public static void atDebug(Runnable work) {
		LoggingSystem logging = LoggingSystem.get(Telemetry.class.getClassLoader());
		logging.setLogLevel("fr.passerelle", LogLevel.DEBUG);
		try {
			work.run();
		}
		finally {
			logging.setLogLevel("fr.passerelle", null);
		}
	}

	/**
	 * {@code /actuator/prometheus}, read with a service account's token as a scraper
	 * would.
	 */
	public static String metrics(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.AUTHORIZATION,
					"Bearer " + Tokens.clientCredentials("passerelle-dashboard", "passerelle-dashboard-dev-secret"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/** Everything a collector receives of these spans. */
	public static String traces(List<SpanData> spans) {
		return spans.stream()
			.map((span) -> span.getName() + " " + span.getAttributes() + " " + span.getStatus() + " " + span.getEvents()
					+ " " + span.getResource().getAttributes() + " " + span.getLinks())
			.collect(Collectors.joining("\n"));
	}

	/** None of the logs, the metrics and the traces holds any of these values. */
	public static void nameNoOne(String logs, String metrics, String traces, Collection<String> personal) {
		assertThat(logs).as("the hub's logs were captured").contains("access event");
		assertThat(traces).as("spans were exported").isNotEmpty();
		for (String value : personal) {
			assertThat(metrics).as("metrics").doesNotContain(value);
			assertThat(logs).as("logs").doesNotContain(value);
			assertThat(traces).as("traces").doesNotContain(value);
		}
	}

}

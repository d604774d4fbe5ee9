package fr.passerelle.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestDatabase;
import fr.passerelle.support.Tokens;

/**
 * The audit's abusive requests, replayed against the limits as shipped (not lowered):
 * refused before any SQL, without a stack trace or the input in the log; and the bounds
 * the database puts on the application role.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ShippedLimitsTest {

	@Autowired
	Partners partners;

	@Autowired
	StatementCounter statements;

	@LocalServerPort
	int port;

	@Test
	void aThousandAliasedCaseloadsAreRefusedBeforeAnySql() {
		long before = this.statements.count();
		String short1000 = IntStream.range(0, 1000)
			.mapToObj((i) -> "c" + i + ":caseload(first:100){totalCount}")
			.collect(Collectors.joining(" ", "{ ", " }"));
		assertThat(Answer.ask(this.partners.as("referent.asso"), short1000, Map.of()).codes())
			.containsExactly("TOO_MANY_ALIASES");
		// with their pages asked, more than the parser reads (15,000 tokens)
		String paged1000 = IntStream.range(0, 1000)
			.mapToObj((i) -> "c" + i + ": caseload(first: 100) { edges { node { id } } }")
			.collect(Collectors.joining(" ", "{ ", " }"));
		assertThat(Answer.ask(this.partners.as("referent.asso"), paged1000, Map.of()).codes())
			.containsExactly("GRAPHQL_PARSE_FAILED");
		assertThat(this.statements.count()).isEqualTo(before);
		// the engine's own refusals carry a stable code too
		assertThat(Answer.ask(this.partners.as("referent.asso"), "{ me { nosuchfield } }", Map.of()).codes())
			.containsExactly("GRAPHQL_VALIDATION_FAILED");
	}

	@Test
	void anEightMegabyteBodyIsRefused() {
		String body = "{\"query\":\"#" + "x".repeat(8 * 1024 * 1024) + "\\n{ me { username } }\"}";
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.build()
			.post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("referent.asso"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
	}

	@Test
	void badInputLeavesNoStackTraceNorTheInputInTheLog(CapturedOutput output) {
		String marker = "Sonde" + UUID.randomUUID().toString().substring(0, 8);
		Answer nul = Answer.ask(this.partners.as("referent.asso"),
				"query ($name: String!) { searchPersons(name: $name) { id } }", Map.of("name", marker + "\u0000"));
		assertThat(nul.codes()).containsExactly("INVALID_INPUT");
		Answer cursor = Answer.ask(this.partners.as("referent.asso"),
				"query ($after: String) { caseload(first: 5, after: $after, orderBy: NAME) { totalCount } }",
				Map.of("after", marker));
		assertThat(cursor.codes()).containsExactly("INVALID_INPUT");
		Answer purpose = Answer.ask(this.partners.as("referent.asso", marker), "{ caseload(first: 1) { totalCount } }",
				Map.of());
		assertThat(purpose.codes()).containsExactly("INVALID_PURPOSE");
		assertThat(output.getAll()).doesNotContain(marker).doesNotContain("\tat fr.passerelle");
	}

	@Test
	void theApplicationRolesStatementsAndTransactionsAreBounded() throws Exception {
		try (Connection app = TestDatabase.get().application(); Statement statement = app.createStatement()) {
			assertThat(setting(statement, "statement_timeout")).isEqualTo("10s");
			assertThat(setting(statement, "idle_in_transaction_session_timeout")).isEqualTo("15s");
			assertThat(setting(statement, "lock_timeout")).isEqualTo("5s");
			assertThat(setting(statement, "transaction_timeout")).isEqualTo("5min");
		}
	}

	private static String setting(Statement statement, String name) throws Exception {
		try (ResultSet row = statement.executeQuery("SHOW " + name)) {
			row.next();
			return row.getString(1);
		}
	}

}

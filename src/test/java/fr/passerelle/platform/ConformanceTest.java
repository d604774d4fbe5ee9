package fr.passerelle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Tokens;

/**
 * The GraphQL-over-HTTP specification's own conformance suite (npm {@code graphql-http},
 * its {@code auditServer}), run against the real hub with a real token: every MUST
 * passes; the SHOULDs and MAYs are written to {@code target/graphql-http-audit.txt}. The
 * audit's documents introspect ({@code __type}), which the hub serves only to the
 * federation gateway's service account: the audit runs with its token. It lives in
 * {@code conformance/}, installed by {@code npm ci --prefix conformance} ({@code .ci/run}
 * does it).
 */
@IntegrationTest
class ConformanceTest {

	private static final Path AUDIT = Path.of("conformance");

	@LocalServerPort
	int port;

	@Test
	void everyMustOfTheGraphQlOverHttpSpecificationPasses() throws IOException, InterruptedException {
		assertThat(AUDIT.resolve("node_modules/graphql-http")).as("the audit is installed: npm ci --prefix conformance")
			.isDirectory();
		Process node = new ProcessBuilder("node", "audit.mjs", "http://localhost:" + this.port + "/graphql",
				Tokens.clientCredentials("passerelle-gateway", "passerelle-gateway-dev-secret"))
			.directory(AUDIT.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		byte[] output = node.getInputStream().readAllBytes();
		assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(node.exitValue()).isZero();
		JsonNode results = JsonMapper.builder().build().readTree(new String(output, StandardCharsets.UTF_8));
		List<String> mustFailures = new ArrayList<>();
		int musts = 0;
		StringBuilder report = new StringBuilder();
		for (JsonNode result : results) {
			String name = result.path("name").asString();
			String status = result.path("status").asString();
			report.append(status).append("  ").append(name).append('\n');
			if (name.startsWith("MUST")) {
				musts++;
				if (!status.equals("ok")) {
					mustFailures.add(name + ": " + result.path("reason").asString());
				}
			}
		}
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "graphql-http-audit.txt"), report.toString());
		assertThat(musts).as("the audit's MUSTs").isGreaterThanOrEqualTo(13);
		assertThat(mustFailures).as("MUSTs of the GraphQL-over-HTTP specification not met").isEmpty();
	}

}

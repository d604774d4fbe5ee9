package fr.passerelle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;
import fr.passerelle.support.TestKeycloak;

/**
 * The privacy officer's console in a real headless Chromium (Debian's {@code chromium},
 * driven by {@code playwright-core} from {@code console-tests/}): log in through
 * Keycloak's page as {@code dpo}, change a policy cell with a reason and see it take
 * effect through the API, acknowledge an emergency access, run the integrity check; a
 * user who is not the privacy officer is refused the console. The script saves a
 * screenshot of each page under {@code target/console-screenshots} (those of
 * {@code docs/console/} come from it). Also: the pages are served without a token under a
 * strict Content-Security-Policy, and tell where Keycloak is.
 */
@IntegrationTest
class ConsoleBrowserTest {

	private static final Path TESTS = Path.of("console-tests");

	private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	@LocalServerPort
	int port;

	@Autowired
	Partners partners;

	@Test
	void thePagesAreServedWithoutATokenUnderAStrictPolicy() throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> redirect = client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/console")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(redirect.statusCode()).isEqualTo(302);
			assertThat(redirect.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/"));

			HttpResponse<String> page = client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/console/")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("<html lang=\"fr\"");
			String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
			assertThat(policy).contains("script-src 'self'")
				.contains("frame-ancestors 'none'")
				.contains("connect-src 'self' " + TestKeycloak.get().url().toString().replaceAll("/+$", ""));
			assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

			HttpResponse<String> config = client
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/console/config.json"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(config.statusCode()).isEqualTo(200);
			assertThat(config.body()).contains("\"clientId\":\"passerelle-console\"").contains("/realms/passerelle");

			// the API itself still needs a token
			HttpResponse<String> api = client
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/graphql"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ me { username } }\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(api.statusCode()).isEqualTo(401);
		}
	}

	@Test
	void thePrivacyOfficerUsesTheConsoleInARealBrowser() throws IOException, InterruptedException {
		Files.createDirectories(SCREENSHOTS);
		ProcessBuilder builder = new ProcessBuilder(List.of("node", "console.test.mjs")).directory(TESTS.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("HUB_URL", "http://localhost:" + this.port);
		builder.environment().put("KEYCLOAK_ADMIN_URL", TestKeycloak.get().url().toString());
		builder.environment().put("SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
		String chromium = System.getenv("CHROMIUM");
		builder.environment().put("CHROMIUM", (chromium != null) ? chromium : "/usr/bin/chromium");
		Process process = builder.start();
		assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("the browser suite ends").isTrue();
		assertThat(process.exitValue()).as("the browser suite (console-tests/console.test.mjs) passes").isZero();
		assertThat(SCREENSHOTS.resolve("politique.png")).exists();
		assertThat(SCREENSHOTS.resolve("refus.png")).exists();
	}

}

package fr.passerelle.platform.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a real Keycloak from the Maven Central distribution
 * ({@code keycloak-quarkus-dist}, unpacked by the build into {@code .local/}) in dev
 * mode, with the realm from {@code keycloak/} imported as is into an in-memory store:
 * every start gets the realm file's exact state. Used by the dev run and by the tests.
 *
 * <p>
 * If a Keycloak already serves the realm on the port (one left running, or started by
 * hand), it is used and not stopped.
 */
public final class KeycloakLauncher implements AutoCloseable {

	/** Master-realm administrator of the dev Keycloak (never used by the hub itself). */
	public static final String DEV_ADMIN = "admin";

	private static final Logger logger = LoggerFactory.getLogger(KeycloakLauncher.class);

	private static final String REALM_RESOURCE = "/keycloak/passerelle-realm.json";

	private final URI url;

	private final String realm;

	private final @Nullable Process process;

	private KeycloakLauncher(URI url, String realm, @Nullable Process process) {
		this.url = url;
		this.realm = realm;
		this.process = process;
	}

	/**
	 * Start Keycloak on localhost, or attach to one that already serves the realm there.
	 * Returns at once; call {@link #awaitReady(Duration)} before asking for tokens.
	 * @param home the unpacked distribution ({@code bin/kc.sh} inside)
	 * @param port the HTTP port
	 * @param realm the realm the hub uses, imported from
	 * {@code keycloak/passerelle-realm.json}
	 * @param log file receiving Keycloak's output
	 */
	public static KeycloakLauncher start(Path home, int port, String realm, Path log) {
		URI url = URI.create("http://localhost:" + port);
		if (serves(url, realm)) {
			logger.info("Using the Keycloak already running at {}", url);
			return new KeycloakLauncher(url, realm, null);
		}
		Path kc = home.resolve("bin/kc.sh");
		if (!Files.isExecutable(kc)) {
			throw new IllegalStateException("No Keycloak distribution at " + home.toAbsolutePath()
					+ ": run the build once (./mvnw generate-resources) or set passerelle.keycloak.url");
		}
		try {
			Path imports = Files.createDirectories(home.resolve("data/import"));
			try (InputStream realmFile = KeycloakLauncher.class.getResourceAsStream(REALM_RESOURCE)) {
				if (realmFile == null) {
					throw new IllegalStateException("Realm file missing from the classpath: " + REALM_RESOURCE);
				}
				Files.copy(realmFile, imports.resolve("passerelle-realm.json"), StandardCopyOption.REPLACE_EXISTING);
			}
			Files.createDirectories(log.toAbsolutePath().getParent());
			ProcessBuilder builder = new ProcessBuilder(
					List.of(kc.toString(), "start-dev", "--http-port=" + port, "--import-realm", "--db=dev-mem"))
				.directory(home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			Map<String, String> environment = builder.environment();
			environment.put("JAVA_HOME", System.getProperty("java.home"));
			environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", DEV_ADMIN);
			environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", DEV_ADMIN);
			Process process = builder.start();
			logger.info("Starting Keycloak {} at {} (output in {})", home.getFileName(), url, log);
			return new KeycloakLauncher(url, realm, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start Keycloak from " + home, ex);
		}
	}

	/** The base URL, e.g. {@code http://localhost:8180}. */
	public URI url() {
		return this.url;
	}

	/**
	 * Wait until the realm answers.
	 * @throws IllegalStateException if Keycloak exited or did not answer in time
	 */
	public void awaitReady(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (!serves(this.url, this.realm)) {
			if (this.process != null && !this.process.isAlive()) {
				throw new IllegalStateException("Keycloak exited with code " + this.process.exitValue());
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Keycloak did not answer at " + this.url + " within " + timeout);
			}
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Keycloak", ex);
			}
		}
	}

	/** Stop the Keycloak this launcher started (and the JVM that kc.sh spawned). */
	@Override
	public void close() {
		Process process = this.process;
		if (process == null || !process.isAlive()) {
			return;
		}
		process.descendants().forEach(ProcessHandle::destroy);
		process.destroy();
		try {
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean serves(URI url, String realm) {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
			HttpRequest request = HttpRequest
				.newBuilder(url.resolve("/realms/" + realm + "/.well-known/openid-configuration"))
				.timeout(Duration.ofSeconds(5))
				.build();
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}

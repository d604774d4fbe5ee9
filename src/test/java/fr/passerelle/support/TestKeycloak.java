package fr.passerelle.support;

import java.nio.file.Path;
import java.time.Duration;

import fr.passerelle.platform.dev.KeycloakLauncher;

/**
 * One real Keycloak for the whole test run, from the Maven Central distribution the build
 * unpacked, with the realm file imported as is. Port 8181 so it does not meet a dev run's
 * Keycloak on 8180.
 */
public final class TestKeycloak {

	public static final String REALM = "passerelle";

	private static KeycloakLauncher instance;

	private TestKeycloak() {
	}

	public static synchronized KeycloakLauncher get() {
		if (instance == null) {
			Path home = Path.of(System.getProperty("passerelle.keycloak.embedded.home", ".local/keycloak-26.5.0"));
			int port = Integer.getInteger("passerelle.test.keycloak-port", 8181);
			KeycloakLauncher launcher = KeycloakLauncher.start(home, port, REALM,
					Path.of("target", "keycloak-test.log"));
			Runtime.getRuntime().addShutdownHook(new Thread(launcher::close));
			launcher.awaitReady(Duration.ofMinutes(4));
			instance = launcher;
		}
		return instance;
	}

}

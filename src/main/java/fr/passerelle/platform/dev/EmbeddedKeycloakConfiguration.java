package fr.passerelle.platform.dev;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.platform.security.KeycloakProperties;

/**
 * The dev run's Keycloak: when no {@code passerelle.keycloak.url} is configured, start
 * the distribution the build unpacked, on {@code passerelle.keycloak.embedded.port}. It
 * is stopped with the hub.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "passerelle.keycloak.url", matchIfMissing = true, havingValue = "__never__")
class EmbeddedKeycloakConfiguration {

	@Bean(destroyMethod = "close")
	KeycloakLauncher embeddedKeycloak(KeycloakProperties keycloak) {
		KeycloakProperties.Embedded embedded = keycloak.embedded();
		return KeycloakLauncher.start(embedded.home(), embedded.port(), keycloak.realm(),
				Path.of(".local", "keycloak.log"));
	}

}

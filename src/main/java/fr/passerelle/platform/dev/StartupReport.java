package fr.passerelle.platform.dev;

import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import fr.passerelle.platform.security.KeycloakProperties;

/**
 * Tells a newcomer where each part is and how to get a token, once the hub and its
 * Keycloak answer. Printed to standard output on purpose: this is the dev run's user
 * interface.
 */
@Component
class StartupReport {

	private static final Logger logger = LoggerFactory.getLogger(StartupReport.class);

	private final ObjectProvider<EmbeddedPostgres> embeddedPostgres;

	private final ObjectProvider<KeycloakLauncher> embeddedKeycloak;

	private final KeycloakProperties keycloak;

	private final Environment environment;

	StartupReport(ObjectProvider<EmbeddedPostgres> embeddedPostgres, ObjectProvider<KeycloakLauncher> embeddedKeycloak,
			KeycloakProperties keycloak, Environment environment) {
		this.embeddedPostgres = embeddedPostgres;
		this.embeddedKeycloak = embeddedKeycloak;
		this.keycloak = keycloak;
		this.environment = environment;
	}

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
			return;
		}
		int port = web.getWebServer().getPort();
		Thread.ofVirtual().name("startup-report").start(() -> report(port));
	}

	private void report(int port) {
		KeycloakLauncher launcher = this.embeddedKeycloak.getIfAvailable();
		if (launcher != null) {
			Duration timeout = this.keycloak.embedded().startupTimeout();
			logger.info("Waiting for Keycloak at {} (first start takes about a minute)", launcher.url());
			try {
				launcher.awaitReady(timeout);
			}
			catch (IllegalStateException ex) {
				logger.error("Keycloak is not answering: {}. See .local/keycloak.log", ex.getMessage());
				return;
			}
		}
		String hub = "http://localhost:" + port;
		StringBuilder report = new StringBuilder("\n\n  Passerelle is up.\n\n");
		report.append("  GraphQL      ").append(hub).append("/graphql  (every request needs a bearer token)\n");
		if (this.environment.getProperty("spring.graphql.graphiql.enabled", Boolean.class, false)) {
			report.append("  GraphiQL     ").append(hub).append("/graphiql  (dev only; paste the token in Headers)\n");
		}
		report.append("  Health       ").append(hub).append("/actuator/health/liveness, /readiness\n");
		EmbeddedPostgres postgres = this.embeddedPostgres.getIfAvailable();
		if (postgres != null) {
			report.append("  PostgreSQL   jdbc:postgresql://localhost:")
				.append(postgres.getPort())
				.append("/postgres  (embedded; data in .local/pgdata)\n");
		}
		report.append("  Keycloak     ").append(this.keycloak.baseUrl());
		report.append((launcher != null) ? "  (embedded; admin console: admin / admin)\n" : "\n");
		report.append(
				"\n  Get a token (demo users, password 'demo': referent.asso, agent.caf, coord.siao, dpo, ...):\n\n");
		report.append("    TOKEN=$(curl -s ")
			.append(this.keycloak.tokenEndpoint())
			.append(" \\\n")
			.append("      -d grant_type=password -d client_id=passerelle-demo -d username=referent.asso -d password=demo \\\n")
			.append("      | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n");
		report.append("    curl -s ")
			.append(hub)
			.append("/graphql -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n")
			.append("      -d '{\"query\":\"{ me { username roles organization { name type territory } } }\"}'\n");
		System.out.println(report);
	}

}

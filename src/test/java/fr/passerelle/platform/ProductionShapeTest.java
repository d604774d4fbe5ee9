package fr.passerelle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import fr.passerelle.platform.dev.KeycloakLauncher;
import fr.passerelle.support.IntegrationTest;

/** Configured with an external database and Keycloak, the hub starts nothing embedded. */
@IntegrationTest
class ProductionShapeTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	DSLContext dsl;

	@Test
	void withExternalDatabaseAndKeycloakNothingEmbeddedStarts() {
		assertThat(this.context.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(KeycloakLauncher.class)).isEmpty();
	}

	/**
	 * Metrics are scraped at /actuator/prometheus: no registry pushes them over OTLP (it
	 * would fail every minute where no collector listens).
	 */
	@Test
	void noMetricsArePushedOverOtlp() {
		assertThat(this.context.getBeanNamesForType(OtlpMeterRegistry.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(PrometheusMeterRegistry.class)).hasSize(1);
	}

	@Test
	void theHubConnectsAsARoleThatOwnsNoTableAndCannotBypassRowLevelSecurity() {
		assertThat(this.dsl.fetchValue("SELECT current_user")).isEqualTo("passerelle_app");
		assertThat(this.dsl.fetchValue("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"))
			.isEqualTo(false);
		assertThat(this.dsl
			.fetchValue("SELECT count(*) FROM pg_tables WHERE schemaname = 'passerelle' AND tableowner = current_user"))
			.isEqualTo(0L);
	}

}

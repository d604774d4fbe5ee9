package fr.passerelle.support;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the hub at the test run's PostgreSQL and Keycloak, the way production is
 * configured: a datasource for the application role, Flyway as the owner, an external
 * Keycloak URL.
 */
public class Infrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestDatabase database = TestDatabase.get();
		Map<String, Object> properties = Map.of("spring.datasource.url", database.url(), "spring.datasource.username",
				TestDatabase.APP_ROLE, "spring.datasource.password", TestDatabase.APP_ROLE, "spring.flyway.user",
				database.ownerUser(), "spring.flyway.password", database.ownerPassword(), "passerelle.keycloak.url",
				TestKeycloak.get().url().toString());
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test-infrastructure", properties));
	}

}

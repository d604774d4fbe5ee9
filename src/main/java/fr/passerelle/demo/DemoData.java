package fr.passerelle.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Fills an empty database once with the demo territory. On by default only for the dev
 * run's embedded database; {@code passerelle.demo.enabled} decides otherwise.
 */
@Component
@Conditional(DemoEnabled.class)
class DemoData implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(DemoData.class);

	private final FlywayConnectionDetails owner;

	private final JdbcConnectionDetails application;

	private final DemoProperties properties;

	DemoData(FlywayConnectionDetails owner, JdbcConnectionDetails application, DemoProperties properties) {
		this.owner = owner;
		this.application = application;
		this.properties = properties;
	}

	/**
	 * Written as the schema owner, like the migrations: the application role cannot
	 * insert rows of persons its viewer does not reach, which is the point of row-level
	 * security.
	 */
	@Override
	public void run(ApplicationArguments args) throws SQLException {
		String url = (this.owner.getJdbcUrl() != null) ? this.owner.getJdbcUrl() : this.application.getJdbcUrl();
		String user = (this.owner.getUsername() != null) ? this.owner.getUsername() : this.application.getUsername();
		String password = (this.owner.getUsername() != null) ? this.owner.getPassword()
				: this.application.getPassword();
		try (Connection connection = DriverManager.getConnection(url, user, password)) {
			DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
			if (DemoTerritory.isPresent(dsl)) {
				logger.info("Demo territory already present: leaving the data as it is");
				// a territory generated before the consent registry: its text, once
				DemoTerritory.publishConsentText(dsl);
				return;
			}
			new DemoTerritory(dsl, this.properties.seed(), LocalDate.now()).generate(this.properties.persons());
		}
	}

	/**
	 * @param enabled whether to generate the demo territory into an empty database
	 * (default: only with the embedded database)
	 * @param seed the generator's seed: same seed, same territory
	 * @param persons how many persons to generate
	 */
	@ConfigurationProperties("passerelle.demo")
	record DemoProperties(Boolean enabled, @DefaultValue("38") long seed, @DefaultValue("200") int persons) {
	}

}

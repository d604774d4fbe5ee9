package fr.passerelle.demo;

import java.time.LocalDate;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
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

	private final DSLContext dsl;

	private final DemoProperties properties;

	DemoData(DSLContext dsl, DemoProperties properties) {
		this.dsl = dsl;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (DemoTerritory.isPresent(this.dsl)) {
			logger.info("Demo territory already present: leaving the data as it is");
			return;
		}
		new DemoTerritory(this.dsl, this.properties.seed(), LocalDate.now()).generate(this.properties.persons());
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

package fr.passerelle;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The Passerelle hub: one federated GraphQL subgraph over the territory's shared support
 * files.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PasserelleApplication {

	/**
	 * The hub's clock: dates of decisions (consent periods, grace periods) are read from
	 * it.
	 */
	@Bean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

	public static void main(String[] args) {
		SpringApplication.run(PasserelleApplication.class, args);
	}

}

package fr.passerelle;

import java.time.Clock;
import java.util.Arrays;

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

	/**
	 * Runs the hub; with {@code migrate} as first argument, only the schema's migration
	 * ({@link Migration}), then ends.
	 */
	public static void main(String[] args) {
		if (args.length > 0 && Migration.COMMAND.equals(args[0])) {
			System.exit(Migration.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(PasserelleApplication.class, args);
	}

}

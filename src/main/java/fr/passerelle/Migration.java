package fr.passerelle;

import java.util.Arrays;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-shot migration ({@code java … fr.passerelle.PasserelleApplication migrate}, the
 * Kubernetes Job {@code passerelle-migrate}): Flyway as the schema owner
 * ({@code SPRING_FLYWAY_USER}/{@code SPRING_FLYWAY_PASSWORD}) brings the schema at
 * {@code SPRING_DATASOURCE_URL} to the hub's version, then the process ends: 0 when the
 * schema is current, 1 otherwise. Nothing else of the hub starts; the hub's instances run
 * with {@code SPRING_FLYWAY_ENABLED=false} and the application role, which never
 * migrates. (Not a {@code @Configuration}: the hub's component scan must not find it.)
 */
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
public class Migration {

	private static final Logger logger = LoggerFactory.getLogger(Migration.class);

	/** The first argument that selects the migration instead of the hub. */
	public static final String COMMAND = "migrate";

	/** Migrates with these arguments (Spring's {@code --name=value}); the exit code. */
	public static int run(String... args) {
		String[] arguments = Stream.concat(Arrays.stream(args), Stream.of("--spring.flyway.enabled=true"))
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Migration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run(arguments)) {
			Flyway flyway = context.getBean(Flyway.class);
			var current = flyway.info().current();
			logger.info("Schema {} at version {}", flyway.getConfiguration().getDefaultSchema(),
					(current != null) ? current.getVersion() : "none");
			return 0;
		}
		catch (RuntimeException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			logger.error(
					"Migration failed ({}: {}); it needs SPRING_DATASOURCE_URL and the schema owner's "
							+ "SPRING_FLYWAY_USER and SPRING_FLYWAY_PASSWORD",
					cause.getClass().getName(), cause.getMessage());
			return 1;
		}
	}

}

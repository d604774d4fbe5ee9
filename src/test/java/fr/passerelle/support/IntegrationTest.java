package fr.passerelle.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole hub on a random port, against the run's real PostgreSQL and real Keycloak,
 * with the demo territory loaded, and {@link Partners} to inject. All such tests share
 * one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "passerelle.demo.enabled=true", "passerelle.keycloak.clock-skew=0s",
				// the tests recompute the statistics when they need them (a run in the
				// background would add to the statements they count)
				"passerelle.statistics.initial-delay=P3650D",
				// the alerts' delivery task wakes on each event (LISTEN), not on a timer
				"passerelle.alerts.poll=PT1H",
				// the access log's partitions are extended by the tests that say so
				"passerelle.audit.partitions.cron=-",
				// every request traced (RecordedSpans), logs as production writes them
				"management.tracing.sampling.probability=1.0", "logging.structured.format.console=ecs",
				// one key for every instance a test starts (ReplicasTest)
				"passerelle.access.cursor-key=" + IntegrationTest.CURSOR_KEY })
@ContextConfiguration(initializers = Infrastructure.class)
@Import({ Partners.Wiring.class, RecordedSpans.Wiring.class })
public @interface IntegrationTest {

	/** The cursor key of the test hubs (32 bytes, base64). */
	String CURSOR_KEY = "cGFzc2VyZWxsZS10ZXN0LWN1cnNvci1rZXktMzJieXQ=";

}

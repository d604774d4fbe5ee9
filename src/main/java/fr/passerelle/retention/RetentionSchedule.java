package fr.passerelle.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The daily retention run, only where {@code passerelle.retention.schedule.enabled=true}
 * (production; off for the dev run and the tests, which would otherwise anonymize the
 * demo territory's old files). Several hub instances may run it at once: each skips the
 * persons another is anonymizing.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "passerelle.retention.schedule.enabled", havingValue = "true")
class RetentionSchedule {

	private static final Logger logger = LoggerFactory.getLogger(RetentionSchedule.class);

	private final Retention retention;

	RetentionSchedule(Retention retention) {
		this.retention = retention;
	}

	@Scheduled(cron = "${passerelle.retention.schedule.cron:0 30 3 * * *}")
	void daily() {
		try {
			this.retention.run(Retention.Actor.RETENTION, false);
		}
		catch (RuntimeException ex) {
			// the next day's run retries: nothing is half done (one transaction per
			// chunk)
			logger.error("The daily retention run failed", ex);
		}
	}

}

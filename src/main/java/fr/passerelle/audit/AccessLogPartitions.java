package fr.passerelle.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the access log's monthly partitions two years ahead, once a day on every instance
 * ({@code passerelle.audit.partitions.cron}, 02:15; "-" turns it off): the migration
 * extends them too, so a hub redeployed at least once every two years never needs it, and
 * one that is not still never writes its events into the default partition. A failed run
 * is logged by class only and tried again the next day.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AccessLogPartitions {

	private static final Logger logger = LoggerFactory.getLogger(AccessLogPartitions.class);

	static final int MONTHS_AHEAD = 24;

	private final AccessLog log;

	AccessLogPartitions(AccessLog log) {
		this.log = log;
	}

	@Scheduled(cron = "${passerelle.audit.partitions.cron:0 15 2 * * *}")
	void extend() {
		try {
			int created = this.log.extendPartitions(MONTHS_AHEAD);
			if (created > 0) {
				logger.info("Access log: {} monthly partitions created ahead", created);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Access log partitions not extended ({}): tried again tomorrow", ex.getClass().getName());
		}
	}

}

package fr.passerelle.statistics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Recomputes the counts on a schedule ({@code passerelle.statistics.refresh-interval},
 * first run shortly after start): the indicators follow the files within that interval.
 * Among replicas, one recomputes at a time and a recent recomputation is not repeated. A
 * failed run is logged by class only and retried at the next.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(StatisticsProperties.class)
class StatisticsSchedule {

	private static final Logger logger = LoggerFactory.getLogger(StatisticsSchedule.class);

	private final Statistics statistics;

	private final StatisticsProperties properties;

	StatisticsSchedule(Statistics statistics, StatisticsProperties properties) {
		this.statistics = statistics;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "${passerelle.statistics.initial-delay:PT20S}",
			fixedDelayString = "${passerelle.statistics.refresh-interval:PT1H}")
	void refresh() {
		try {
			this.statistics.refreshIfDue(this.properties.refreshInterval());
		}
		catch (RuntimeException ex) {
			logger.warn("Statistics not recomputed ({}): the previous counts stay published", ex.getClass().getName());
		}
	}

}

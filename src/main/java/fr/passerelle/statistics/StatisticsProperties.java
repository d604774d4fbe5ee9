package fr.passerelle.statistics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The deployment's statistics settings.
 *
 * @param threshold k: a count below it is suppressed, and a median or share computed on
 * fewer persons (default 11; never below 5 — the hub refuses to start otherwise)
 * @param refreshInterval how often the counts are recomputed from the files (they are
 * also computed at start when never computed)
 */
@ConfigurationProperties("passerelle.statistics")
record StatisticsProperties(@DefaultValue("11") int threshold, @DefaultValue("PT1H") Duration refreshInterval) {

	/** The lowest threshold a deployment may set. */
	static final int MINIMUM_THRESHOLD = 5;

	StatisticsProperties {
		if (threshold < MINIMUM_THRESHOLD) {
			throw new IllegalArgumentException("passerelle.statistics.threshold must be at least " + MINIMUM_THRESHOLD
					+ " (small cells would identify persons); it is " + threshold);
		}
		if (refreshInterval.isNegative() || refreshInterval.isZero()) {
			throw new IllegalArgumentException("passerelle.statistics.refresh-interval must be positive");
		}
	}

}

package fr.passerelle.retention;

import java.time.Period;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import fr.passerelle.access.DataCategory;

/**
 * How long a file is kept after its last activity, and the categories whose free texts
 * are kept for a period of their own
 * ({@code passerelle.retention.periods.SUPPORT_NOTES=P1Y}). A category period longer than
 * the default changes nothing: the whole file is anonymized first.
 *
 * @param defaultPeriod after the person's last activity, the person is anonymized
 * @param periods per category with free texts (those the parts of the file retain,
 * checked by {@link Retention}): an element's free text is scrubbed once the element was
 * last written longer ago
 * @param schedule the daily run
 * @param runOnce {@code dry} or {@code apply}: run once at start, print the report, exit
 */
@ConfigurationProperties("passerelle.retention")
public record RetentionProperties(@DefaultValue("P2Y") Period defaultPeriod,
		@Nullable Map<DataCategory, Period> periods, @DefaultValue Schedule schedule, @Nullable String runOnce) {

	public RetentionProperties {
		requirePositive(defaultPeriod, "passerelle.retention.default-period");
		Map<DataCategory, Period> checked = new EnumMap<>(DataCategory.class);
		if (periods != null) {
			periods.forEach((category, period) -> {
				requirePositive(period, "passerelle.retention.periods." + category);
				checked.put(category, period);
			});
		}
		periods = Collections.unmodifiableMap(checked);
		if (runOnce != null && !runOnce.isBlank() && !runOnce.equals("dry") && !runOnce.equals("apply")) {
			throw new IllegalArgumentException(
					"passerelle.retention.run-once must be 'dry' or 'apply', not '" + runOnce + "'");
		}
	}

	/**
	 * @param enabled whether the hub runs retention every day (off by default; on in
	 * production, see docs/privacy-officer.md)
	 * @param cron when (Spring cron, the hub's time zone)
	 */
	public record Schedule(@DefaultValue("false") boolean enabled, @DefaultValue("0 30 3 * * *") String cron) {
	}

	private static void requirePositive(Period period, String name) {
		if (period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException(name + " must be a positive period (ISO 8601, e.g. P2Y): " + period);
		}
	}

}

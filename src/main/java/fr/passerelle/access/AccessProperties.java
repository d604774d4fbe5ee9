package fr.passerelle.access;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param gracePeriod read-only hand-over period after an involvement ends
 * @param emergencyMaxDuration the longest an emergency access may stay open
 * @param delegationMaxDuration the longest a delegation may last
 * @param cursorKey the key connection cursors are sealed with (32 bytes, base64), shared
 * by every instance; none: a key drawn at start
 */
@ConfigurationProperties("passerelle.access")
public record AccessProperties(@DefaultValue("30d") Duration gracePeriod,
		@DefaultValue("24h") Duration emergencyMaxDuration, @DefaultValue("90d") Duration delegationMaxDuration,
		@Nullable String cursorKey) {
}

package fr.passerelle.platform.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import fr.passerelle.access.ErrorCode;
import fr.passerelle.platform.EdgeProperties;

/**
 * Requests per client and user, counted once the token is validated (after Spring
 * Security's filters): a token bucket (Bucket4j) per {@code azp} and subject, of the
 * client's rate ({@code passerelle.edge.rate-limit}); an empty bucket answers 429 with
 * {@code Retry-After} and {@code RATE_LIMITED}. Buckets live in this instance's memory (a
 * bounded cache, idle ones evicted): behind a load balancer each instance counts its
 * share.
 */
@Component
class RateLimits extends OncePerRequestFilter {

	private final EdgeProperties.RateLimit settings;

	private final Cache<String, Bucket> buckets;

	private final MeterRegistry meters;

	RateLimits(EdgeProperties properties, MeterRegistry meters) {
		this.meters = meters;
		this.settings = properties.rateLimit();
		this.buckets = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterAccess(this.settings.idleEviction())
			.build();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.settings.enabled() || !request.getRequestURI().startsWith("/graphql");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getCredentials() instanceof Jwt jwt)) {
			chain.doFilter(request, response);
			return;
		}
		String client = (jwt.getClaimAsString("azp") != null) ? jwt.getClaimAsString("azp") : "";
		Bucket bucket = this.buckets.get(client + "\u0000" + jwt.getSubject(), (key) -> bucket(client));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		EdgeErrors.write(response, HttpStatus.TOO_MANY_REQUESTS.value(), ErrorCode.RATE_LIMITED,
				"Too many requests from this client: try again in " + seconds + " s", this.meters);
	}

	private Bucket bucket(String client) {
		EdgeProperties.Rate rate = this.settings.rateFor(client);
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(rate.burst())
				.refillGreedy(rate.perSecond(), Duration.ofSeconds(1))
				.build())
			.build();
	}

}

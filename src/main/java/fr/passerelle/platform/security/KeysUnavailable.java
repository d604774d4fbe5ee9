package fr.passerelle.platform.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token the hub cannot check because Keycloak's keys cannot be had (Keycloak does not
 * answer beyond the outage tolerance, or a key id it never saw): 503 with
 * {@code UNAVAILABLE} and {@code Retry-After}, not a 500. Spring Security rethrows such a
 * failure ({@link AuthenticationServiceException}); this filter, outside its chain,
 * answers it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class KeysUnavailable extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(KeysUnavailable.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final MeterRegistry meters;

	KeysUnavailable(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (AuthenticationServiceException ex) {
			logger.warn("A token could not be checked: the realm's keys are unavailable ({})",
					ex.getClass().getSimpleName());
			if (response.isCommitted()) {
				throw ex;
			}
			this.meters.counter("passerelle.http.refusals", "code", "UNAVAILABLE").increment();
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, "30");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			this.json.writeValue(response.getOutputStream(), Map.of("errors", List.of(Map.of("message",
					"The token cannot be checked now (the identity provider's keys are unavailable): try again later",
					"extensions", Map.of("code", "UNAVAILABLE")))));
		}
	}

}

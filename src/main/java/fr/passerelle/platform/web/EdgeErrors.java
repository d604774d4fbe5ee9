package fr.passerelle.platform.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import fr.passerelle.access.ErrorCode;

/** A refusal at the HTTP edge, in the shape of a GraphQL answer. */
final class EdgeErrors {

	private static final JsonMapper json = JsonMapper.builder().build();

	private EdgeErrors() {
	}

	/**
	 * Writes the refusal, counted by code ({@code passerelle.http.refusals}, in
	 * {@code /actuator/metrics}).
	 */
	static void write(HttpServletResponse response, int status, ErrorCode code, String message, MeterRegistry meters)
			throws IOException {
		meters.counter("passerelle.http.refusals", "code", code.name()).increment();
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(),
				Map.of("errors", List.of(Map.of("message", message, "extensions", Map.of("code", code.name())))));
	}

}

package fr.passerelle.platform.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 with the standard {@code WWW-Authenticate: Bearer ...} header and a body a GraphQL
 * client can read: {@code {"errors":[{"message":...,
 * "extensions":{"code":"UNAUTHENTICATED", ...}}]}}. The body says what was wrong with the
 * token (missing, expired, wrong audience, bad signature) and nothing else.
 */
final class UnauthenticatedEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		this.bearer.commence(request, response, exception);
		String reason;
		String message;
		if (exception instanceof OAuth2AuthenticationException oauth) {
			reason = oauth.getError().getErrorCode();
			String description = oauth.getError().getDescription();
			message = "The bearer token was rejected: " + ((description != null) ? description : reason);
		}
		else {
			reason = "missing_token";
			message = "A bearer token from the passerelle realm is required (Authorization: Bearer <token>)";
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), Map.of("errors", List
			.of(Map.of("message", message, "extensions", Map.of("code", "UNAUTHENTICATED", "reason", reason)))));
	}

}

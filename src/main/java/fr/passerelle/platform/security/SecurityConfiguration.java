package fr.passerelle.platform.security;

import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.graphql.server.support.AuthenticationExtractor;
import org.springframework.graphql.server.support.BearerTokenAuthenticationExtractor;
import org.springframework.security.authentication.BadCredentialsException;
import reactor.core.publisher.Mono;
import org.springframework.graphql.server.webmvc.AuthenticationWebSocketInterceptor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every request but health probes (and the dev GraphiQL page itself) needs a Keycloak
 * access token of the passerelle realm: signature from the realm's keys, issuer, expiry,
 * audience {@code passerelle-hub}. This is a resource server validating tokens, not the
 * end-of-life Keycloak adapter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeycloakProperties.class)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, KeycloakProperties keycloak)
			throws Exception {
		UnauthenticatedEntryPoint entryPoint = new UnauthenticatedEntryPoint();
		RequestMatcher console = PathPatternRequestMatcher.withDefaults().matcher("/console/**");
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
			.permitAll()
			// the page only: every query it sends carries the token pasted in its headers
			.requestMatchers("/graphiql", "/graphiql/**")
			.permitAll()
			// the console's static pages and where Keycloak is: no data; the page logs in
			// and sends its token with every query
			.requestMatchers("/console", "/console/**")
			.permitAll()
			// the WebSocket's handshake: browsers cannot send a token with it; the token
			// comes in the connection_init message, checked before any subscription
			// (webSocketAuthentication)
			.requestMatchers("/graphql-ws")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(new ViewerAuthenticationConverter()))
				.authenticationEntryPoint(entryPoint))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// bearer tokens only, never cookies: nothing for a cross-site request to ride
			// on
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(console,
						new StaticHeadersWriter("Content-Security-Policy",
								ConsolePage.contentSecurityPolicy(keycloak))))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(console,
						new StaticHeadersWriter("Referrer-Policy", "no-referrer"))))
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable());
		return http.build();
	}

	/**
	 * Subscriptions over WebSocket: the token in the {@code connection_init} payload
	 * ({@code {"Authorization": "Bearer ..."}}), checked by the same decoder and made the
	 * same viewer as over HTTP; without a valid one the connection is closed.
	 */
	@Bean
	AuthenticationWebSocketInterceptor webSocketAuthentication(JwtDecoder jwtDecoder) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(jwtDecoder);
		provider.setJwtAuthenticationConverter(new ViewerAuthenticationConverter());
		BearerTokenAuthenticationExtractor bearer = new BearerTokenAuthenticationExtractor();
		// no token, no connection (not an anonymous one refused later)
		AuthenticationExtractor required = (payload) -> bearer.getAuthentication(payload)
			.switchIfEmpty(
					Mono.error(() -> new BadCredentialsException("A bearer token is required in connection_init")));
		return new AuthenticationWebSocketInterceptor(required, new ProviderManager(provider));
	}

	/**
	 * Tokens are checked against the realm's keys, fetched from Keycloak and kept: a
	 * token signed with an unknown key triggers at most one fetch per interval, and valid
	 * tokens keep being served while Keycloak does not answer (outage tolerance).
	 */
	@Bean
	JwtDecoder jwtDecoder(KeycloakProperties keycloak) throws MalformedURLException {
		KeycloakProperties.Keys keys = keycloak.keys();
		JWKSource<SecurityContext> source = JWKSourceBuilder
			.<SecurityContext>create(URI.create(keycloak.jwkSetUri()).toURL(),
					new DefaultResourceRetriever((int) keys.connectTimeout().toMillis(),
							(int) keys.readTimeout().toMillis(), JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT))
			.cache(keys.ttl().toMillis(), keys.readTimeout().plus(keys.connectTimeout()).toMillis())
			.refreshAheadCache(keys.refreshAhead().toMillis(), !keys.refreshAhead().isZero())
			.rateLimited(keys.minRefetchInterval().toMillis())
			.outageTolerant(keys.outageTolerance().toMillis())
			.retrying(false)
			.build();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(knownKeysWhenRateLimited(source))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(validator(keycloak));
		return verifiedOnce(decoder, VERIFIED_KEPT);
	}

	/** How long a token whose signature and claims were checked is kept checked. */
	static final Duration VERIFIED_KEPT = Duration.ofSeconds(60);

	/**
	 * A decoder that checks a token's signature and claims once, then for a short while
	 * serves the same token's checked claims again as long as it has not expired: a
	 * front-end sends the same token with every request, and the signature's check was
	 * about a tenth of the hub's CPU on a caseload page. A token is a bearer credential
	 * valid until it expires whatever the hub does; the keys' own cache already keeps a
	 * withdrawn key for minutes, longer than this.
	 */
	static JwtDecoder verifiedOnce(JwtDecoder decoder, Duration kept) {
		Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(kept).build();
		return (token) -> {
			Jwt known = verified.getIfPresent(token);
			if (known != null && known.getExpiresAt() != null && Instant.now().isBefore(known.getExpiresAt())) {
				return known;
			}
			Jwt checked = decoder.decode(token);
			verified.put(token, checked);
			return checked;
		};
	}

	/**
	 * A key id the last keys do not know, within the refetch interval, matches no key:
	 * the token is invalid (401) rather than the keys unavailable (503).
	 */
	static JWKSource<SecurityContext> knownKeysWhenRateLimited(JWKSource<SecurityContext> source) {
		return (selector, context) -> {
			try {
				return source.get(selector, context);
			}
			catch (RateLimitReachedException ex) {
				return List.of();
			}
		};
	}

	static OAuth2TokenValidator<Jwt> validator(KeycloakProperties keycloak) {
		String audience = keycloak.audience();
		return new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(keycloak.clockSkew()),
				new JwtIssuerValidator(keycloak.expectedIssuer()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (aud) -> aud != null && aud.contains(audience)),
				// an access token, not an ID token
				new JwtClaimValidator<String>("typ", "Bearer"::equals)));
	}

}

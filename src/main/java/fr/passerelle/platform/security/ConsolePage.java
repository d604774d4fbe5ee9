package fr.passerelle.platform.security;

import java.net.URI;
import java.util.Map;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The privacy officer's console: static pages of the jar ({@code static/console}), served
 * without a token (they hold no data), which log the user in with Keycloak (authorization
 * code and PKCE, the public client {@code passerelle-console}) and then talk to the
 * GraphQL API like any front-end. The page learns where Keycloak is from
 * {@code /console/config.json}. Its Content-Security-Policy lets scripts come only from
 * the hub and connections go only to the hub and Keycloak.
 */
@RestController
class ConsolePage {

	static final String CLIENT_ID = "passerelle-console";

	private final KeycloakProperties keycloak;

	ConsolePage(KeycloakProperties keycloak) {
		this.keycloak = keycloak;
	}

	@GetMapping(path = "/console/config.json", produces = "application/json")
	ResponseEntity<Map<String, String>> config() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(Map.of("issuer", this.keycloak.expectedIssuer(), "clientId", CLIENT_ID, "graphql", "/graphql"));
	}

	/**
	 * The policy of the console's pages: the hub's own scripts and styles, connections to
	 * the hub and to Keycloak (the token endpoint), never framed.
	 */
	static String contentSecurityPolicy(KeycloakProperties keycloak) {
		URI issuer = URI.create(keycloak.expectedIssuer());
		String origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' "
				+ origin + "; form-action 'self' " + origin
				+ "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
	}

	/**
	 * {@code /console} and {@code /console/} (where Keycloak sends the user back) show
	 * the page.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Routes implements WebMvcConfigurer {

		@Override
		public void addViewControllers(ViewControllerRegistry registry) {
			registry.addRedirectViewController("/console", "/console/");
			registry.addViewController("/console/").setViewName("forward:/console/index.html");
		}

	}

}

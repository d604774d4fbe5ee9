package fr.passerelle.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import fr.passerelle.PasserelleApplication;

/**
 * The hub for jqwik properties. jqwik runs no Jupiter extension, so the properties cannot
 * share {@code @IntegrationTest}'s context: this one is started on first use, with the
 * same infrastructure and properties, shared by every property class of the run and
 * closed when the JVM ends. ({@code net.jqwik:jqwik-spring} 0.12.0 implements JUnit 5's
 * {@code ExtensionContext} and {@code Store}, and Spring Framework 7's
 * {@code SpringExtension} calls {@code Store.computeIfAbsent}, which that adapter lacks.)
 */
public final class PropertyHub {

	private static @Nullable ConfigurableApplicationContext hub;

	private static @Nullable Partners partners;

	private record IssuedToken(String value, Instant issuedAt) {
	}

	private static final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();

	private PropertyHub() {
	}

	/** Starts the hub if it is not running yet. */
	public static synchronized void start() {
		if (hub == null) {
			ConfigurableApplicationContext started = new SpringApplicationBuilder(PasserelleApplication.class)
				.initializers(new Infrastructure())
				.run("--server.port=0", "--passerelle.demo.enabled=true", "--passerelle.keycloak.clock-skew=0s");
			Runtime.getRuntime().addShutdownHook(new Thread(started::close));
			partners = new Partners(started.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
			hub = started;
		}
	}

	/**
	 * A tester for a demo user, with a real token renewed well before Keycloak's 5
	 * minutes run out, declaring this purpose (or none).
	 */
	public static HttpGraphQlTester as(String username, @Nullable String purpose) {
		start();
		HttpGraphQlTester tester = partners.withToken(token(username));
		return (purpose != null) ? tester.mutate().header("Passerelle-Purpose", purpose).build() : tester;
	}

	private static String token(String username) {
		IssuedToken token = tokens.get(username);
		if (token == null || token.issuedAt().plus(Duration.ofMinutes(3)).isBefore(Instant.now())) {
			token = new IssuedToken(Tokens.password(Tokens.DEMO_CLIENT, username, "demo"), Instant.now());
			tokens.put(username, token);
		}
		return token.value();
	}

}

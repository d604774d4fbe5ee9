package fr.passerelle.support;

import java.time.Duration;
import java.util.function.IntSupplier;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One {@link HttpGraphQlTester} per demo user, each carrying that user's real token.
 * Every {@link IntegrationTest} can have it injected.
 */
public final class Partners {

	private final IntSupplier port;

	private HttpGraphQlTester anonymous;

	public Partners(int port) {
		this(() -> port);
	}

	/**
	 * @param port read on first use: the server's port is known once it has started
	 */
	public Partners(IntSupplier port) {
		this.port = port;
	}

	/** The GraphQL endpoint these testers ask. */
	public String url() {
		return "http://localhost:" + this.port.getAsInt() + "/graphql";
	}

	/** A tester for a demo user ({@code referent.asso}, {@code agent.caf}, ...). */
	public HttpGraphQlTester as(String username) {
		return withToken(Tokens.of(username));
	}

	/**
	 * A tester for a demo user declaring a purpose in the {@code Passerelle-Purpose}
	 * header.
	 */
	public HttpGraphQlTester as(String username, String purpose) {
		return as(username).mutate().header("Passerelle-Purpose", purpose).build();
	}

	public HttpGraphQlTester withToken(String token) {
		return anonymous().mutate()
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.build();
	}

	private synchronized HttpGraphQlTester anonymous() {
		if (this.anonymous == null) {
			// generous: two shared cores may be busy with a parallel build
			this.anonymous = HttpGraphQlTester
				.create(WebTestClient.bindToServer().baseUrl(url()).responseTimeout(Duration.ofSeconds(30)).build());
		}
		return this.anonymous;
	}

	/** Makes {@link Partners} injectable in integration tests. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Wiring {

		@Bean
		Partners partners(Environment environment) {
			return new Partners(() -> environment.getRequiredProperty("local.server.port", Integer.class));
		}

	}

}

package fr.passerelle.support;

import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One {@link HttpGraphQlTester} per demo user, each carrying that user's real token. */
public final class Partners {

	private final HttpGraphQlTester anonymous;

	public Partners(int port) {
		this.anonymous = HttpGraphQlTester
			.create(WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql").build());
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
		return this.anonymous.mutate()
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.build();
	}

}

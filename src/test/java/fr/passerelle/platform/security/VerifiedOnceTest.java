package fr.passerelle.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * A token's signature and claims are checked once, then kept checked for a short while,
 * never beyond its expiry; a token refused once is checked again every time.
 */
class VerifiedOnceTest {

	private final AtomicInteger checks = new AtomicInteger();

	private Instant expiry = Instant.now().plusSeconds(300);

	private final JwtDecoder checking = (token) -> {
		this.checks.incrementAndGet();
		if (token.startsWith("bad")) {
			throw new BadJwtException("refused");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("user")
			.issuedAt(Instant.now().minusSeconds(10))
			.expiresAt(this.expiry)
			.build();
	};

	@Test
	void theSameTokenIsCheckedOnce() {
		JwtDecoder decoder = SecurityConfiguration.verifiedOnce(this.checking, Duration.ofSeconds(60));
		Jwt first = decoder.decode("token-a");
		Jwt again = decoder.decode("token-a");
		assertThat(again).isSameAs(first);
		assertThat(this.checks).hasValue(1);
		decoder.decode("token-b");
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void anExpiredTokenIsCheckedAgain() {
		JwtDecoder decoder = SecurityConfiguration.verifiedOnce(this.checking, Duration.ofSeconds(60));
		this.expiry = Instant.now().minusSeconds(1);
		decoder.decode("token-c");
		decoder.decode("token-c");
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void aRefusedTokenIsNeverKept() {
		JwtDecoder decoder = SecurityConfiguration.verifiedOnce(this.checking, Duration.ofSeconds(60));
		assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
		assertThat(this.checks).hasValue(2);
	}

}

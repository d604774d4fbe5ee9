package fr.passerelle.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Purpose;

/**
 * One access event and its canonical form: the text whose SHA-256 is the event's hash.
 * The canonical form covers every column, the previous event's hash included, so editing,
 * deleting or reordering an event breaks the chain from there on. The purpose is null for
 * a request refused because it declared none that exists.
 */
record AccessEvent(long seq, Instant occurredAt, String requestId, String userId, String username,
		@Nullable UUID organizationId, @Nullable Purpose purpose, String operation, List<?> persons,
		String previousHash) {

	/** The hash before the first event. */
	static final String GENESIS = "0".repeat(64);

	private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	String canonical() {
		return String.join("\n", "passerelle-access-event/1", "seq=" + this.seq,
				"occurredAt=" + MICROS.format(this.occurredAt), "requestId=" + this.requestId, "userId=" + this.userId,
				"username=" + this.username,
				"organizationId=" + ((this.organizationId != null) ? this.organizationId : ""),
				"purpose=" + ((this.purpose != null) ? this.purpose.name() : ""), "operation=" + this.operation,
				"persons=" + json(this.persons), "previousHash=" + this.previousHash);
	}

	String hash() {
		return CanonicalJson.sha256(canonical());
	}

	/**
	 * Canonical JSON (RFC 8785): the same text whether built by the hub or read back from
	 * jsonb.
	 */
	static String json(@Nullable Object value) {
		return CanonicalJson.write(value);
	}

}

package fr.passerelle.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Purpose;

/**
 * One access event and its canonical form: the text whose SHA-256 is the event's hash.
 * The canonical form covers every column, the previous event's hash included, so editing,
 * deleting or reordering an event breaks the chain from there on.
 */
record AccessEvent(long seq, Instant occurredAt, String requestId, String userId, String username,
		@Nullable UUID organizationId, Purpose purpose, String operation, List<?> persons, String previousHash) {

	/** The hash before the first event. */
	static final String GENESIS = "0".repeat(64);

	private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	String canonical() {
		return String.join("\n", "passerelle-access-event/1", "seq=" + this.seq,
				"occurredAt=" + MICROS.format(this.occurredAt), "requestId=" + this.requestId, "userId=" + this.userId,
				"username=" + this.username,
				"organizationId=" + ((this.organizationId != null) ? this.organizationId : ""),
				"purpose=" + this.purpose.name(), "operation=" + this.operation, "persons=" + json(this.persons),
				"previousHash=" + this.previousHash);
	}

	String hash() {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** JSON with keys sorted and no whitespace: the same text before and after jsonb. */
	static String json(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		json(value, out);
		return out.toString();
	}

	private static void json(@Nullable Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			Map<String, @Nullable Object> sorted = new TreeMap<>();
			map.forEach((key, item) -> sorted.put(String.valueOf(key), item));
			boolean first = true;
			for (Map.Entry<String, @Nullable Object> entry : sorted.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				string(entry.getKey(), out);
				out.append(':');
				json(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				json(list.get(i), out);
			}
			out.append(']');
		}
		else if (value instanceof Boolean || value instanceof Number) {
			out.append(value);
		}
		else {
			string(value.toString(), out);
		}
	}

	private static void string(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}

package fr.passerelle.audit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * JSON in the canonical form of RFC 8785 (JCS), so that a document has exactly one
 * serialization and its SHA-256 can be recomputed by anyone from the text alone: object
 * keys sorted by their UTF-16 code units, no insignificant whitespace, strings escaped as
 * ECMAScript's {@code JSON.stringify} does, numbers as ECMAScript prints them. The
 * documents hold only strings, booleans, integers, decimal amounts, lists and maps; a
 * number that a double cannot hold exactly is refused rather than silently rounded.
 */
public final class CanonicalJson {

	private static final long MAX_EXACT_INTEGER = 1L << 53;

	private static final BigDecimal MAX_PLAIN = new BigDecimal("1e21");

	private static final BigDecimal MIN_PLAIN = new BigDecimal("1e-6");

	private CanonicalJson() {
	}

	/** The canonical serialization of a tree of maps, lists and scalars. */
	public static String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	/** SHA-256, lowercase hex, of the text's UTF-8 bytes. */
	public static String sha256(String json) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

	private static void write(@Nullable Object value, StringBuilder out) {
		switch (value) {
			case null -> out.append("null");
			case String text -> string(text, out);
			case Boolean flag -> out.append(flag);
			case Integer number -> integer(number, out);
			case Long number -> integer(number, out);
			case BigDecimal number -> decimal(number, out);
			case Map<?, ?> map -> object(map, out);
			case Collection<?> list -> array(list, out);
			default -> throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
		}
	}

	private static void object(Map<?, ?> map, StringBuilder out) {
		Map<String, @Nullable Object> sorted = new TreeMap<>();
		map.forEach((key, value) -> {
			if (!(key instanceof String name)) {
				throw new IllegalArgumentException("JSON keys are strings: " + key);
			}
			sorted.put(name, value);
		});
		out.append('{');
		boolean first = true;
		for (Map.Entry<String, @Nullable Object> entry : sorted.entrySet()) {
			if (!first) {
				out.append(',');
			}
			first = false;
			string(entry.getKey(), out);
			out.append(':');
			write(entry.getValue(), out);
		}
		out.append('}');
	}

	private static void array(Collection<?> list, StringBuilder out) {
		out.append('[');
		boolean first = true;
		for (Object element : list) {
			if (!first) {
				out.append(',');
			}
			first = false;
			write(element, out);
		}
		out.append(']');
	}

	private static void integer(long number, StringBuilder out) {
		if (Math.abs(number) > MAX_EXACT_INTEGER) {
			throw new IllegalArgumentException(number + " is not exactly representable in JSON (IEEE 754 double)");
		}
		out.append(number);
	}

	/**
	 * ECMAScript prints a number between 1e-6 and 1e21 in plain decimal notation with the
	 * fewest digits that identify it: for a decimal of at most 15 significant digits, its
	 * plain form without trailing zeros ({@code 412.50} is {@code 412.5}, {@code 280.00}
	 * is {@code 280}).
	 */
	private static void decimal(BigDecimal number, StringBuilder out) {
		if (number.signum() == 0) {
			out.append('0');
			return;
		}
		BigDecimal stripped = number.stripTrailingZeros();
		BigDecimal magnitude = stripped.abs();
		if (stripped.precision() > 15 || magnitude.compareTo(MAX_PLAIN) >= 0 || magnitude.compareTo(MIN_PLAIN) < 0) {
			throw new IllegalArgumentException(number + " has no exact canonical JSON form here");
		}
		out.append(stripped.toPlainString());
	}

	private static void string(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append("\\u00")
							.append(Character.forDigit(c >> 4, 16))
							.append(Character.forDigit(c & 0xf, 16));
					}
					else if (Character.isSurrogate(c)) {
						if (Character.isHighSurrogate(c) && i + 1 < text.length()
								&& Character.isLowSurrogate(text.charAt(i + 1))) {
							out.append(c).append(text.charAt(++i));
						}
						else {
							throw new IllegalArgumentException(
									"A string holds an unpaired surrogate: not Unicode text");
						}
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

package fr.passerelle.file;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.PersonIds;

/**
 * Validation of the file's inputs. Every failure is {@code INVALID_INPUT} with the
 * field's path ({@code input.startedOn}); validation runs before anything is written.
 */
public final class Inputs {

	/** The largest amount the file records (rent, arrears, benefits), in euros. */
	public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");

	private static final String SNE_NUMBER = "(0[0-9]{2}|02A|02B|97[1-6])[0-9]{2}(0[1-9]|1[0-2])[0-9]{6}[0-9A-Z]{5}";

	private Inputs() {
	}

	/** A required text, trimmed, at most {@code max} characters. */
	public static String required(@Nullable String value, String field, int max) {
		if (value == null || value.isBlank()) {
			throw AccessException.invalid(field, field + " is required");
		}
		return optional(value, field, max);
	}

	/** An optional text, trimmed (blank: null), at most {@code max} characters. */
	public static @Nullable String optional(@Nullable String value, String field, int max) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.length() > max) {
			throw AccessException.invalid(field, field + " is longer than " + max + " characters");
		}
		return trimmed;
	}

	/** A date that has happened (today at the latest). */
	public static LocalDate past(@Nullable LocalDate date, String field, Clock clock) {
		if (date == null) {
			throw AccessException.invalid(field, field + " is required");
		}
		if (date.isAfter(LocalDate.now(clock))) {
			throw AccessException.invalid(field, field + " is in the future");
		}
		if (date.isBefore(LocalDate.of(1900, 1, 1))) {
			throw AccessException.invalid(field, field + " is before 1900");
		}
		return date;
	}

	/** An end date on or after its start. */
	public static @Nullable LocalDate end(@Nullable LocalDate start, @Nullable LocalDate end, String field) {
		if (end != null && start != null && end.isBefore(start)) {
			throw AccessException.invalid(field, field + " is before the start (" + start + ")");
		}
		return end;
	}

	/** An amount in euros: at least 0, at most one million, at most two decimals. */
	public static @Nullable BigDecimal amount(@Nullable BigDecimal amount, String field) {
		if (amount == null) {
			return null;
		}
		if (amount.signum() < 0) {
			throw AccessException.invalid(field, field + " must be at least 0");
		}
		if (amount.compareTo(MAX_AMOUNT) > 0) {
			throw AccessException.invalid(field, field + " is more than " + MAX_AMOUNT);
		}
		if (amount.stripTrailingZeros().scale() > 2) {
			throw AccessException.invalid(field, field + " has more than two decimals");
		}
		return amount;
	}

	/** An id of the schema. */
	public static UUID id(@Nullable String id, String field) {
		UUID uuid = PersonIds.parseOrNull(id);
		if (uuid == null) {
			throw AccessException.invalid(field, field + " is not an id");
		}
		return uuid;
	}

	/**
	 * An SNE number (numéro unique d'enregistrement of a social-housing application):
	 * département (3), year (2), month (2), sequence (6), registering office (5).
	 */
	public static String sneNumber(@Nullable String number, String field) {
		String value = required((number != null) ? number.replace(" ", "") : null, field, 18)
			.toUpperCase(java.util.Locale.ROOT);
		if (!value.matches(SNE_NUMBER)) {
			throw AccessException.invalid(field, field
					+ " is not an SNE number: 18 characters, département (3, e.g. 038), year (2), month (2), sequence (6), registering office (5)");
		}
		return value;
	}

	/** A version sent back for optimistic locking. */
	public static int version(@Nullable Integer version, String field) {
		if (version == null || version < 0) {
			throw AccessException.invalid(field, field + " is required: the version you read");
		}
		return version;
	}

}

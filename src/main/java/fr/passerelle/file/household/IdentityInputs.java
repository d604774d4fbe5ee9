package fr.passerelle.file.household;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.AccessException;
import fr.passerelle.file.Inputs;

/**
 * Validation of identity and contact inputs, with the database's own limits (names of 1
 * to 100 characters, birth dates after 1900, département codes), so that a bad input is
 * an {@code INVALID_INPUT} with its field and never a failed statement.
 */
final class IdentityInputs {

	static final int NAME_MAX = 100;

	private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

	private static final Pattern TERRITORY = Pattern.compile("2A|2B|[0-9]{2}|97[1-6]");

	/** Loosely: something@something.tld, no spaces. */
	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	/** Loosely: digits with spaces, dots, dashes, brackets, an optional leading +. */
	private static final Pattern PHONE = Pattern.compile("\\+?[0-9 .()\\-]+");

	private IdentityInputs() {
	}

	static String name(@Nullable String value, String field) {
		return Inputs.required(value, field, NAME_MAX);
	}

	/** An optional birth date: not in the future, after 1900-01-01. */
	static @Nullable LocalDate birthDate(@Nullable LocalDate date, String field, Clock clock) {
		return (date != null) ? requiredBirthDate(date, field, clock) : null;
	}

	static LocalDate requiredBirthDate(@Nullable LocalDate date, String field, Clock clock) {
		LocalDate past = Inputs.past(date, field, clock);
		if (!past.isAfter(EARLIEST_BIRTH)) {
			throw AccessException.invalid(field, field + " must be after " + EARLIEST_BIRTH);
		}
		return past;
	}

	static @Nullable String phone(@Nullable String value, String field) {
		String phone = Inputs.optional(value, field, 30);
		if (phone != null && (!PHONE.matcher(phone).matches() || digits(phone) < 6 || digits(phone) > 15)) {
			throw AccessException.invalid(field,
					field + " is not a phone number: 6 to 15 digits, with spaces, dots or dashes and an optional +");
		}
		return phone;
	}

	static @Nullable String email(@Nullable String value, String field) {
		String email = Inputs.optional(value, field, 254);
		if (email != null && !EMAIL.matcher(email).matches()) {
			throw AccessException.invalid(field, field + " is not an email address");
		}
		return email;
	}

	/** An INSEE département code (38, 2A, 974), or the default. */
	static String territory(@Nullable String value, String field, String defaultTerritory) {
		String territory = Inputs.optional(value, field, 3);
		if (territory == null) {
			return defaultTerritory;
		}
		territory = territory.toUpperCase(Locale.ROOT);
		if (!TERRITORY.matcher(territory).matches()) {
			throw AccessException.invalid(field, field + " is not a département code (e.g. 38, 2A, 974)");
		}
		return territory;
	}

	private static long digits(String phone) {
		return phone.chars().filter(Character::isDigit).count();
	}

}

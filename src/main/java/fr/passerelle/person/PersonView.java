package fr.passerelle.person;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Disclosed;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.Reach;

/**
 * A person as one viewer reads them: the stored values and the access decision that
 * guards each field (the schema's {@code @category} directives say which category each
 * field is).
 */
public record PersonView(UUID id, String firstName, String lastName, @Nullable LocalDate birthDate,
		@Nullable String phone, @Nullable String email, int identityVersion, PersonAccess access) implements Disclosed {

	public Reach reach() {
		return this.access.reach();
	}

}

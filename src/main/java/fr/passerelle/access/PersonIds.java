package fr.passerelle.access;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Ids as the API receives them: a malformed id is simply an id that matches nothing. */
public final class PersonIds {

	private PersonIds() {
	}

	public static @Nullable UUID parseOrNull(@Nullable String id) {
		if (id == null) {
			return null;
		}
		try {
			return UUID.fromString(id.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}

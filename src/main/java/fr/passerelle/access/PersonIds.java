package fr.passerelle.access;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.schema.DataFetchingEnvironment;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Ids as the API receives them: a malformed id is simply an id that matches nothing. */
public final class PersonIds {

	private PersonIds() {
	}

	/**
	 * The persons a field names by its arguments: {@code personId} wherever it is (an
	 * input object included), the {@code id} of {@code person}, and the Person
	 * representations of federation's {@code _entities}. Malformed ids name no one.
	 */
	public static Set<UUID> named(DataFetchingEnvironment environment) {
		Set<UUID> named = new LinkedHashSet<>();
		collect(environment.getArguments(), named);
		if (environment.getField().getName().equals("person")) {
			UUID id = parseOrNull(String.valueOf((Object) environment.getArgument("id")));
			if (id != null) {
				named.add(id);
			}
		}
		if (environment.getArgument("representations") instanceof List<?> representations) {
			for (Object representation : representations) {
				if (representation instanceof Map<?, ?> map && "Person".equals(map.get("__typename"))
						&& map.get("id") != null) {
					UUID id = parseOrNull(String.valueOf(map.get("id")));
					if (id != null) {
						named.add(id);
					}
				}
			}
		}
		return named;
	}

	private static void collect(@Nullable Object value, Set<UUID> named) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, nested) -> {
				if ("personId".equals(key) && nested instanceof String text) {
					UUID id = parseOrNull(text);
					if (id != null) {
						named.add(id);
					}
				}
				else {
					collect(nested, named);
				}
			});
		}
		else if (value instanceof List<?> list) {
			list.forEach((nested) -> collect(nested, named));
		}
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

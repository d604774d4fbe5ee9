package fr.passerelle.access;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The shape of a change set the privacy officer sends (the policy matrix, the policy
 * settings, the alert subscriptions): between 1 and a maximum of changes, each cell at
 * most once; {@code INVALID_INPUT} naming the field otherwise.
 */
public final class ChangeSets {

	private ChangeSets() {
	}

	/**
	 * @param cell what makes two changes the same cell
	 */
	public static <T> void check(List<T> changes, int max, Function<T, List<Object>> cell) {
		if (changes.isEmpty() || changes.size() > max) {
			throw AccessException.invalid("changes", "Give between 1 and " + max + " changes");
		}
		Set<List<Object>> cells = new HashSet<>();
		for (int i = 0; i < changes.size(); i++) {
			if (!cells.add(cell.apply(changes.get(i)))) {
				throw AccessException.invalid("changes[" + i + "]", "The same cell appears twice");
			}
		}
	}

}

package fr.passerelle.access;

import java.util.Map;
import java.util.UUID;

/**
 * What one viewer may see of one person, for the request's purpose: the reach, and a
 * decision per category. Only persons the viewer reaches have one.
 */
public record PersonAccess(UUID personId, Reach reach, Map<DataCategory, Decision> decisions) {

	public PersonAccess {
		decisions = Map.copyOf(decisions);
	}

	public Decision decision(DataCategory category) {
		Decision decision = this.decisions.get(category);
		if (decision == null) {
			throw new IllegalStateException("No decision for " + category);
		}
		return decision;
	}

	public boolean discloses(DataCategory category) {
		return decision(category).permitted();
	}

}

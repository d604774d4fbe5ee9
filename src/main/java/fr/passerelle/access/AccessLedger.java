package fr.passerelle.access;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What one request disclosed and refused, person by person and category by category, with
 * the decision behind each: the matter of the request's access event. Filled as fields
 * resolve and elements are written; read once, when the event is written.
 */
public final class AccessLedger {

	/** The reason given for a person the viewer does not reach at all. */
	public static final String NOT_REACHED = "NOT_REACHED";

	private final Map<UUID, Map<DataCategory, Decision>> disclosed = new TreeMap<>();

	private final Map<UUID, Map<DataCategory, String>> refused = new TreeMap<>();

	private final Map<UUID, Boolean> unreached = new TreeMap<>();

	private final Map<UUID, String> office = new TreeMap<>();

	private final Map<UUID, Boolean> answered = new TreeMap<>();

	public synchronized void disclosed(UUID person, Decision decision) {
		this.disclosed.computeIfAbsent(person, (id) -> new EnumMap<>(DataCategory.class))
			.put(decision.category(), decision);
	}

	public synchronized void refused(UUID person, DataCategory category, Reason reason) {
		this.refused.computeIfAbsent(person, (id) -> new EnumMap<>(DataCategory.class)).put(category, reason.name());
	}

	/**
	 * A person the request answered (a node of the answer), whatever fields were asked.
	 */
	public synchronized void reached(UUID person) {
		this.answered.put(person, true);
	}

	/**
	 * The privacy office handed over a person's data outside the access decision (the
	 * export of the whole file, a consent receipt): every category, on this ground
	 * ({@code DATA_SUBJECT_REQUEST}, {@code CONSENT_RECEIPT}).
	 */
	public synchronized void handedOver(UUID person, String ground) {
		this.office.put(person, ground);
	}

	/**
	 * A person asked for who does not exist for the viewer (or does not exist at all).
	 */
	public synchronized void notReached(UUID person) {
		this.unreached.put(person, true);
	}

	public synchronized boolean isEmpty() {
		return this.disclosed.isEmpty() && this.refused.isEmpty() && this.unreached.isEmpty() && this.office.isEmpty()
				&& this.answered.isEmpty();
	}

	/**
	 * The persons of the event, in a stable order (by id, categories in their order):
	 * {@code [{personId, disclosed: [{category, basis, consentId, provisionId, rule}],
	 * refused: [{category, reason}]}]}.
	 */
	public synchronized List<Map<String, @Nullable Object>> persons() {
		TreeMap<UUID, Boolean> ids = new TreeMap<>();
		this.disclosed.keySet().forEach((id) -> ids.put(id, true));
		this.refused.keySet().forEach((id) -> ids.put(id, true));
		this.unreached.keySet().forEach((id) -> ids.put(id, true));
		this.office.keySet().forEach((id) -> ids.put(id, true));
		this.answered.keySet().forEach((id) -> ids.put(id, true));
		List<Map<String, @Nullable Object>> persons = new ArrayList<>();
		for (UUID id : ids.keySet()) {
			List<Map<String, @Nullable Object>> shown = new ArrayList<>();
			this.disclosed.getOrDefault(id, Map.of()).values().forEach((decision) -> {
				Map<String, @Nullable Object> entry = new LinkedHashMap<>();
				entry.put("category", decision.category().name());
				boolean consent = decision.reason() == Reason.CONSENT;
				entry.put("basis", consent ? "CONSENT" : "MISSION");
				entry.put("consentId", (decision.consentId() != null) ? decision.consentId().toString() : null);
				entry.put("provisionId", (decision.provisionId() != null) ? decision.provisionId().toString() : null);
				PolicyRule rule = decision.rule();
				entry.put("rule", (rule != null) ? String.join("/", rule.organizationType().name(), rule.role().name(),
						rule.category().name(), rule.purpose().name()) : null);
				shown.add(entry);
			});
			String ground = this.office.get(id);
			if (ground != null) {
				for (DataCategory category : DataCategory.values()) {
					if (!this.disclosed.getOrDefault(id, Map.of()).containsKey(category)) {
						Map<String, @Nullable Object> entry = new LinkedHashMap<>();
						entry.put("category", category.name());
						entry.put("basis", "PRIVACY_OFFICE");
						entry.put("consentId", null);
						entry.put("provisionId", null);
						entry.put("rule", ground);
						shown.add(entry);
					}
				}
			}
			List<Map<String, @Nullable Object>> hidden = new ArrayList<>();
			if (this.unreached.containsKey(id)) {
				Map<String, @Nullable Object> entry = new LinkedHashMap<>();
				entry.put("category", null);
				entry.put("reason", NOT_REACHED);
				hidden.add(entry);
			}
			this.refused.getOrDefault(id, Map.of()).forEach((category, reason) -> {
				if (!this.disclosed.getOrDefault(id, Map.of()).containsKey(category)) {
					Map<String, @Nullable Object> entry = new LinkedHashMap<>();
					entry.put("category", category.name());
					entry.put("reason", reason);
					hidden.add(entry);
				}
			});
			Map<String, @Nullable Object> person = new LinkedHashMap<>();
			person.put("personId", id.toString());
			person.put("disclosed", shown);
			person.put("refused", hidden);
			persons.add(person);
		}
		return persons;
	}

	public synchronized List<UUID> personIds() {
		TreeMap<UUID, Boolean> ids = new TreeMap<>();
		this.disclosed.keySet().forEach((id) -> ids.put(id, true));
		this.refused.keySet().forEach((id) -> ids.put(id, true));
		this.unreached.keySet().forEach((id) -> ids.put(id, true));
		this.office.keySet().forEach((id) -> ids.put(id, true));
		this.answered.keySet().forEach((id) -> ids.put(id, true));
		return List.copyOf(ids.keySet());
	}

}

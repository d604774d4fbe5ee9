package fr.passerelle.access;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

	private final Map<UUID, String> requestRefused = new TreeMap<>();

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

	/**
	 * A person named by a request refused as a whole, before any decision (a purpose the
	 * role may not use, or none): nothing of them was disclosed, and the event says why.
	 */
	public synchronized void requestRefused(UUID person, ErrorCode code) {
		this.requestRefused.put(person, code.name());
	}

	public synchronized boolean isEmpty() {
		return this.disclosed.isEmpty() && this.refused.isEmpty() && this.unreached.isEmpty() && this.office.isEmpty()
				&& this.answered.isEmpty() && this.requestRefused.isEmpty();
	}

	/**
	 * The persons of the event, in a stable order (by id, categories in their order):
	 * {@code [{personId, disclosed: [{category, basis, consentId, provisionId, rule}],
	 * refused: [{category, reason}]}]}.
	 */
	public synchronized List<Map<String, @Nullable Object>> persons() {
		List<Map<String, @Nullable Object>> persons = new ArrayList<>();
		for (UUID id : ids()) {
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
			if (this.requestRefused.containsKey(id)) {
				Map<String, @Nullable Object> entry = new LinkedHashMap<>();
				entry.put("category", null);
				entry.put("reason", this.requestRefused.get(id));
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

	/**
	 * How many decisions of the request disclosed and refused, by reason (MISSION,
	 * CONSENT, PRIVACY_OFFICE; NO_CONSENT, POLICY, NOT_REACHED...): for the metrics,
	 * which count reasons, never persons.
	 */
	public synchronized Map<String, Map<String, Integer>> tally() {
		Map<String, Integer> disclosedBy = new java.util.TreeMap<>();
		Map<String, Integer> refusedBy = new java.util.TreeMap<>();
		this.disclosed.values()
			.forEach((decisions) -> decisions.values()
				.forEach((decision) -> disclosedBy.merge(decision.reason().name(), 1, Integer::sum)));
		this.office.keySet().forEach((id) -> disclosedBy.merge("PRIVACY_OFFICE", 1, Integer::sum));
		this.refused.forEach((id, reasons) -> reasons.forEach((category, reason) -> {
			if (!this.disclosed.getOrDefault(id, Map.of()).containsKey(category)) {
				refusedBy.merge(reason, 1, Integer::sum);
			}
		}));
		this.unreached.keySet().forEach((id) -> refusedBy.merge(NOT_REACHED, 1, Integer::sum));
		this.requestRefused.values().forEach((code) -> refusedBy.merge(code, 1, Integer::sum));
		return Map.of("disclosed", disclosedBy, "refused", refusedBy);
	}

	public synchronized List<UUID> personIds() {
		return List.copyOf(ids());
	}

	/** Every person of the event, by id. */
	private Set<UUID> ids() {
		Set<UUID> ids = new TreeSet<>();
		ids.addAll(this.disclosed.keySet());
		ids.addAll(this.refused.keySet());
		ids.addAll(this.unreached.keySet());
		ids.addAll(this.office.keySet());
		ids.addAll(this.answered.keySet());
		ids.addAll(this.requestRefused.keySet());
		return ids;
	}

}

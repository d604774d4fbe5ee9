package fr.passerelle.review;

import static fr.passerelle.jooq.Tables.ACCESS_EVENT;
import static fr.passerelle.jooq.Tables.DELEGATION;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.jooq.JSONB;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.Purpose;
import fr.passerelle.access.Role;
import fr.passerelle.support.Fixtures;

/**
 * Access events, emergency accesses and delegations written as the schema owner, below
 * the API: the review reads the log, it does not write it. Event numbers start far above
 * anything the hub itself appends during a test run, and every test names its own users
 * and persons, so the hub's own events never meet these assertions.
 */
final class ReviewFixtures {

	private static final AtomicLong seq = new AtomicLong(10_000_000L);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Path DOCUMENTS = Path.of("docs", "examples", "review");

	private ReviewFixtures() {
	}

	/**
	 * Removes the events written here (the log is append-only: triggers off for this
	 * session), so the hub's own chain, checked by other tests, stays whole after the
	 * class.
	 */
	static void removeEvents() {
		Fixtures.owner((dsl) -> {
			dsl.execute("SET session_replication_role = replica");
			try {
				return dsl.execute("DELETE FROM passerelle.access_event WHERE seq > 10000000");
			}
			finally {
				dsl.execute("SET session_replication_role = origin");
			}
		});
	}

	/**
	 * A GraphQL document of {@code docs/examples/review}, as the documentation shows it.
	 */
	static String document(String name) {
		try {
			return Files.readString(DOCUMENTS.resolve(name + ".graphql"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One person's part of an event: categories disclosed (by mission) and refused. */
	static Map<String, @Nullable Object> person(UUID person, List<DataCategory> disclosed,
			Map<DataCategory, String> refused) {
		List<Map<String, @Nullable Object>> shown = new ArrayList<>();
		for (DataCategory category : disclosed) {
			Map<String, @Nullable Object> entry = new LinkedHashMap<>();
			entry.put("category", category.name());
			entry.put("basis", "MISSION");
			entry.put("consentId", null);
			entry.put("provisionId", null);
			entry.put("rule", "ASSOCIATION/CASE_WORKER/" + category + "/SUPPORT");
			shown.add(entry);
		}
		List<Map<String, @Nullable Object>> hidden = new ArrayList<>();
		refused.forEach((category, reason) -> {
			Map<String, @Nullable Object> entry = new LinkedHashMap<>();
			entry.put("category", category.name());
			entry.put("reason", reason);
			hidden.add(entry);
		});
		Map<String, @Nullable Object> entry = new LinkedHashMap<>();
		entry.put("personId", person.toString());
		entry.put("disclosed", shown);
		entry.put("refused", hidden);
		return entry;
	}

	/** A person disclosed under a consent provision. */
	static Map<String, @Nullable Object> consented(UUID person, DataCategory category, UUID consent, UUID provision) {
		Map<String, @Nullable Object> shown = new LinkedHashMap<>();
		shown.put("category", category.name());
		shown.put("basis", "CONSENT");
		shown.put("consentId", consent.toString());
		shown.put("provisionId", provision.toString());
		shown.put("rule", null);
		return Map.of("personId", person.toString(), "disclosed", List.of(shown), "refused", List.of());
	}

	/** A person the viewer did not reach at all. */
	static Map<String, @Nullable Object> notReached(UUID person) {
		Map<String, @Nullable Object> hidden = new LinkedHashMap<>();
		hidden.put("category", null);
		hidden.put("reason", "NOT_REACHED");
		return Map.of("personId", person.toString(), "disclosed", List.of(), "refused", List.of(hidden));
	}

	/**
	 * Append an event (seq, hashes and request id made up, well-formed).
	 * @return its seq
	 */
	static long event(String username, @Nullable Organization organization, Purpose purpose, String operation,
			OffsetDateTime at, List<Map<String, @Nullable Object>> persons) {
		long number = seq.incrementAndGet();
		UUID[] ids = persons.stream().map((p) -> UUID.fromString((String) p.get("personId"))).toArray(UUID[]::new);
		Fixtures.owner((dsl) -> dsl.insertInto(ACCESS_EVENT)
			.set(ACCESS_EVENT.SEQ, number)
			.set(ACCESS_EVENT.OCCURRED_AT, at)
			.set(ACCESS_EVENT.REQUEST_ID, UUID.randomUUID().toString())
			.set(ACCESS_EVENT.USER_ID, "sub-" + username)
			.set(ACCESS_EVENT.USERNAME, username)
			.set(ACCESS_EVENT.ORGANIZATION_ID, (organization != null) ? organization.id() : null)
			.set(ACCESS_EVENT.PURPOSE, purpose)
			.set(ACCESS_EVENT.OPERATION, operation)
			.set(ACCESS_EVENT.PERSON_IDS, ids)
			.set(ACCESS_EVENT.PERSONS, JSONB.valueOf(json.writeValueAsString(persons)))
			.set(ACCESS_EVENT.PREVIOUS_HASH, sha256("previous " + number))
			.set(ACCESS_EVENT.HASH, sha256("event " + number))
			.execute());
		return number;
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An emergency access opened by this user of this organization over this period. */
	static UUID emergencyAccess(UUID person, String username, Organization organization, OffsetDateTime openedAt,
			OffsetDateTime expiresAt) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.insertInto(EMERGENCY_ACCESS)
			.set(EMERGENCY_ACCESS.ID, id)
			.set(EMERGENCY_ACCESS.PERSON_ID, person)
			.set(EMERGENCY_ACCESS.USER_ID, "sub-" + username)
			.set(EMERGENCY_ACCESS.USERNAME, username)
			.set(EMERGENCY_ACCESS.ORGANIZATION_ID, organization.id())
			.set(EMERGENCY_ACCESS.JUSTIFICATION, "Trouvé en crise sur la voie publique, besoin du référent")
			.set(EMERGENCY_ACCESS.OPENED_AT, openedAt)
			.set(EMERGENCY_ACCESS.EXPIRES_AT, expiresAt)
			.execute());
		return id;
	}

	/** A delegation of a case worker's roles to a colleague over this period. */
	static UUID delegation(Organization organization, String delegator, String delegate, OffsetDateTime startsAt,
			OffsetDateTime endsAt) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.insertInto(DELEGATION)
			.set(DELEGATION.ID, id)
			.set(DELEGATION.ORGANIZATION_ID, organization.id())
			.set(DELEGATION.DELEGATOR_USER_ID, "sub-" + delegator)
			.set(DELEGATION.DELEGATOR_USERNAME, delegator)
			.set(DELEGATION.DELEGATOR_ROLES, new Role[] { Role.CASE_WORKER })
			.set(DELEGATION.DELEGATE_USERNAME, delegate)
			.set(DELEGATION.REASON, "Congés de la référente")
			.set(DELEGATION.STARTS_AT, startsAt)
			.set(DELEGATION.ENDS_AT, endsAt)
			.execute());
		return id;
	}

}

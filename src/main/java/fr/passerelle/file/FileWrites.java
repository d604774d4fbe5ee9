package fr.passerelle.file;

import static fr.passerelle.jooq.Tables.IDEMPOTENCY_KEY;
import static fr.passerelle.jooq.Tables.PERSON;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import graphql.schema.DataFetchingEnvironment;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Decision;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.PolicyRule;
import fr.passerelle.access.Reason;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.access.WriteGrant;
import fr.passerelle.jooq.enums.ElementBasis;

/**
 * How every element of the file is written. A creation is one transaction that claims the
 * idempotency key (if given), inserts the element with its provenance and marks the
 * person's file active; the same key with the same request answers the first result, with
 * another request {@code IDEMPOTENCY_KEY_REUSED}. An update is allowed to the element's
 * author organization only, under the same write decision as a creation, and only from
 * the version the client read ({@code STALE_VERSION} otherwise); it is one transaction
 * too. Validation happens before: on error nothing is written.
 */
@Repository
public class FileWrites {

	private final ViewerTransactions transactions;

	private final AccessDecisions decisions;

	FileWrites(ViewerTransactions transactions, AccessDecisions decisions) {
		this.transactions = transactions;
		this.decisions = decisions;
	}

	/** Inserts the element row with this id and these provenance columns. */
	public interface Insert {

		void insert(DSLContext dsl, UUID id, Map<Field<?>, Object> provenance);

	}

	/** Reads an element back, as the viewer sees it. */
	public interface Reader<T> {

		Optional<T> read(DSLContext dsl, UUID id);

	}

	/**
	 * The changes of an update, given the current row (locked); may refuse with
	 * {@code INVALID_INPUT}, nothing being written then.
	 */
	public interface Changes {

		Map<Field<?>, Object> of(Record current);

	}

	/**
	 * Creates an element.
	 * @param operation the mutation's name (part of what an idempotency key is bound to)
	 * @param request the mutation's input without its idempotency key
	 */
	public <T> T create(AccessContext context, WriteGrant grant, String operation, @Nullable String idempotencyKey,
			Map<String, ?> request, Insert insert, Reader<T> reader) {
		String key = idempotencyKey(idempotencyKey);
		UUID id = UUID.randomUUID();
		return this.transactions.run(context.scope(), (dsl) -> {
			UUID first = (key != null) ? claim(dsl, context, operation, key, request, id) : null;
			// the element comes back in the answer: the access event lists it
			context.ledger().disclosed(grant.personId(), grant.basis());
			if (first != null) {
				return reader.read(dsl, first).orElseThrow(AccessException::notFound);
			}
			insert.insert(dsl, id, provenance(context, grant));
			touch(dsl, grant.personId());
			return reader.read(dsl, id).orElseThrow();
		});
	}

	/** Creates rows that are not an element of an existing person's file. */
	public interface Creation {

		void create(DSLContext dsl, UUID id);

	}

	/**
	 * Creates rows that need no write grant because they are not an element of a file the
	 * viewer already reaches (a person's registration: the caller checks the write
	 * policy), in one transaction under the same idempotency keys as elements.
	 * @return the id of the creation, or of the first one for a retry with the same key
	 */
	public UUID create(AccessContext context, String operation, @Nullable String idempotencyKey, Map<String, ?> request,
			Creation creation) {
		String key = idempotencyKey(idempotencyKey);
		UUID id = UUID.randomUUID();
		return this.transactions.run(context.scope(), (dsl) -> {
			UUID first = (key != null) ? claim(dsl, context, operation, key, request, id) : null;
			if (first != null) {
				return first;
			}
			creation.create(dsl, id);
			return id;
		});
	}

	/**
	 * Claims the idempotency key for the result {@code id}.
	 * @return null when claimed now, the first result's id when the same request claimed
	 * it before
	 * @throws AccessException {@code IDEMPOTENCY_KEY_REUSED} when another request did
	 */
	private static @Nullable UUID claim(DSLContext dsl, AccessContext context, String operation, String key,
			Map<String, ?> request, UUID id) {
		String sha256 = sha256(operation + "\n" + canonical(request));
		int claimed = dsl.insertInto(IDEMPOTENCY_KEY)
			.set(IDEMPOTENCY_KEY.USER_ID, context.viewer().userId())
			.set(IDEMPOTENCY_KEY.KEY, key)
			.set(IDEMPOTENCY_KEY.OPERATION, operation)
			.set(IDEMPOTENCY_KEY.REQUEST_SHA256, sha256)
			.set(IDEMPOTENCY_KEY.RESULT_ID, id)
			.onConflictDoNothing()
			.execute();
		if (claimed == 1) {
			return null;
		}
		var first = dsl.selectFrom(IDEMPOTENCY_KEY)
			.where(IDEMPOTENCY_KEY.USER_ID.eq(context.viewer().userId()), IDEMPOTENCY_KEY.KEY.eq(key))
			.fetchSingle();
		if (!first.getOperation().equals(operation) || !first.getRequestSha256().equals(sha256)) {
			throw new AccessException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
					"This idempotency key was used for another request: use a new key for a new request",
					"input.idempotencyKey");
		}
		return first.getResultId();
	}

	/**
	 * What else an update changes in its transaction, once the element is written and
	 * read back for the answer (an orientation's decision ends the SIAO's involvement).
	 */
	public interface Then {

		/**
		 * @param before the element's row as it was locked, before the change
		 */
		void run(DSLContext dsl, Record before);

	}

	/**
	 * Updates an element from the version the client read.
	 * @param categoryOf the element's category, from its row
	 */
	public <T> T update(AccessContext context, Table<?> table, @Nullable String elementId, int version,
			Function<Record, DataCategory> categoryOf, Changes changes, Reader<T> reader) {
		return update(context, table, elementId, version, categoryOf, changes, (dsl, before) -> {
		}, reader);
	}

	/**
	 * Updates an element from the version the client read, then does what else the change
	 * implies in the same transaction.
	 * @param categoryOf the element's category, from its row
	 */
	public <T> T update(AccessContext context, Table<?> table, @Nullable String elementId, int version,
			Function<Record, DataCategory> categoryOf, Changes changes, Then then, Reader<T> reader) {
		UUID id = PersonIds.parseOrNull(elementId);
		Field<UUID> idField = Provenance.field(table, "id", UUID.class);
		Field<UUID> personField = Provenance.field(table, "person_id", UUID.class);
		Field<Integer> versionField = Provenance.field(table, "version", Integer.class);
		Field<UUID> authorField = Provenance.organizationId(table);
		Record current = (id != null) ? this.transactions.run(context.scope(),
				(dsl) -> dsl.selectFrom(table).where(idField.eq(id)).fetchOne()) : null;
		if (current == null) {
			throw AccessException.notFound();
		}
		DataCategory category = categoryOf.apply(current);
		PersonAccess access = this.decisions.decide(context, current.get(personField)).orElse(null);
		if (access == null || !access.discloses(category)) {
			throw AccessException.notFound();
		}
		WriteGrant grant = this.decisions.authorize(context, access, category);
		if (!current.get(authorField).equals(context.viewer().organization().id())) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only the organization that recorded it may change it");
		}
		return this.transactions.run(context.scope(), (dsl) -> {
			Record locked = dsl.selectFrom(table).where(idField.eq(id)).forUpdate().fetchSingle();
			int stored = locked.get(versionField);
			if (stored != version) {
				throw new AccessException(ErrorCode.STALE_VERSION,
						"This element was changed since you read it (version " + version + ", now " + stored
								+ "): read it again and reapply your change",
						"input.version");
			}
			Map<Field<?>, Object> set = new LinkedHashMap<>(changes.of(locked));
			set.put(versionField, stored + 1);
			set.put(Provenance.field(table, "updated_by", String.class), context.viewer().username());
			set.put(Provenance.field(table, "updated_at", OffsetDateTime.class), DSL.currentOffsetDateTime());
			dsl.update(table).set(set).where(idField.eq(id), versionField.eq(stored)).execute();
			touch(dsl, grant.personId());
			context.ledger().disclosed(grant.personId(), grant.basis());
			T updated = reader.read(dsl, id).orElseThrow();
			then.run(dsl, locked);
			return updated;
		});
	}

	/**
	 * A mutation's raw {@code input} argument without its idempotency key: what the key
	 * is bound to, and which fields a partial update gives.
	 */
	public static Map<String, @Nullable Object> request(DataFetchingEnvironment environment) {
		Map<String, @Nullable Object> input = new LinkedHashMap<>(environment.getArgument("input"));
		input.remove("idempotencyKey");
		return input;
	}

	/**
	 * The provenance columns of an element recorded now by the viewer under this grant.
	 */
	static Map<Field<?>, Object> provenance(AccessContext context, WriteGrant grant) {
		Decision basis = grant.basis();
		Map<Field<?>, Object> columns = new LinkedHashMap<>();
		columns.put(DSL.field(DSL.name("recorded_by_organization_id"), UUID.class),
				context.viewer().organization().id());
		columns.put(DSL.field(DSL.name("recorded_by"), String.class), context.viewer().username());
		boolean consent = basis.reason() == Reason.CONSENT;
		columns.put(DSL.field(DSL.name("basis"), ElementBasis.class),
				consent ? ElementBasis.CONSENT : ElementBasis.MISSION);
		columns.put(DSL.field(DSL.name("basis_consent_id"), UUID.class), consent ? basis.consentId() : null);
		columns.put(DSL.field(DSL.name("basis_provision_id"), UUID.class), consent ? basis.provisionId() : null);
		columns.put(DSL.field(DSL.name("basis_rule"), String.class), consent ? null : rule(basis.rule()));
		return columns;
	}

	private static String rule(@Nullable PolicyRule rule) {
		if (rule == null) {
			throw new IllegalStateException("A mission decision without its rule");
		}
		return String.join("/", rule.organizationType().name(), rule.role().name(), rule.category().name(),
				rule.purpose().name());
	}

	private static void touch(DSLContext dsl, UUID personId) {
		dsl.update(PERSON)
			.set(PERSON.LAST_ACTIVITY_AT, DSL.currentOffsetDateTime())
			.where(PERSON.ID.eq(personId))
			.execute();
	}

	private static @Nullable String idempotencyKey(@Nullable String key) {
		if (key == null) {
			return null;
		}
		if (key.length() < 8 || key.length() > 200 || !key.matches("[A-Za-z0-9._:-]+")) {
			throw AccessException.invalid("input.idempotencyKey",
					"An idempotency key has 8 to 200 letters, digits or . _ : - (a UUID is a good one)");
		}
		return key;
	}

	/** A stable text of a GraphQL input value: keys sorted, nulls kept. */
	static String canonical(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		canonical(value, out);
		return out.toString();
	}

	private static void canonical(@Nullable Object value, StringBuilder out) {
		if (value instanceof Map<?, ?> map) {
			out.append('{');
			new TreeMap<>(stringKeys(map)).forEach((name, item) -> {
				out.append('"').append(name).append("\":");
				canonical(item, out);
				out.append(',');
			});
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			list.forEach((item) -> {
				canonical(item, out);
				out.append(',');
			});
			out.append(']');
		}
		else if (value == null) {
			out.append("null");
		}
		else {
			out.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		}
	}

	private static Map<String, @Nullable Object> stringKeys(Map<?, ?> map) {
		Map<String, @Nullable Object> keys = new LinkedHashMap<>();
		map.forEach((name, item) -> keys.put(String.valueOf(name), item));
		return keys;
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

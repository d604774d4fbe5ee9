package fr.passerelle.audit;

import static fr.passerelle.jooq.Tables.ACCESS_CHAIN_HEAD;
import static fr.passerelle.jooq.Tables.ACCESS_EVENT;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jspecify.annotations.Nullable;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.AccessLedger;
import fr.passerelle.access.AccessScope;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Observed;
import fr.passerelle.access.PrivacyOffice;
import fr.passerelle.access.Purpose;
import fr.passerelle.access.Viewer;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.tables.records.AccessEventRecord;

/**
 * The access log in the database: appends events to the chain (one transaction that locks
 * the chain's head, so events are chained in one order across hub instances) and walks
 * the chain to check it.
 */
@Repository
public class AccessLog {

	private static final Logger logger = LoggerFactory.getLogger(AccessLog.class);

	/**
	 * The GraphQL context's key of the request's id (the one its access events carry).
	 */
	public static final String REQUEST_ID = "passerelle.requestId";

	/**
	 * The request's id for its access events: the client's {@code X-Request-Id} if it is
	 * a plain token of at most 100 characters, a fresh one otherwise.
	 */
	public static String requestId(@Nullable String given) {
		return (given != null && given.matches("[A-Za-z0-9._:-]{1,100}")) ? given : UUID.randomUUID().toString();
	}

	private static final int BATCH = 1000;

	private final DSLContext dsl;

	private final ViewerTransactions transactions;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Appending an event, chain head locked: an observation
	 * {@code passerelle.audit.append} (its timer's histogram is configured in
	 * application.yaml; a span of the request's trace).
	 */
	private final ObservationRegistry observations;

	AccessLog(DSLContext dsl, ViewerTransactions transactions, ObservationRegistry observations) {
		this.observations = observations;
		this.dsl = dsl;
		this.transactions = transactions;
	}

	/** What a request appends; the log numbers, dates and chains it. */
	record Draft(String requestId, String userId, String username, @Nullable UUID organizationId,
			@Nullable Purpose purpose, String operation, List<UUID> personIds, List<?> persons) {
	}

	/**
	 * Records that aggregates were published to this viewer (an analyst, a dashboard):
	 * the event names no person, its purpose is {@code STATISTICS} and its operation says
	 * which indicators and cells were asked. Written in a transaction of its own before
	 * the figures leave; if it cannot be, {@code AUDIT_UNAVAILABLE} and nothing leaves.
	 */
	public long aggregates(Viewer viewer, String requestId, String operation) {
		try {
			return append(new Draft(requestId, viewer.userId(), viewer.username(),
					(viewer.organization() != null) ? viewer.organization().id() : null, Purpose.STATISTICS, operation,
					List.of(), List.of()));
		}
		catch (RuntimeException ex) {
			String incident = UUID.randomUUID().toString();
			// by class only: the message of a database error may quote SQL
			logger.error("Access event of request {} not written (incident {}, {}): figures withheld", requestId,
					incident, ex.getClass().getName());
			throw new AccessException(ErrorCode.AUDIT_UNAVAILABLE, "The access log could not be written (incident "
					+ incident + "): nothing is disclosed; try again later");
		}
	}

	/**
	 * Appends, in this transaction, the access event of what was delivered to this viewer
	 * outside a request's answer (an alert pushed to a subscription); the transaction
	 * commits it with what it records, or neither.
	 */
	public void delivered(DSLContext tx, AccessContext context, String requestId, String operation,
			AccessLedger ledger) {
		Viewer viewer = context.viewer();
		append(tx,
				new Draft(requestId, viewer.userId(), viewer.username(),
						(viewer.organization() != null) ? viewer.organization().id() : null, context.purpose(),
						operation, ledger.personIds(), ledger.persons()));
	}

	/** Appends the event in a transaction of its own; returns its number. */
	long append(Draft draft) {
		return this.dsl.transactionResult((configuration) -> append(configuration.dsl(), draft));
	}

	/**
	 * Appends the event in this transaction (which commits it: the chain's head stays
	 * locked until then); returns its number. Fails if it cannot be written.
	 */
	long append(DSLContext tx, Draft draft) {
		return Observed.observe(this.observations, "passerelle.audit.append", () -> appendObserved(tx, draft));
	}

	private long appendObserved(DSLContext tx, Draft draft) {
		long started = System.nanoTime();
		var head = tx.selectFrom(ACCESS_CHAIN_HEAD).forUpdate().fetchSingle();
		AccessEvent event = new AccessEvent(head.getSeq() + 1, Instant.now().truncatedTo(ChronoUnit.MICROS),
				draft.requestId(), draft.userId(), draft.username(), draft.organizationId(), draft.purpose(),
				draft.operation(), draft.persons(), head.getHash());
		String hash = event.hash();
		// the event and the head's move in one statement (the insert a data-modifying
		// WITH, run once whether or not it is read: the application role may insert
		// events, not read them back)
		var insert = tx.insertInto(ACCESS_EVENT)
			.set(ACCESS_EVENT.SEQ, event.seq())
			.set(ACCESS_EVENT.OCCURRED_AT, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
			.set(ACCESS_EVENT.REQUEST_ID, event.requestId())
			.set(ACCESS_EVENT.USER_ID, event.userId())
			.set(ACCESS_EVENT.USERNAME, event.username())
			.set(ACCESS_EVENT.ORGANIZATION_ID, event.organizationId())
			.set(ACCESS_EVENT.PURPOSE, event.purpose())
			.set(ACCESS_EVENT.OPERATION, event.operation())
			.set(ACCESS_EVENT.PERSON_IDS, draft.personIds().toArray(UUID[]::new))
			.set(ACCESS_EVENT.PERSONS, JSONB.valueOf(AccessEvent.json(event.persons())))
			.set(ACCESS_EVENT.PREVIOUS_HASH, event.previousHash())
			.set(ACCESS_EVENT.HASH, hash);
		var move = tx.update(ACCESS_CHAIN_HEAD)
			.set(ACCESS_CHAIN_HEAD.SEQ, event.seq())
			.set(ACCESS_CHAIN_HEAD.HASH, hash);
		int moved = tx.query("WITH appended AS ({0}) {1}", insert, move).execute();
		if (moved != 1) {
			throw new IllegalStateException("The access chain's head did not move");
		}
		long seq = event.seq();
		// bench/access-log.sh reads these lines to measure what the log adds to a request
		long took = System.nanoTime() - started;
		logger.debug("access event {} appended in {} us", seq, took / 1000);
		return seq;
	}

	/**
	 * Creates the access log's missing monthly partitions from this month to this many
	 * months ahead (V30, with the schema owner's rights); returns how many it created.
	 */
	int extendPartitions(int months) {
		return this.dsl.fetchSingle("SELECT passerelle.ensure_access_event_partitions(?)", months)
			.get(0, Integer.class);
	}

	/**
	 * Walks the whole chain from the first event: each event's number follows the
	 * previous one, its previous hash is the previous event's hash, its hash is the
	 * SHA-256 of its canonical form, and the head names the last event. Reports the first
	 * broken link.
	 */
	IntegrityReport verify() {
		AccessScope office = PrivacyOffice.task("integrity-check");
		// the head as it is now: the walk checks the chain up to it while instances
		// append after it (an event and the head's move commit together)
		var head = this.dsl.selectFrom(ACCESS_CHAIN_HEAD).fetchSingle();
		long last = head.getSeq();
		long expected = 1;
		String previous = AccessEvent.GENESIS;
		long checked = 0;
		while (true) {
			long from = expected;
			List<AccessEventRecord> batch = this.transactions.run(office,
					(tx) -> tx.selectFrom(ACCESS_EVENT)
						.where(ACCESS_EVENT.SEQ.between(from, last))
						.orderBy(ACCESS_EVENT.SEQ)
						.limit(BATCH)
						.fetch());
			for (AccessEventRecord row : batch) {
				if (row.getSeq() != expected) {
					return IntegrityReport.broken(checked, expected,
							"event " + expected + " is missing (the next one is " + row.getSeq() + ")");
				}
				if (!row.getPreviousHash().equals(previous)) {
					return IntegrityReport.broken(checked, row.getSeq(),
							"its previous hash is not the hash of event " + (expected - 1));
				}
				String recomputed = event(row).hash();
				if (!recomputed.equals(row.getHash())) {
					return IntegrityReport.broken(checked, row.getSeq(),
							"its content does not match its hash: it was changed after it was written");
				}
				previous = row.getHash();
				expected++;
				checked++;
			}
			if (batch.size() < BATCH) {
				break;
			}
		}
		if (last != expected - 1 || !head.getHash().equals(previous)) {
			return IntegrityReport.broken(checked, expected - 1 + ((head.getSeq() > expected - 1) ? 1 : 0),
					"the chain's head names event " + head.getSeq() + " but the log ends at event " + (expected - 1)
							+ ": events were removed from its end");
		}
		return IntegrityReport.intact(checked);
	}

	private AccessEvent event(AccessEventRecord row) {
		List<?> persons = this.json.readValue(row.getPersons().data(), List.class);
		return new AccessEvent(row.getSeq(), row.getOccurredAt().toInstant(), row.getRequestId(), row.getUserId(),
				row.getUsername(), row.getOrganizationId(), row.getPurpose(), row.getOperation(), persons,
				row.getPreviousHash());
	}

	/**
	 * The result of a walk of the chain.
	 *
	 * @param firstBroken the number of the first event that breaks the chain
	 */
	public record IntegrityReport(boolean intact, long checkedEvents, @Nullable Long firstBroken,
			@Nullable String problem, OffsetDateTime checkedAt) {

		static IntegrityReport intact(long checked) {
			return new IntegrityReport(true, checked, null, null, OffsetDateTime.now(ZoneOffset.UTC));
		}

		static IntegrityReport broken(long checked, long seq, String problem) {
			return new IntegrityReport(false, checked, seq, "event " + seq + ": " + problem,
					OffsetDateTime.now(ZoneOffset.UTC));
		}

	}

}

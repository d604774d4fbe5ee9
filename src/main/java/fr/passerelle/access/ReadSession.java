package fr.passerelle.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.impl.DefaultConnectionProvider;
import org.jooq.impl.DefaultTransactionProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * One transaction for a whole read request: its first statement sets the viewer's
 * row-level security settings, every read of the request (the access context, the
 * decisions, the parts, the caseload) runs in it, and the request's access event is
 * appended in it before it commits, so the event is durable before the answer leaves and
 * the rows, the decision and the trace are one snapshot.
 * <p>
 * Made by {@link ViewerTransactions#session()} for each GraphQL request and used only
 * once the request is known to be a query ({@link #enable()}); a mutation's writes keep
 * their own transactions (one failed write must not undo another's acknowledged one).
 * Fields of one request may be resolved on several threads: statements are sent one at a
 * time. A statement that fails ends the session (rolled back); the request's later reads
 * run in transactions of their own, as without a session. The connection is taken at the
 * first read and given back by {@link #finish} or {@link #close()}, which the request's
 * interceptor always calls.
 */
public final class ReadSession implements AutoCloseable {

	private final ReentrantLock lock = new ReentrantLock();

	private final DataSource dataSource;

	private final DSLContext template;

	private final ViewerTransactions transactions;

	private volatile boolean enabled;

	private @Nullable Connection connection;

	private @Nullable DSLContext dsl;

	/** The settings set last in this transaction. */
	private @Nullable AccessScope settings;

	private boolean ended;

	ReadSession(DataSource dataSource, DSLContext template, ViewerTransactions transactions) {
		this.dataSource = dataSource;
		this.template = template;
		this.transactions = transactions;
	}

	/** The request is a query: its reads may share this transaction. */
	public void enable() {
		this.enabled = true;
	}

	/**
	 * Whether a read for this scope runs in the session (else in its own transaction).
	 */
	boolean serves(AccessScope scope) {
		return this.enabled && !this.ended && !scope.privacyOffice();
	}

	<T> T run(AccessScope scope, ViewerTransactions.Work<T> work) {
		this.lock.lock();
		try {
			if (this.ended) {
				return this.transactions.transaction(scope, work);
			}
			DSLContext tx = begin();
			try {
				if (!scope.equals(this.settings)) {
					this.transactions.set(tx, scope);
					this.settings = scope;
				}
				return work.run(tx);
			}
			catch (org.springframework.dao.DataAccessException | org.jooq.exception.DataAccessException ex) {
				end(false);
				throw ex;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Runs the request's last work (its access event) in the session's transaction and
	 * commits; if the session read nothing, or ended early, the work runs in a
	 * transaction of its own; with no work, only commits. Fails if the work or the commit
	 * fails: then nothing of the session is kept.
	 */
	public <T> @Nullable T finish(@Nullable Function<DSLContext, T> last) {
		this.lock.lock();
		try {
			this.enabled = false;
			if (this.ended || this.connection == null) {
				this.ended = true;
				return (last != null)
						? this.template.transactionResult((configuration) -> last.apply(configuration.dsl())) : null;
			}
			try {
				T result = (last != null) ? last.apply(this.dsl) : null;
				this.connection.commit();
				end(true);
				return result;
			}
			catch (SQLException ex) {
				end(false);
				throw new CannotGetJdbcConnectionException("The read transaction could not commit", ex);
			}
			catch (RuntimeException ex) {
				end(false);
				throw ex;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Ends the session, rolling back what was not committed; idempotent. */
	@Override
	public void close() {
		this.lock.lock();
		try {
			this.enabled = false;
			end(false);
		}
		finally {
			this.lock.unlock();
		}
	}

	private DSLContext begin() {
		if (this.dsl == null) {
			try {
				Connection opened = this.dataSource.getConnection();
				try {
					opened.setAutoCommit(false);
				}
				catch (SQLException | RuntimeException ex) {
					opened.close();
					throw ex;
				}
				this.connection = opened;
			}
			catch (SQLException ex) {
				throw new CannotGetJdbcConnectionException("No connection for the read transaction", ex);
			}
			DefaultConnectionProvider provider = new DefaultConnectionProvider(this.connection);
			this.dsl = this.template.configuration()
				.derive(provider)
				.derive(new DefaultTransactionProvider(provider))
				.dsl();
		}
		return this.dsl;
	}

	/** Commits (already done) or rolls back, and gives the connection back. */
	private void end(boolean committed) {
		this.ended = true;
		Connection open = this.connection;
		this.connection = null;
		this.dsl = null;
		this.settings = null;
		if (open == null) {
			return;
		}
		try {
			if (!committed) {
				open.rollback();
			}
		}
		catch (SQLException ex) {
			// the connection is lost: the pool discards it
		}
		finally {
			try {
				open.setAutoCommit(true);
			}
			catch (SQLException ex) {
				// idem
			}
			try {
				open.close();
			}
			catch (SQLException ex) {
				// idem
			}
		}
	}

}

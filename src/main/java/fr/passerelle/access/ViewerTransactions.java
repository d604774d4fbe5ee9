package fr.passerelle.access;

import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Runs database work for a viewer in one transaction whose first statement sets, with
 * {@code set_config(name, value, true)}, the settings PostgreSQL's row-level security
 * reads: they vanish at commit, so a pooled connection never carries one viewer's
 * settings into another's transaction.
 */
@Component
public class ViewerTransactions {

	private final DSLContext dsl;

	private final AccessProperties properties;

	private final DataSource dataSource;

	ViewerTransactions(DSLContext dsl, AccessProperties properties, DataSource dataSource) {
		this.dsl = dsl;
		this.properties = properties;
		this.dataSource = dataSource;
	}

	/** A read transaction for one request ({@link ReadSession}). */
	public ReadSession session() {
		return new ReadSession(this.dataSource, this.dsl, this);
	}

	public interface Work<T> {

		T run(DSLContext dsl);

	}

	/**
	 * Runs the work with the scope's settings: in the request's read transaction if it
	 * has one, else in a transaction of its own.
	 */
	public <T> T run(AccessScope scope, Work<T> work) {
		ReadSession session = scope.session();
		if (session != null && session.serves(scope)) {
			return session.run(scope, work);
		}
		return transaction(scope, work);
	}

	<T> T transaction(AccessScope scope, Work<T> work) {
		return this.dsl.transactionResult((configuration) -> {
			DSLContext tx = configuration.dsl();
			set(tx, scope);
			return work.run(tx);
		});
	}

	/** Sets the scope's settings, transaction-locally. */
	void set(DSLContext tx, AccessScope scope) {
		tx.select(
				setting("passerelle.viewer_org",
						(scope.organizationId() != null) ? scope.organizationId().toString() : ""),
				setting("passerelle.viewer_user", scope.userId()),
				setting("passerelle.emergency_persons",
						scope.emergencyPersons()
							.stream()
							.map(Object::toString)
							.collect(Collectors.joining(",", "{", "}"))),
				setting("passerelle.grace_days", Long.toString(this.properties.gracePeriod().toDays())),
				setting("passerelle.privacy_office", scope.privacyOffice() ? "on" : ""),
				// the privacy office's operations (retention, exports, reviews) may
				// run
				// longer than a partner's request (V10 bounds the role's statements)
				setting("statement_timeout", scope.privacyOffice() ? "5min" : "10s"))
			.fetch();
	}

	private static Field<String> setting(String name, String value) {
		return DSL.function("set_config", String.class, DSL.val(name), DSL.val(value), DSL.inline(true));
	}

}

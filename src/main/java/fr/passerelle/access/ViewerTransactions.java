package fr.passerelle.access;

import java.util.stream.Collectors;

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

	ViewerTransactions(DSLContext dsl, AccessProperties properties) {
		this.dsl = dsl;
		this.properties = properties;
	}

	public interface Work<T> {

		T run(DSLContext dsl);

	}

	public <T> T run(AccessScope scope, Work<T> work) {
		return this.dsl.transactionResult((configuration) -> {
			DSLContext tx = configuration.dsl();
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
			return work.run(tx);
		});
	}

	private static Field<String> setting(String name, String value) {
		return DSL.function("set_config", String.class, DSL.val(name), DSL.val(value), DSL.inline(true));
	}

}

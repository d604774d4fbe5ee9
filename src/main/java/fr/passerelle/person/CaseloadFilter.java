package fr.passerelle.person;

import java.util.Collection;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.SqlDecisions;

/**
 * A filter of the caseload a part of the file offers: a field of the GraphQL input
 * {@code CaseloadFilter} (declared in the part's SDL file), the category of the file it
 * reads, and the condition a person must meet. The condition matches only elements the
 * viewer sees in that part ({@link SqlDecisions#sees}): the caseload adds that the
 * category is disclosed for the person, and refuses the filter to a role that may never
 * see the category.
 *
 * @param name the field of {@code CaseloadFilter}
 * @param category what the filter reads
 * @param matcher the condition on the person column
 */
public record CaseloadFilter(String name, DataCategory category, Matcher matcher) {

	/** The condition of a filter given this value, on this person column. */
	@FunctionalInterface
	public interface Matcher {

		Condition matches(AccessContext context, SqlDecisions decision, Object value, Field<UUID> person);

	}

	/**
	 * Whether a value asks for the filter: {@code true}, or a list that is not empty
	 * ({@code false}, {@code null} and {@code []} ask for nothing).
	 */
	public static boolean asked(@Nullable Object value) {
		return Boolean.TRUE.equals(value) || (value instanceof Collection<?> values && !values.isEmpty());
	}

	/** The caseload filters of every part of the file (the file's parts provide them). */
	public interface Source {

		Collection<CaseloadFilter> caseloadFilters();

	}

}

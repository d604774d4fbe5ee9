package fr.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.graphql.test.tester.GraphQlTester;

/** A viewer's whole caseload, walked page by page as a front-end would. */
public final class CaseloadWalk {

	private static final String CASELOAD = """
			query caseloadWalk($after: String, $filter: CaseloadFilter, $orderBy: CaseloadOrder) {
			  caseload(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
			    totalCount pageInfo { hasNextPage endCursor } edges { node { id } }
			  }
			}""";

	private CaseloadWalk() {
	}

	/**
	 * The ids of every person of the caseload with this filter, in this order; every page
	 * answers without error and {@code totalCount} is the number of persons walked.
	 */
	@SuppressWarnings("unchecked")
	public static List<String> ids(GraphQlTester tester, Map<String, ?> filter, String order) {
		List<String> ids = new ArrayList<>();
		String after = null;
		int total;
		do {
			Map<String, Object> variables = new HashMap<>();
			variables.put("after", after);
			variables.put("filter", filter);
			variables.put("orderBy", order);
			Answer page = Answer.ask(tester, CASELOAD, variables);
			assertThat(page.errors()).as("errors of %s", page.map()).isEmpty();
			for (Object edge : (List<Object>) page.at("caseload.edges")) {
				ids.add((String) ((Map<String, Object>) ((Map<String, Object>) edge).get("node")).get("id"));
			}
			total = ((Number) page.at("caseload.totalCount")).intValue();
			after = Boolean.TRUE.equals(page.at("caseload.pageInfo.hasNextPage"))
					? (String) page.at("caseload.pageInfo.endCursor") : null;
		}
		while (after != null);
		assertThat(ids).as("persons walked, and totalCount").hasSize(total).doesNotHaveDuplicates();
		return ids;
	}

}

package fr.passerelle.support;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * A whole GraphQL answer — data, errors, extensions — for tests that assert on all three,
 * as a front-end would read them.
 */
public record Answer(GraphQlResponse response) {

	/**
	 * Run a document from {@code graphql-test/} by name (or an inline document) with
	 * variables.
	 */
	public static Answer ask(GraphQlTester tester, String document, Map<String, ?> variables) {
		GraphQlTester.Request<?> request = document.contains("{") ? tester.document(document)
				: tester.documentName(document);
		variables.forEach(request::variable);
		return new Answer(request.execute().returnResponse());
	}

	public @Nullable Object at(String path) {
		return this.response.field(path).getValue();
	}

	public Map<String, Object> map() {
		return this.response.toMap();
	}

	/** The {@code extensions.code} of each error. */
	public List<Object> codes() {
		return this.response.getErrors().stream().map((e) -> e.getExtensions().get("code")).toList();
	}

	public List<ResponseError> errors() {
		return this.response.getErrors();
	}

	@SuppressWarnings("unchecked")
	public List<Map<String, Object>> redactions() {
		Object redactions = this.response.getExtensions().get("redactions");
		return (redactions != null) ? (List<Map<String, Object>>) redactions : List.of();
	}

	/**
	 * The redaction of one field, e.g. {@code person.phone}, as {@code CATEGORY/REASON},
	 * or null.
	 */
	public @Nullable String redaction(String path) {
		List<String> expected = List.of(path.split("\\."));
		return redactions().stream()
			.filter((r) -> ((List<?>) r.get("path")).stream().map(String::valueOf).toList().equals(expected))
			.map((r) -> r.get("category") + "/" + r.get("reason"))
			.findFirst()
			.orElse(null);
	}

}

package fr.passerelle.access;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import graphql.GraphQLContext;

/** The redactions of one GraphQL request, collected as fields resolve. */
public final class Redactions {

	private static final String KEY = Redactions.class.getName();

	private final List<Redaction> redactions = new CopyOnWriteArrayList<>();

	public static Redactions of(GraphQLContext context) {
		return context.computeIfAbsent(KEY, (key) -> new Redactions());
	}

	public void add(Redaction redaction) {
		this.redactions.add(redaction);
	}

	public List<Redaction> list() {
		return List.copyOf(this.redactions);
	}

}

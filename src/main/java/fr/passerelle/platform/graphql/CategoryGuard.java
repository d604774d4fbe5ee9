package fr.passerelle.platform.graphql;

import java.util.List;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLFieldDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Decision;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.Reason;
import fr.passerelle.access.Redaction;
import fr.passerelle.access.Redactions;

/**
 * The field-level corridor: every field the schema marks {@code @category(name: ...)}
 * resolves only if the access decision carried by its parent ({@link Disclosed}) permits
 * that category. Otherwise it resolves to null and the response lists the redaction. A
 * marked field whose parent carries no decision is redacted too: the guard fails closed,
 * and so does a permitted field of a request whose access context (and so whose access
 * event) is missing. Each decision is written in the request's ledger, the matter of its
 * access event.
 */
@Component
class CategoryGuard extends SimplePerformantInstrumentation {

	static final String DIRECTIVE = "category";

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
			InstrumentationFieldFetchParameters parameters, @Nullable InstrumentationState state) {
		DataCategory category = category(parameters.getEnvironment().getFieldDefinition());
		if (category == null) {
			return dataFetcher;
		}
		return (environment) -> {
			PersonAccess access = (environment.getSource() instanceof Disclosed disclosed) ? disclosed.access() : null;
			Decision decision = (access != null) ? access.decision(category) : null;
			AccessContext context = AccessContexts.opened(environment.getGraphQlContext());
			if (decision != null && decision.permitted() && context != null) {
				// recorded before it is resolved: the access event lists it
				context.ledger().disclosed(access.personId(), decision);
				return dataFetcher.get(environment);
			}
			Reason reason = (decision != null) ? decision.reason() : Reason.POLICY;
			if (access != null && context != null) {
				context.ledger().refused(access.personId(), category, reason);
			}
			List<Object> path = environment.getExecutionStepInfo().getPath().toList();
			Redactions.of(environment.getGraphQlContext()).add(new Redaction(path, category, reason));
			return null;
		};
	}

	static @Nullable DataCategory category(GraphQLFieldDefinition field) {
		GraphQLAppliedDirective directive = field.getAppliedDirective(DIRECTIVE);
		if (directive == null) {
			return null;
		}
		Object name = directive.getArgument("name").getValue();
		return DataCategory.valueOf(String.valueOf(name));
	}

}

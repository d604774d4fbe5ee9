package fr.passerelle.platform.graphql;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.QueryComplexityCalculator;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLTypeUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Role;
import fr.passerelle.platform.EdgeProperties;

/**
 * What a document may ask, checked once it is parsed and validated and before any field
 * is resolved (so before any SQL): its depth, its aliased fields, its cost for the
 * viewer's roles, no NUL character in an argument, and introspection or federation's
 * {@code _service} only for the clients allowed. Each refusal is a {@link Refused} error.
 *
 * <p>
 * Cost: a field costs 1 plus what it selects; a root field 10 (at least one statement);
 * {@code edges} of a connection its selection times the page size ({@code first} of the
 * connection), a list field with {@code first} its selection times {@code first},
 * {@code _entities} its selection times the representations asked. Fragments count at
 * every use.
 */
@Component
class QueryLimits extends SimplePerformantInstrumentation {

	/** GraphQL context key: the viewer's roles (set by {@link EdgeInterceptor}). */
	static final String ROLES = "passerelle.edge.roles";

	/** GraphQL context key: the token's client ({@code azp}). */
	static final String CLIENT = "passerelle.edge.client";

	private static final Logger logger = LoggerFactory.getLogger(QueryLimits.class);

	private static final int ROOT_COST = 10;

	private static final Set<String> SCHEMA_FIELDS = Set.of("__schema", "__type", "_service");

	private final EdgeProperties properties;

	QueryLimits(EdgeProperties properties) {
		this.properties = properties;
	}

	@Override
	public InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		long started = System.nanoTime();
		ExecutionContext execution = parameters.getExecutionContext();
		GraphQLContext context = execution.getGraphQLContext();
		String client = context.getOrDefault(CLIENT, "");
		Shape shape = new Shape();
		traverser(execution).visitPreOrder(new QueryVisitorStub() {
			@Override
			public void visitField(QueryVisitorFieldEnvironment env) {
				shape.visit(env);
			}
		});
		if (shape.schemaField != null && !this.properties.introspection().allows(client)) {
			throw new Refused(ErrorCode.INTROSPECTION_DISABLED,
					"The schema (" + shape.schemaField + ") is served only to the clients configured for it");
		}
		if (shape.nulArgument != null) {
			throw new Refused(ErrorCode.INVALID_INPUT, "Text may not contain the NUL character", shape.nulArgument);
		}
		if (shape.depth > this.properties.maxDepth()) {
			throw new Refused(ErrorCode.QUERY_TOO_DEEP, "The query selects " + shape.depth + " levels deep; at most "
					+ this.properties.maxDepth() + " are allowed");
		}
		if (shape.aliases > this.properties.maxAliases()) {
			throw new Refused(ErrorCode.TOO_MANY_ALIASES, "The query has " + shape.aliases + " aliased fields; at most "
					+ this.properties.maxAliases() + " are allowed");
		}
		Collection<Role> roles = context.getOrDefault(ROLES, List.of());
		int limit = this.properties.cost().limitFor(roles);
		int cost = QueryComplexityCalculator.newCalculator()
			.fieldComplexityCalculator(QueryLimits::cost)
			.schema(execution.getGraphQLSchema())
			.document(execution.getDocument())
			.operationName(execution.getExecutionInput().getOperationName())
			.variables(execution.getCoercedVariables())
			.build()
			.calculate();
		// bench/edge.sh reads these lines to measure what the limits add to a request
		logger.debug("limits checked in {} us (cost {}, depth {}, aliases {})", (System.nanoTime() - started) / 1000,
				cost, shape.depth, shape.aliases);
		if (cost > limit) {
			throw new Refused(ErrorCode.QUERY_TOO_COSTLY, "The query costs " + cost + "; your limit is " + limit
					+ ": ask smaller pages or fewer fields (see docs/operations.md)");
		}
		return SimpleInstrumentationContext.noOp();
	}

	/** The cost of one field given what it selects (see the class comment). */
	static int cost(FieldComplexityEnvironment env, int selection) {
		String name = env.getField().getName();
		boolean root = env.getParentEnvironment() == null;
		int base = root ? ROOT_COST : 1;
		if (name.equals("edges") && env.getParentEnvironment() != null
				&& env.getParentEnvironment().getArguments().get("first") instanceof Integer first) {
			return saturated((long) Math.max(first, 1) * (1 + selection));
		}
		if (env.getArguments().get("first") instanceof Integer first
				&& GraphQLTypeUtil.unwrapNonNull(env.getFieldDefinition().getType()) instanceof GraphQLList) {
			return saturated(base + (long) Math.max(first, 1) * selection);
		}
		if (name.equals("_entities") && env.getArguments().get("representations") instanceof List<?> representations) {
			return saturated(base + (long) Math.max(representations.size(), 1) * selection);
		}
		return saturated((long) base + selection);
	}

	private static int saturated(long cost) {
		return (int) Math.min(cost, Integer.MAX_VALUE / 2);
	}

	private static QueryTraverser traverser(ExecutionContext execution) {
		return QueryTraverser.newQueryTraverser()
			.schema(execution.getGraphQLSchema())
			.document(execution.getDocument())
			.operationName(execution.getExecutionInput().getOperationName())
			.coercedVariables(execution.getCoercedVariables())
			.build();
	}

	/** The depth, aliases, NUL characters and schema fields of a document. */
	private static final class Shape {

		int depth;

		int aliases;

		@Nullable String nulArgument;

		@Nullable String schemaField;

		void visit(QueryVisitorFieldEnvironment env) {
			int level = 1;
			for (QueryVisitorFieldEnvironment parent = env.getParentEnvironment(); parent != null; parent = parent
				.getParentEnvironment()) {
				level++;
			}
			this.depth = Math.max(this.depth, level);
			if (env.getField().getAlias() != null) {
				this.aliases++;
			}
			if (level == 1 && SCHEMA_FIELDS.contains(env.getField().getName())) {
				this.schemaField = env.getField().getName();
			}
			if (this.nulArgument == null) {
				env.getArguments().forEach((argument, value) -> {
					if (this.nulArgument == null && containsNul(value)) {
						this.nulArgument = argument;
					}
				});
			}
		}

		private static boolean containsNul(@Nullable Object value) {
			if (value instanceof String text) {
				return text.indexOf('\u0000') >= 0;
			}
			if (value instanceof Map<?, ?> map) {
				return map.values().stream().anyMatch(Shape::containsNul);
			}
			if (value instanceof Collection<?> list) {
				return list.stream().anyMatch(Shape::containsNul);
			}
			return false;
		}

	}

}

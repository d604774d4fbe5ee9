package fr.passerelle.platform.graphql;

import java.util.List;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * {@code passerelle.requests}: the requests by operation — the first root field of the
 * document, a name of the schema (validated before it is executed), never the client's
 * operation name — and outcome ({@code OK}, or the first error's code). Counts only, no
 * argument, no person.
 */
@Component
class RequestMetrics extends SimplePerformantInstrumentation {

	private final MeterRegistry meters;

	RequestMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
		OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
		String type = operation.getOperation().name().toLowerCase();
		String root = operation.getSelectionSet()
			.getSelections()
			.stream()
			.filter(Field.class::isInstance)
			.map((selection) -> ((Field) selection).getName())
			.findFirst()
			.orElse("none");
		return SimpleInstrumentationContext.whenCompleted((result, failure) -> this.meters
			.counter("passerelle.requests", "type", type, "operation", root, "outcome", outcome(result, failure))
			.increment());
	}

	private static String outcome(@Nullable ExecutionResult result, @Nullable Throwable failure) {
		if (failure != null || result == null) {
			return "INTERNAL";
		}
		List<GraphQLError> errors = result.getErrors();
		if (errors.isEmpty()) {
			return "OK";
		}
		Object code = (errors.get(0).getExtensions() != null) ? errors.get(0).getExtensions().get("code") : null;
		return (code != null) ? code.toString() : errors.get(0).getErrorType().toString();
	}

}

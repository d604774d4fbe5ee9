package fr.passerelle.consent;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Mono;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.ConsentStatus;

/**
 * Person.consents: a person's consents for those who follow them and whose policy cell
 * lets them read the CONSENTS category (the field's guard decides, like any other), read
 * for a page of persons in one batch; each consent as {@link ConsentView#shownTo} lets
 * the reader see it. And what every consent tells of itself: its history, whether it is
 * in force.
 */
@Controller
class PersonConsentsController {

	static final String CONSENTS = "consent.ofPerson";

	private final Clock clock;

	PersonConsentsController(AccessContexts contexts, ViewerTransactions transactions, Consents consents, Clock clock,
			BatchLoaderRegistry registry) {
		this.clock = clock;
		registry.<UUID, List<ConsentView>>forName(CONSENTS)
			.registerMappedBatchLoader((ids, environment) -> Mono.fromCallable(() -> {
				AccessContext context = contexts.of((GraphQLContext) environment.getContext());
				return transactions.run(context.scope(), (dsl) -> consents.ofPersons(dsl, ids));
			}));
	}

	@SchemaMapping(typeName = "Person", field = "consents")
	CompletableFuture<List<ConsentView>> consents(Disclosed person, @Argument @Nullable Boolean includeReplaced,
			AccessContext context, DataFetchingEnvironment environment) {
		PersonAccess access = person.access();
		boolean replaced = Boolean.TRUE.equals(includeReplaced);
		DataLoader<UUID, List<ConsentView>> loader = environment.getDataLoader(CONSENTS);
		return loader.load(access.personId())
			.thenApply((consents) -> (consents != null) ? consents.stream()
				.filter((consent) -> replaced || consent.status() != ConsentStatus.SUPERSEDED)
				.map((consent) -> consent.shownTo(context, access))
				.toList() : List.of());
	}

	@SchemaMapping(typeName = "Consent", field = "history")
	List<ConsentView.Event> history(ConsentView consent) {
		return consent.history(LocalDate.now(this.clock));
	}

	@SchemaMapping(typeName = "Consent", field = "inForce")
	boolean inForce(ConsentView consent) {
		return consent.inForceOn(LocalDate.now(this.clock));
	}

}

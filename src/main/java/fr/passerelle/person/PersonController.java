package fr.passerelle.person;

import java.util.Objects;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.graphql.data.federation.EntityMapping;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.Cursors;

/**
 * {@code person}, {@code caseload} and Person as a federation entity. All three load
 * persons through one batch loader, so every path gives the same answer for a person the
 * viewer does not reach as for an id that does not exist: null.
 */
@Controller
class PersonController {

	private static final int MAX_PAGE = 100;

	private final People people;

	private final AccessContexts contexts;

	private final Caseloads caseloads;

	private final Cursors cursors;

	PersonController(People people, Caseloads caseloads, AccessContexts contexts, Cursors cursors,
			BatchLoaderRegistry registry) {
		this.people = people;
		this.caseloads = caseloads;
		this.contexts = contexts;
		this.cursors = cursors;
		registry.forTypePair(UUID.class, PersonView.class)
			.registerMappedBatchLoader((ids, environment) -> Mono
				.fromCallable(() -> people.byIds(contexts.of((GraphQLContext) environment.getContext()), ids)));
	}

	@QueryMapping
	CompletableFuture<@Nullable PersonView> person(@Argument String id, DataLoader<UUID, PersonView> loader,
			DataFetchingEnvironment environment) {
		this.contexts.of(environment);
		UUID uuid = parse(id);
		return (uuid != null) ? loader.load(uuid) : CompletableFuture.completedFuture(null);
	}

	@EntityMapping("Person")
	CompletableFuture<@Nullable PersonView> personEntity(@Argument String id, DataLoader<UUID, PersonView> loader,
			DataFetchingEnvironment environment) {
		return person(id, loader, environment);
	}

	@QueryMapping
	CompletableFuture<PersonConnection> caseload(@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Map<String, Object> filter, @Argument Caseloads.@Nullable Order orderBy,
			DataLoader<UUID, PersonView> loader, AccessContext context, DataFetchingEnvironment environment) {
		int size = (first != null) ? first : 20;
		if (size < 1 || size > MAX_PAGE) {
			throw AccessException.invalid("first", "first must be between 1 and " + MAX_PAGE);
		}
		Caseloads.Order order = (orderBy != null) ? orderBy : Caseloads.Order.ID;
		Caseloads.Filter filtered = Caseloads.Filter.of(filter);
		// a cursor opens only for the viewer, purpose, order and filter it was made for
		String binding = "caseload\u0000" + order + "\u0000" + filtered.values();
		Caseloads.Position cursor = null;
		if (after != null) {
			cursor = position(this.cursors.open(context, binding, after));
			if (cursor == null) {
				throw AccessException.invalid("after", "after is not a cursor of this connection in this order");
			}
		}
		// the total is counted only if asked: it is the one part of a page whose cost
		// grows
		// with the caseload
		Caseloads.Page page = this.caseloads.page(context, filtered, order, size, cursor,
				environment.getSelectionSet().contains("totalCount"));
		Map<UUID, String> cursors = new HashMap<>();
		page.positions().forEach((position) -> cursors.put(position.id(), seal(context, binding, position)));
		return loader.loadMany(page.ids()).thenApply((persons) -> {
			List<PersonEdge> edges = persons.stream()
				.filter(Objects::nonNull)
				.map((person) -> new PersonEdge(cursors.get(person.id()), person))
				.toList();
			String end = page.positions().isEmpty() ? null
					: cursors.get(page.positions().get(page.positions().size() - 1).id());
			return new PersonConnection(edges, new PageInfo(page.hasNextPage(), end), page.totalCount());
		});
	}

	static @Nullable UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private String seal(AccessContext context, String binding, Caseloads.Position position) {
		return this.cursors.seal(context, binding, position.id() + ":" + position.key());
	}

	/** The position a cursor held: the id, then the sort key. */
	private static Caseloads.@Nullable Position position(@Nullable String opened) {
		if (opened == null || opened.length() < 37 || opened.charAt(36) != ':') {
			return null;
		}
		UUID id = parse(opened.substring(0, 36));
		return (id != null) ? new Caseloads.Position(opened.substring(37), id) : null;
	}

	record PersonConnection(List<PersonEdge> edges, PageInfo pageInfo, int totalCount) {
	}

	record PersonEdge(String cursor, PersonView node) {
	}

	record PageInfo(boolean hasNextPage, @Nullable String endCursor) {
	}

}

package fr.passerelle.person;

import java.util.Objects;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

	PersonController(People people, Caseloads caseloads, AccessContexts contexts, BatchLoaderRegistry registry) {
		this.people = people;
		this.caseloads = caseloads;
		this.contexts = contexts;
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
			@Argument Caseloads.@Nullable Filter filter, @Argument Caseloads.@Nullable Order orderBy,
			DataLoader<UUID, PersonView> loader, DataFetchingEnvironment environment) {
		AccessContext context = this.contexts.of(environment);
		int size = (first != null) ? first : 20;
		if (size < 1 || size > MAX_PAGE) {
			throw AccessException.invalid("first", "first must be between 1 and " + MAX_PAGE);
		}
		Caseloads.Order order = (orderBy != null) ? orderBy : Caseloads.Order.ID;
		Caseloads.Position cursor = null;
		if (after != null) {
			cursor = decodeCursor(after, order);
			if (cursor == null) {
				throw AccessException.invalid("after", "after is not a cursor of this connection in this order");
			}
		}
		Caseloads.Page page = this.caseloads.page(context, (filter != null) ? filter : Caseloads.Filter.NONE, order,
				size, cursor);
		Map<UUID, String> cursors = new HashMap<>();
		page.positions().forEach((position) -> cursors.put(position.id(), encodeCursor(order, position)));
		return loader.loadMany(page.ids()).thenApply((persons) -> {
			List<PersonEdge> edges = persons.stream()
				.filter(Objects::nonNull)
				.map((person) -> new PersonEdge(cursors.get(person.id()), person))
				.toList();
			String end = page.positions().isEmpty() ? null
					: encodeCursor(order, page.positions().get(page.positions().size() - 1));
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

	/**
	 * A cursor: the person's id in the neutral order, the sort key and the id otherwise.
	 */
	static String encodeCursor(Caseloads.Order order, Caseloads.Position position) {
		String text = (order == Caseloads.Order.ID) ? "person:" + position.id()
				: "person:" + order + ":" + position.id() + ":" + position.key();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	static Caseloads.@Nullable Position decodeCursor(String cursor, Caseloads.Order order) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (!decoded.startsWith("person:")) {
				return null;
			}
			String rest = decoded.substring("person:".length());
			if (order == Caseloads.Order.ID) {
				UUID id = parse(rest);
				return (id != null) ? new Caseloads.Position("", id) : null;
			}
			String[] parts = rest.split(":", 3);
			UUID id = (parts.length == 3 && parts[0].equals(order.name())) ? parse(parts[1]) : null;
			return (id != null) ? new Caseloads.Position(parts[2], id) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	record PersonConnection(List<PersonEdge> edges, PageInfo pageInfo, int totalCount) {
	}

	record PersonEdge(String cursor, PersonView node) {
	}

	record PageInfo(boolean hasNextPage, @Nullable String endCursor) {
	}

}

package fr.passerelle.person;

import java.util.Objects;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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

	PersonController(People people, AccessContexts contexts, BatchLoaderRegistry registry) {
		this.people = people;
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
			DataLoader<UUID, PersonView> loader, DataFetchingEnvironment environment) {
		AccessContext context = this.contexts.of(environment);
		int size = (first != null) ? first : 20;
		if (size < 1 || size > MAX_PAGE) {
			throw AccessException.invalid("first", "first must be between 1 and " + MAX_PAGE);
		}
		UUID cursor = null;
		if (after != null) {
			cursor = decodeCursor(after);
			if (cursor == null) {
				throw AccessException.invalid("after", "after is not a cursor of this connection");
			}
		}
		People.CaseloadPage page = this.people.caseload(context, size, cursor);
		return loader.loadMany(page.ids()).thenApply((persons) -> {
			List<PersonEdge> edges = persons.stream()
				.filter(Objects::nonNull)
				.map((person) -> new PersonEdge(encodeCursor(person.id()), person))
				.toList();
			String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
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

	static String encodeCursor(UUID id) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("person:" + id).getBytes(StandardCharsets.UTF_8));
	}

	static @Nullable UUID decodeCursor(String cursor) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			return decoded.startsWith("person:") ? parse(decoded.substring("person:".length())) : null;
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

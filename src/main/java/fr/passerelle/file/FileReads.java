package fr.passerelle.file;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLAppliedDirective;
import org.dataloader.DataLoader;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.OrderField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.Organization;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.Reason;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.organization.Organizations;

/**
 * How every part of the file is read: one batch loader per part, keyed by person, that
 * reads the part for a whole batch of persons in one statement under the viewer's
 * row-level security, and the organizations the elements name in one more. The part's
 * category has been decided for the person before (the schema's {@code @category} on the
 * Person field); an element that names a sensitive organization is shown only to that
 * organization or to a viewer the person's consent lets see its sensitive category, like
 * the care team.
 */
@Component
public class FileReads {

	private final AccessContexts contexts;

	private final ViewerTransactions transactions;

	private final Organizations organizations;

	FileReads(AccessContexts contexts, ViewerTransactions transactions, Organizations organizations) {
		this.contexts = contexts;
		this.transactions = transactions;
		this.organizations = organizations;
	}

	/** Maps a row to an element, the organizations it names being looked up. */
	public interface RowMapper<T> {

		T map(Record row, Function<UUID, Organization> organizations);

	}

	/**
	 * One part of the file, read in batches.
	 *
	 * @param name the batch loader's name
	 * @param table the part's table (with {@code person_id})
	 * @param organizationColumns the columns naming organizations besides the author
	 * @param order the elements' order within a person
	 */
	public record Part<T extends Element>(String name, Table<?> table, List<Field<UUID>> organizationColumns,
			List<? extends OrderField<?>> order, RowMapper<T> mapper) {
	}

	/** Registers the part's batch loader. */
	public <T extends Element> void register(BatchLoaderRegistry registry, Part<T> part) {
		registry.<UUID, List<T>>forName(part.name())
			.registerMappedBatchLoader((ids, environment) -> Mono
				.fromCallable(() -> load(this.contexts.of((GraphQLContext) environment.getContext()), part, ids)));
	}

	/**
	 * The part's elements for these persons, in one statement (plus the organizations).
	 */
	public <T extends Element> Map<UUID, List<T>> load(AccessContext context, Part<T> part,
			Collection<UUID> personIds) {
		return load(context, part, personIds, DSL.noCondition());
	}

	<T extends Element> Map<UUID, List<T>> load(AccessContext context, Part<T> part, Collection<UUID> personIds,
			Condition condition) {
		Field<UUID> person = Provenance.field(part.table(), "person_id", UUID.class);
		List<Record> rows = this.transactions.run(context.scope(),
				(dsl) -> dsl.selectFrom(part.table())
					.where(person.in(personIds), condition)
					.orderBy(part.order())
					.fetch()
					.stream()
					.map((row) -> (Record) row)
					.toList());
		Function<UUID, Organization> names = organizations(rows, part);
		Map<UUID, List<T>> byPerson = new LinkedHashMap<>();
		personIds.forEach((id) -> byPerson.put(id, new ArrayList<>()));
		for (Record row : rows) {
			byPerson.get(row.get(person)).add(part.mapper().map(row, names));
		}
		return byPerson;
	}

	/** Reads one element in a transaction already open (after a write). */
	public <T extends Element> java.util.Optional<T> one(DSLContext dsl, Part<T> part, UUID id) {
		Record row = dsl.selectFrom(part.table())
			.where(Provenance.field(part.table(), "id", UUID.class).eq(id))
			.fetchOne();
		if (row == null) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(part.mapper().map(row, organizations(List.of(row), part)));
	}

	/**
	 * Resolves a Person field of this part: the person's elements the viewer may see.
	 */
	public <T extends Element> CompletableFuture<List<T>> resolve(Part<T> part, Disclosed person,
			DataFetchingEnvironment environment) {
		AccessContext context = this.contexts.of(environment);
		PersonAccess access = person.access();
		DataLoader<UUID, List<T>> loader = environment.getDataLoader(part.name());
		DataCategory category = category(environment);
		return loader.load(access.personId()).thenApply((elements) -> visible(context, access, category, elements));
	}

	/**
	 * The nested elements the viewer may see (their parent's category being disclosed):
	 * those whose sensitive organizations, if any, the viewer may know of.
	 */
	public static <T extends Element> List<T> visible(AccessContext context, PersonAccess access, List<T> elements) {
		return visible(context, access, null, elements);
	}

	/**
	 * The elements the viewer may see, their category being disclosed: those whose
	 * sensitive organizations, if any, the viewer may know of; and where the category is
	 * disclosed under a mission that covers only the viewer's own elements, those its
	 * organization recorded or that name it.
	 */
	public static <T extends Element> List<T> visible(AccessContext context, PersonAccess access,
			@Nullable DataCategory category, List<T> elements) {
		UUID own = context.viewer().organization().id();
		boolean ownOnly = category != null && context.ownRecordsOnly().contains(category)
				&& access.decision(category).reason() == Reason.MISSION;
		return elements.stream()
			.filter((element) -> !ownOnly
					|| element.organizations().stream().anyMatch((organization) -> organization.id().equals(own)))
			.filter((element) -> element.organizations()
				.stream()
				.allMatch((organization) -> context.mayKnow(access, organization)))
			.toList();
	}

	/** The category of the Person field being resolved ({@code @category}). */
	private static @Nullable DataCategory category(DataFetchingEnvironment environment) {
		GraphQLAppliedDirective directive = environment.getFieldDefinition().getAppliedDirective("category");
		return (directive != null)
				? DataCategory.valueOf(String.valueOf((Object) directive.getArgument("name").getValue())) : null;
	}

	private <T extends Element> Function<UUID, Organization> organizations(List<Record> rows, Part<T> part) {
		Set<UUID> ids = new HashSet<>();
		List<Field<UUID>> columns = new ArrayList<>(part.organizationColumns());
		columns.add(Provenance.organizationId(part.table()));
		for (Record row : rows) {
			for (Field<UUID> column : columns) {
				UUID id = row.get(column);
				if (id != null) {
					ids.add(id);
				}
			}
		}
		return this.organizations.lookup(ids);
	}

}

package fr.passerelle.file;

import static fr.passerelle.jooq.Tables.PERSON;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLAppliedDirective;
import org.dataloader.DataLoader;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.OrderField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Repository;
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
 * How every part of the file is read: one batch loader for all the parts, keyed by person
 * and part, that reads the parts asked at one level for a whole batch of persons in one
 * statement under the viewer's row-level security (nested items included); the
 * organizations the elements name come from the directory's memory. The part's category
 * has been decided for the person before (the schema's {@code @category} on the Person
 * field); an element that names a sensitive organization is shown only to that
 * organization or to a viewer the person's consent lets see its sensitive category, like
 * the care team.
 */
@Repository
public class FileReads {

	private final AccessContexts contexts;

	private final ViewerTransactions transactions;

	private final Organizations organizations;

	/**
	 * The read parts of the file, by name, from the parts the modules declare.
	 */
	private final Map<String, Part<?>> parts = new ConcurrentHashMap<>();

	FileReads(AccessContexts contexts, ViewerTransactions transactions, Organizations organizations,
			BatchLoaderRegistry registry, FileParts parts) {
		this.contexts = contexts;
		this.transactions = transactions;
		this.organizations = organizations;
		parts.all().forEach((part) -> part.reads().forEach(this::register));
		registry.<PartKey, List<Element>>forName(PARTS)
			.registerMappedBatchLoader((keys, environment) -> Mono
				.fromCallable(() -> loadParts(this.contexts.of((GraphQLContext) environment.getContext()), keys)));
	}

	/** The name of the loader that reads the parts of a batch of persons together. */
	private static final String PARTS = "file.parts";

	/** One part of one person's file, as the parts' loader is asked for it. */
	record PartKey(UUID person, String part) {
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
			List<? extends OrderField<?>> order, RowMapper<T> mapper, @Nullable Nested<T, ?> nested) {

		public Part(String name, Table<?> table, List<Field<UUID>> organizationColumns,
				List<? extends OrderField<?>> order, RowMapper<T> mapper) {
			this(name, table, organizationColumns, order, mapper, null);
		}

		/** This part with items nested in each element, read in the same statement. */
		public <C> Part<T> with(Nested<T, C> items) {
			return new Part<>(this.name, this.table, this.organizationColumns, this.order, this.mapper, items);
		}

	}

	/**
	 * The items nested in each element of a part (an orientation's proposals, an arrears'
	 * steps, an assessment's items), read in the part's statement as a nested collection.
	 *
	 * @param table the items' table
	 * @param parent the column naming the element an item belongs to
	 * @param organizationColumns the columns naming organizations (the author's included)
	 * @param order the items' order within an element
	 * @param mapper maps an item's row
	 * @param attach gives an element its items
	 */
	public record Nested<P, C>(Table<?> table, Field<UUID> parent, List<Field<UUID>> organizationColumns,
			List<? extends OrderField<?>> order, RowMapper<C> mapper, BiFunction<P, List<C>, P> attach) {

		private static final String FIELD = "nested";

		@SuppressWarnings("unchecked")
		P attach(P element, Record row, Function<UUID, Organization> organizations) {
			List<C> items = ((Result<Record>) row.get(FIELD)).stream()
				.map((item) -> this.mapper.map(item, organizations))
				.toList();
			return this.attach.apply(element, items);
		}

		@SuppressWarnings("unchecked")
		void named(Record row, Set<UUID> named) {
			((Result<Record>) row.get(FIELD))
				.forEach((item) -> this.organizationColumns.forEach((column) -> named.add(item.get(column))));
		}

	}

	/** A part's rows for the person of the enclosing query, nested items included. */
	private static Field<Result<Record>> elements(Part<?> part) {
		List<SelectFieldOrAsterisk> fields = new ArrayList<>(List.of(part.table().fields()));
		Nested<?, ?> nested = part.nested();
		if (nested != null) {
			fields.add(DSL.multiset(DSL.selectFrom(nested.table())
				.where(nested.parent().eq(Provenance.field(part.table(), "id", UUID.class)))
				.orderBy(nested.order())).as(Nested.FIELD));
		}
		return DSL
			.multiset(DSL.select(fields)
				.from(part.table())
				.where(Provenance.field(part.table(), "person_id", UUID.class).eq(PERSON.ID))
				.orderBy(part.order()))
			.as(part.name());
	}

	/** An element of a part from its row, its nested items attached. */
	@SuppressWarnings("unchecked")
	private static <T extends Element> T element(Part<T> part, Record row, Function<UUID, Organization> names) {
		T element = part.mapper().map(row, names);
		Nested<T, ?> nested = part.nested();
		return (nested != null) ? nested.attach(element, row, names) : element;
	}

	/**
	 * Registers a part read with the others (every read part of every {@link FilePart}):
	 * all the parts a request's persons are asked for at one level are read in one
	 * statement.
	 */
	private void register(Part<?> part) {
		this.parts.put(part.name(), part);
	}

	/**
	 * The parts these keys ask for, for their persons, in one statement: each part a
	 * nested collection (MULTISET) of its rows for the person; the organizations they
	 * name from the directory.
	 */
	@SuppressWarnings("unchecked")
	Map<PartKey, List<Element>> loadParts(AccessContext context, Set<PartKey> keys) {
		Set<UUID> persons = new HashSet<>();
		Map<String, Part<?>> asked = new LinkedHashMap<>();
		for (PartKey key : keys) {
			persons.add(key.person());
			asked.put(key.part(), this.parts.get(key.part()));
		}
		List<Field<?>> fields = new ArrayList<>();
		fields.add(PERSON.ID);
		asked.values().forEach((part) -> fields.add(elements(part)));
		record Read(List<Record> rows, Function<UUID, Organization> names) {
		}
		Read read = this.transactions.run(context.scope(), (dsl) -> {
			List<Record> rows = dsl.select(fields).from(PERSON).where(PERSON.ID.in(persons)).fetch();
			Set<UUID> named = new HashSet<>();
			for (Record row : rows) {
				asked.values().forEach((part) -> ((Result<Record>) row.get(part.name())).forEach((element) -> {
					named.add(element.get(Provenance.organizationId(part.table())));
					part.organizationColumns().forEach((column) -> named.add(element.get(column)));
					if (part.nested() != null) {
						part.nested().named(element, named);
					}
				}));
			}
			named.remove(null);
			return new Read(rows, this.organizations.lookup(dsl, named));
		});
		List<Record> rows = read.rows();
		Function<UUID, Organization> names = read.names();
		Map<PartKey, List<Element>> result = new HashMap<>();
		keys.forEach((key) -> result.put(key, List.of()));
		for (Record row : rows) {
			UUID person = row.get(PERSON.ID);
			asked.values()
				.forEach((part) -> result.put(new PartKey(person, part.name()),
						((Result<Record>) row.get(part.name())).stream()
							.map((element) -> (Element) element((Part<Element>) part, element, names))
							.toList()));
		}
		return result;
	}

	/** Reads one element in a transaction already open (after a write). */
	public <T extends Element> java.util.Optional<T> one(DSLContext dsl, Part<T> part, UUID id) {
		Record row = dsl.selectFrom(part.table())
			.where(Provenance.field(part.table(), "id", UUID.class).eq(id))
			.fetchOne();
		if (row == null) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(part.mapper().map(row, organizations(dsl, List.of(row), part)));
	}

	/**
	 * Resolves a Person field of this part: the person's elements the viewer may see.
	 */
	public <T extends Element> CompletableFuture<List<T>> resolve(Part<T> part, Disclosed person,
			DataFetchingEnvironment environment) {
		AccessContext context = this.contexts.of(environment);
		PersonAccess access = person.access();
		DataCategory category = category(environment);
		return elements(part, access.personId(), environment)
			.thenApply((elements) -> visible(context, access, category, elements));
	}

	/**
	 * All the person's elements of this part that row-level security lets the viewer
	 * read, before the element-level rules ({@link #visible}): read in batch with the
	 * other parts asked at the same level.
	 */
	public <T extends Element> CompletableFuture<List<T>> elements(Part<T> part, UUID person,
			DataFetchingEnvironment environment) {
		if (!this.parts.containsKey(part.name())) {
			throw new IllegalStateException("Part " + part.name() + " is read by no part of the file (FilePart)");
		}
		DataLoader<PartKey, List<T>> loader = environment.getDataLoader(PARTS);
		return loader.load(new PartKey(person, part.name()));
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

	private <T extends Element> Function<UUID, Organization> organizations(DSLContext dsl, List<Record> rows,
			Part<T> part) {
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
		return this.organizations.lookup(dsl, ids);
	}

}

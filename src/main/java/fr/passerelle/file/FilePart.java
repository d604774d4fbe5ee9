package fr.passerelle.file;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.person.CaseloadFilter;

/**
 * One part of the person's file as the module that owns it declares it, once: its table,
 * how the API reads it ({@link FileReads.Part}, one per category where a table holds
 * several), the items nested in its elements, the free texts anonymization replaces, the
 * categories whose free texts have a retention period of their own, and the caseload
 * filters it offers. The reads ({@link FileReads}), the data-subject export,
 * anonymization and retention, and the caseload iterate over the parts
 * ({@link FileParts}); adding a part is one module (its descriptor a bean), one migration
 * ({@code passerelle.add_file_part}) and one SDL file.
 *
 * @param key the part's name in the export and the schema ({@code supportMeasures})
 * @param table the part's table (with {@code person_id} and the provenance columns)
 * @param reads how the API reads it
 * @param items the items nested in each element, if any
 * @param scrubs the free texts anonymization replaces
 * @param retention the categories whose free texts are kept for a period of their own
 * @param filters the caseload filters the part offers
 */
public record FilePart(String key, Table<?> table, List<FileReads.Part<?>> reads, @Nullable Items items,
		List<Scrub> scrubs, Map<DataCategory, Retention> retention, List<CaseloadFilter> filters) {

	/** What replaces a free text that may not be empty. */
	public static final String TEXT = "[anonymisé]";

	public FilePart {
		reads = List.copyOf(reads);
		scrubs = List.copyOf(scrubs);
		retention = Collections
			.unmodifiableMap(retention.isEmpty() ? new EnumMap<>(DataCategory.class) : new EnumMap<>(retention));
		filters = List.copyOf(filters);
	}

	/** A part read by these loader parts, with nothing to scrub, retain or filter yet. */
	public static FilePart of(String key, Table<?> table, FileReads.Part<?>... reads) {
		return new FilePart(key, table, List.of(reads), null, List.of(), Map.of(), List.of());
	}

	/**
	 * The items nested in each element, as the first read part nests them, under this key
	 * in the export; their free texts anonymization replaces.
	 */
	public FilePart items(String itemsKey, Scrub... itemScrubs) {
		FileReads.Nested<?, ?> nested = this.reads.get(0).nested();
		if (nested == null) {
			throw new IllegalStateException(this.key + " nests no items");
		}
		return new FilePart(this.key, this.table, this.reads,
				new Items(itemsKey, nested.table(), nested.parent(), nested.order(), List.of(itemScrubs)), this.scrubs,
				this.retention, this.filters);
	}

	/** The free texts anonymization replaces in the part's elements. */
	public FilePart scrubbed(Scrub... columns) {
		return new FilePart(this.key, this.table, this.reads, this.items, List.of(columns), this.retention,
				this.filters);
	}

	/** A category whose free texts are kept for a period of their own. */
	public FilePart retained(DataCategory category, Retention rule) {
		Map<DataCategory, Retention> more = new EnumMap<>(DataCategory.class);
		more.putAll(this.retention);
		more.put(category, rule);
		return new FilePart(this.key, this.table, this.reads, this.items, this.scrubs, more, this.filters);
	}

	/** A caseload filter the part offers. */
	public FilePart filter(CaseloadFilter filter) {
		List<CaseloadFilter> more = new ArrayList<>(this.filters);
		more.add(filter);
		return new FilePart(this.key, this.table, this.reads, this.items, this.scrubs, this.retention, more);
	}

	/** The column naming the person, in the part's table or its items'. */
	public static Field<UUID> person(Table<?> table) {
		return Provenance.field(table, "person_id", UUID.class);
	}

	/**
	 * Items nested in each element (an assessment's items, an orientation's proposals,
	 * arrears' steps).
	 *
	 * @param key their name under their element in the export
	 * @param parent the column naming their element
	 * @param scrubs their free texts anonymization replaces
	 */
	public record Items(String key, Table<?> table, Field<UUID> parent, List<? extends OrderField<?>> order,
			List<Scrub> scrubs) {
	}

	/**
	 * A column anonymization replaces.
	 *
	 * @param replacement what replaces it
	 * @param pending whether a row still holds something to replace (what is counted)
	 */
	public record Scrub(Field<?> column, Field<?> replacement, Condition pending) {

		/** A free text emptied. */
		public static <T> Scrub nulled(Field<T> column) {
			return new Scrub(column, DSL.inline((T) null, column), column.isNotNull());
		}

		/** A free text that may not be empty: {@value FilePart#TEXT}. */
		public static Scrub texted(Field<String> column) {
			return new Scrub(column, DSL.inline(TEXT), column.ne(TEXT));
		}

	}

	/**
	 * The free texts of a category kept for a period of their own.
	 *
	 * @param scope the rows of the table in the category
	 * @param current an element still in use, never scrubbed: an open period, a pending
	 * orientation, the latest wish or assessment (until a newer one supersedes it), a
	 * current suspension, the steps of unsettled arrears
	 * @param onItems whether the texts kept are the items' (the arrears' steps) rather
	 * than the elements' (whose items' texts then go with them)
	 */
	public record Retention(Condition scope, Condition current, boolean onItems) {

		/** The elements' texts, all rows of the table in the category. */
		public static Retention of(Condition current) {
			return new Retention(DSL.noCondition(), current, false);
		}

	}

}

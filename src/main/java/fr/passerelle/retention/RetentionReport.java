package fr.passerelle.retention;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import fr.passerelle.access.DataCategory;

/**
 * What a retention run changed or, in a dry run, would change: the persons anonymized
 * because their file had no activity since {@code cutoff}, and per category the elements
 * whose free text was scrubbed. Ids and counts only.
 *
 * @param defaultPeriod the retention period after the last activity (ISO 8601)
 */
public record RetentionReport(boolean dryRun, OffsetDateTime ranAt, String defaultPeriod, OffsetDateTime cutoff,
		List<Anonymization> persons, List<CategoryRetention> categories) {

	public RetentionReport {
		persons = List.copyOf(persons);
		categories = List.copyOf(categories);
	}

	/**
	 * The free texts of one category, scrubbed in elements last written before cutoff.
	 */
	public record CategoryRetention(DataCategory category, String period, OffsetDateTime cutoff,
			List<RetainedElements> elements, List<FieldCount> fields) {

		public CategoryRetention {
			elements = List.copyOf(elements);
			fields = List.copyOf(fields);
		}

	}

	/** The elements of one table whose free text is scrubbed. */
	public record RetainedElements(String table, List<UUID> ids) {

		public RetainedElements {
			ids = List.copyOf(ids);
		}

	}

}

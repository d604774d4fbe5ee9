package fr.passerelle.retention;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the anonymization of one person changed or, in a dry run, would change: ids and
 * counts, never a name.
 *
 * @param anonymizedAt null in a dry run
 * @param fields the fields with something to replace, per table, in a stable order
 * @param members the household members anonymized with the person (registered only
 * through the person's households and themselves past the retention period)
 * @param keptMembers the other members of the person's households, not anonymized: their
 * own file is still within its retention period, or they belong to another household
 */
public record Anonymization(UUID personId, boolean dryRun, @Nullable OffsetDateTime anonymizedAt,
		OffsetDateTime lastActivityAt, String reason, List<FieldCount> fields, List<Anonymization> members,
		List<UUID> keptMembers) {

	public Anonymization {
		fields = List.copyOf(fields);
		members = List.copyOf(members);
		keptMembers = List.copyOf(keptMembers);
	}

}

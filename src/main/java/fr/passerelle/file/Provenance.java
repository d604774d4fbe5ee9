package fr.passerelle.file;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Organization;
import fr.passerelle.jooq.enums.ElementBasis;

/**
 * Who recorded an element of the file, when, and the basis it was shared under: the
 * author's own access decision for the element's category when it was recorded, a consent
 * provision or a mission rule ({@code TYPE/ROLE/CATEGORY/PURPOSE}). Shown with the
 * element, so under the same decision as the element.
 */
public record Provenance(Organization organization, String recordedBy, OffsetDateTime recordedAt, ElementBasis basis,
		@Nullable UUID consentId, @Nullable UUID provisionId, @Nullable String rule, int version,
		@Nullable String updatedBy, @Nullable OffsetDateTime updatedAt) {

	/** The author organization's id column of an element table. */
	public static Field<UUID> organizationId(Table<?> table) {
		return field(table, "recorded_by_organization_id", UUID.class);
	}

	/** Reads the provenance columns of an element row; the organization is looked up. */
	public static Provenance of(Record row, Table<?> table, Organization organization) {
		return new Provenance(organization, row.get(field(table, "recorded_by", String.class)),
				row.get(field(table, "recorded_at", OffsetDateTime.class)),
				row.get(field(table, "basis", ElementBasis.class)),
				row.get(field(table, "basis_consent_id", UUID.class)),
				row.get(field(table, "basis_provision_id", UUID.class)),
				row.get(field(table, "basis_rule", String.class)), row.get(field(table, "version", Integer.class)),
				row.get(field(table, "updated_by", String.class)),
				row.get(field(table, "updated_at", OffsetDateTime.class)));
	}

	@SuppressWarnings("unchecked")
	public static <T> Field<T> field(Table<?> table, String name, Class<T> type) {
		Field<?> field = table.field(name);
		if (field == null) {
			throw new IllegalArgumentException(table.getName() + " has no column " + name);
		}
		return (Field<T>) field;
	}

}

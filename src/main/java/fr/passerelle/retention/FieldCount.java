package fr.passerelle.retention;

/**
 * How many rows of a table have (or, in a dry run, would have) this field replaced.
 *
 * @param table the table, e.g. {@code support_note}
 * @param field the column, e.g. {@code body}
 */
public record FieldCount(String table, String field, int rows) {
}

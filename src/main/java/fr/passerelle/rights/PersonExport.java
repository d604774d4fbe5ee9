package fr.passerelle.rights;

import java.time.OffsetDateTime;

/**
 * A person's whole file as canonical JSON, for a data-subject access request, and the
 * SHA-256 of that text's UTF-8 bytes.
 */
public record PersonExport(String personId, OffsetDateTime generatedAt, String json, String sha256) {
}

package fr.passerelle.access;

import java.util.List;

/**
 * A field that resolved to null because its category was refused, as listed in the
 * response's {@code extensions.redactions}.
 */
public record Redaction(List<Object> path, DataCategory category, Reason reason) {
}

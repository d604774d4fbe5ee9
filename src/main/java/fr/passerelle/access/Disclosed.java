package fr.passerelle.access;

/**
 * A value of the schema that carries a person's data: every field of its type that
 * declares a {@code @category} is resolved only if {@link #access()} permits that
 * category, and redacted otherwise. The guard is generic (see the GraphQL
 * instrumentation), so no resolver can forget.
 */
public interface Disclosed {

	PersonAccess access();

}

/**
 * Real infrastructure for the tests: PostgreSQL, Keycloak, tokens and per-user testers.
 */
@NullMarked
package fr.passerelle.support;

import org.jspecify.annotations.NullMarked;

/**
 * Persons supported by the platform: identity and contact, the caseload, the root of the
 * shared file. Every read goes through the access decision.
 */
@NullMarked
package fr.passerelle.person;

import org.jspecify.annotations.NullMarked;

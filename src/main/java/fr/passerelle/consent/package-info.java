/**
 * Consents: given by the person (or a legal representative), collected with evidence,
 * holding nested permit and deny provisions; revocable at once, never retroactively.
 */
@NullMarked
package fr.passerelle.consent;

import org.jspecify.annotations.NullMarked;

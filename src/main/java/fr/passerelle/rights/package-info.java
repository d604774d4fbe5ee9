/**
 * The person's rights over their file: consent receipts anyone can verify (canonical JSON
 * and its SHA-256), and the export of the whole file with provenance for a data-subject
 * access request, by the privacy officer.
 */
@NullMarked
package fr.passerelle.rights;

import org.jspecify.annotations.NullMarked;

/**
 * The shared support file: the parts partners record about a person (household,
 * residential situation, wishes, needs, measures and notes, orientation, housing,
 * resources, arrears, sensitive records), each in one data category, each element with
 * its provenance. Reads go through the access decision of the person's category; writes
 * through {@link fr.passerelle.file.FileWrites}: the write policy, the writer's own
 * basis, idempotency keys on creations and optimistic locking on updates, one transaction
 * each.
 */
@NullMarked
package fr.passerelle.file;

import org.jspecify.annotations.NullMarked;

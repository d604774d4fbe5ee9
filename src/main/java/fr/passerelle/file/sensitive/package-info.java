/**
 * Health, justice and violence records: the sensitive categories, one category per
 * record. Read and written only under a consent provision naming the organization itself,
 * never by mission alone (the access decision sees to it); a record whose author is a
 * sensitive organization also tells that the person is followed there, so it is shown
 * only to viewers who may know of that organization.
 */
@NullMarked
package fr.passerelle.file.sensitive;

import org.jspecify.annotations.NullMarked;

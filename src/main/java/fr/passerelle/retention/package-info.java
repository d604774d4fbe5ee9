/**
 * Erasure and retention: the privacy officer anonymizes a person on request, and a
 * retention run anonymizes the persons whose file has had no activity for the retention
 * period and scrubs the free texts of categories kept for a shorter period. Identity,
 * contact and free texts go; rows, kinds, dates, amounts, statuses and organization links
 * stay, so aggregate statistics are unchanged; the access log is never touched.
 */
@NullMarked
package fr.passerelle.retention;

import org.jspecify.annotations.NullMarked;

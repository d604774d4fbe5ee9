/**
 * The privacy officer's review: the access log read back (by person, organization, user,
 * purpose and period), emergency accesses and delegations acknowledged or flagged, and a
 * person's access report. Everything here runs in the privacy office's scope, so
 * row-level security shows every row, and only for the privacy officer.
 */
@NullMarked
package fr.passerelle.review;

import org.jspecify.annotations.NullMarked;

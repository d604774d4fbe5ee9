/**
 * Statistics for steering (DESIGN.md, scenario 8): the Logement d'abord indicators by
 * territory and period, computed over every person of the territory under the purpose
 * {@code STATISTICS}, and published so that no one can be recognised. Counts below the
 * threshold are suppressed, and enough other cells (complementary suppression) that no
 * suppressed value can be recovered from the published ones by linear programming — from
 * margins, from a quarter and its year, from a breakdown and its total. Analysts and
 * dashboards' service accounts read indicators and the places register, never a person.
 */
@NullMarked
package fr.passerelle.statistics;

import org.jspecify.annotations.NullMarked;

/**
 * Support measures (AVDL, ASLL, IML, ACT, Un chez-soi d'abord...) with their provider and
 * case lead, category {@code SUPPORT_MEASURES}; and support notes, category
 * {@code SUPPORT_NOTES}.
 */
@NullMarked
package fr.passerelle.file.support;

import org.jspecify.annotations.NullMarked;

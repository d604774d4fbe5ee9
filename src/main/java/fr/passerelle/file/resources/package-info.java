/**
 * What the person lives on and what they owe: benefits reported by the CAF, category
 * {@code RESOURCES}; rent arrears and the eviction-prevention steps taken on them (CCAPEX
 * referral, FSL aid, court stages), category {@code RENT_ARREARS}.
 */
@NullMarked
package fr.passerelle.file.resources;

import org.jspecify.annotations.NullMarked;

/**
 * The access decision: who is asking ({@link fr.passerelle.access.Viewer}), for what
 * ({@link fr.passerelle.access.Purpose}) and about which part of a person's file
 * ({@link fr.passerelle.access.DataCategory}). Every module that reads or writes personal
 * data walks through this corridor.
 */
@NullMarked
package fr.passerelle.access;

import org.jspecify.annotations.NullMarked;

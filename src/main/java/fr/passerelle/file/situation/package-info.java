/**
 * The person's situation in the file: the residential situation history, category
 * {@code RESIDENTIAL_SITUATION}; housing wishes, category {@code HOUSING_WISHES}; and
 * successive needs assessments by dimension, category {@code NEEDS_ASSESSMENT}.
 */
@NullMarked
package fr.passerelle.file.situation;

import org.jspecify.annotations.NullMarked;

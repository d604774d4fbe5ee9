/**
 * Who the person is and who they live with: a person's registration (identity, contact,
 * the registering organization's involvement, a household), identity updates, the
 * household and its members (category {@code HOUSEHOLD}, read through a security-definer
 * composition so a viewer who reaches the person sees all of its members), and finding
 * persons: a name search within the viewer's visibility and the SIAO's duplicate check.
 */
@NullMarked
package fr.passerelle.file.household;

import org.jspecify.annotations.NullMarked;

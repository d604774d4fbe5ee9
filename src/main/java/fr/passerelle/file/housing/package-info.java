/**
 * The housing parts of the file. SIAO orientations (the request, the SIAO's proposals,
 * the outcome), housing applications (SNE number, priority, DALO), attributions (a
 * landlord's decision) are category {@code HOUSING_APPLICATION}; tenancies are category
 * {@code TENANCY}. As everywhere in the file, only the organization that recorded an
 * element changes it: the requester decides its orientation, the SIAO records the outcome
 * of its own proposals, the landlord ends or re-rents its own tenancy.
 */
@NullMarked
package fr.passerelle.file.housing;

import org.jspecify.annotations.NullMarked;

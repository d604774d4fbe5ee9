package fr.passerelle.file.household;

import java.util.UUID;

/**
 * A registered person whose identity matches the one checked, as little as the SIAO needs
 * to avoid a duplicate: never a name, never the file.
 *
 * @param exactFirstName whether the first name matches too (the last name and the birth
 * date always do)
 * @param alreadyFollowed whether the viewer's organization already reaches the person
 */
public record DuplicateMatch(UUID personId, boolean exactFirstName, String territory, boolean alreadyFollowed) {
}

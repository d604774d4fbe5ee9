package fr.passerelle.file.situation;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.DwellingType;

/** A housing wish as the schema shows it. */
public record HousingWishView(UUID id, UUID personId, List<String> locations, List<DwellingType> dwellingTypes,
		@Nullable String constraints, @Nullable String ownWords, LocalDate expressedOn,
		Provenance provenance) implements Element {

}

package fr.passerelle.file.situation;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.ResidentialSituationKind;

/** A period of a person's residential situation as the schema shows it. */
public record ResidentialSituationView(UUID id, UUID personId, ResidentialSituationKind kind, LocalDate startedOn,
		@Nullable LocalDate endedOn, @Nullable String place, @Nullable String note, @Nullable LocalDate plannedExitOn,
		Provenance provenance) implements Element {

}

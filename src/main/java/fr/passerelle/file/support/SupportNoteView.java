package fr.passerelle.file.support;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;

/** A support note as the schema shows it. */
public record SupportNoteView(UUID id, UUID personId, @Nullable UUID measureId, LocalDate writtenOn, String body,
		Provenance provenance) implements Element {

}

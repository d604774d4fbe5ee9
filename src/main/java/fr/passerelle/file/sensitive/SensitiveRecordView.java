package fr.passerelle.file.sensitive;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.SensitiveRecordKind;

/** A health, justice or violence record as the schema shows it. */
public record SensitiveRecordView(UUID id, UUID personId, DataCategory category, SensitiveRecordKind kind,
		LocalDate startedOn, @Nullable LocalDate endedOn, @Nullable String summary,
		Provenance provenance) implements Element {

}

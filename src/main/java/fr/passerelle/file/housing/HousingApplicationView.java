package fr.passerelle.file.housing;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.ApplicationStatus;

/** A social-housing application as the schema shows it. */
public record HousingApplicationView(UUID id, UUID personId, String sneNumber, LocalDate filedOn, boolean priority,
		boolean dalo, @Nullable LocalDate daloDecidedOn, ApplicationStatus status,
		Provenance provenance) implements Element {

}

package fr.passerelle.file.support;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Organization;
import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.SupportIntensity;
import fr.passerelle.jooq.enums.SupportMeasureType;

/** A support measure as the schema shows it. */
public record SupportMeasureView(UUID id, UUID personId, SupportMeasureType type, Organization provider,
		@Nullable String caseLead, LocalDate startedOn, @Nullable LocalDate endedOn, SupportIntensity intensity,
		Provenance provenance) implements Element {

	@Override
	public List<Organization> organizations() {
		return List.of(this.provenance.organization(), this.provider);
	}

}

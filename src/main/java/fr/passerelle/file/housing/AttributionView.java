package fr.passerelle.file.housing;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Organization;
import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.DwellingType;

/** A landlord's attribution of a dwelling, as the schema shows it. */
public record AttributionView(UUID id, UUID personId, @Nullable UUID applicationId, Organization landlord,
		DwellingType dwellingType, LocalDate decidedOn, Provenance provenance) implements Element {

	@Override
	public List<Organization> organizations() {
		return List.of(this.provenance.organization(), this.landlord);
	}

}

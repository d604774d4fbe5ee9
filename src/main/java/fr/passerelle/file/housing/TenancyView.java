package fr.passerelle.file.housing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Organization;
import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.DwellingType;
import fr.passerelle.jooq.enums.LeaseKind;

/** A tenancy as the schema shows it; amounts in euros. */
public record TenancyView(UUID id, UUID personId, Organization landlord, LeaseKind leaseKind, DwellingType dwellingType,
		String address, LocalDate startedOn, @Nullable LocalDate endedOn, BigDecimal monthlyRent,
		BigDecimal monthlyCharges, Provenance provenance) implements Element {

	@Override
	public List<Organization> organizations() {
		return List.of(this.provenance.organization(), this.landlord);
	}

}

package fr.passerelle.file.housing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Organization;
import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.OrientationSolution;
import fr.passerelle.jooq.enums.ProposalOutcome;

/** A proposal of the SIAO answering an orientation, as the schema shows it. */
public record ProposalView(UUID id, UUID personId, UUID orientationId, LocalDate proposedOn,
		OrientationSolution solution, @Nullable Organization provider, ProposalOutcome outcome,
		@Nullable LocalDate outcomeOn, Provenance provenance) implements Element {

	@Override
	public List<Organization> organizations() {
		List<Organization> named = new ArrayList<>(List.of(this.provenance.organization()));
		if (this.provider != null) {
			named.add(this.provider);
		}
		return named;
	}

}

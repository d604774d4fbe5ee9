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
import fr.passerelle.jooq.enums.OrientationStatus;

/**
 * An SIAO orientation as the schema shows it, with its proposals (loaded for the whole
 * batch of persons with the orientations) and the SIAO it is addressed to.
 */
public record OrientationView(UUID id, UUID personId, LocalDate requestedOn, OrientationSolution requestedSolution,
		@Nullable String requestNote, OrientationStatus status, @Nullable LocalDate decidedOn,
		@Nullable String outcomeNote, @Nullable Organization siao, List<ProposalView> proposals,
		Provenance provenance) implements Element {

	OrientationView withProposals(List<ProposalView> proposals) {
		return new OrientationView(this.id, this.personId, this.requestedOn, this.requestedSolution, this.requestNote,
				this.status, this.decidedOn, this.outcomeNote, this.siao, List.copyOf(proposals), this.provenance);
	}

	/** The requester and the SIAO addressed. */
	@Override
	public List<Organization> organizations() {
		List<Organization> named = new ArrayList<>(List.of(this.provenance.organization()));
		if (this.siao != null) {
			named.add(this.siao);
		}
		return named;
	}

}

package fr.passerelle.file.resources;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.ArrearsStatus;

/**
 * Rent arrears as the schema shows them, with the prevention steps taken on them (read in
 * the same batch).
 */
public record RentArrearsView(UUID id, UUID personId, @Nullable UUID tenancyId, BigDecimal amount, int months,
		LocalDate since, ArrearsStatus status, @Nullable LocalDate closedOn, List<PreventionStepView> steps,
		Provenance provenance) implements Element {

	public RentArrearsView {
		steps = List.copyOf(steps);
	}

	RentArrearsView withSteps(List<PreventionStepView> steps) {
		return new RentArrearsView(this.id, this.personId, this.tenancyId, this.amount, this.months, this.since,
				this.status, this.closedOn, steps, this.provenance);
	}

}

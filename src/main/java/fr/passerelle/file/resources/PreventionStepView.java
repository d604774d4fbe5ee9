package fr.passerelle.file.resources;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.PreventionStepKind;
import fr.passerelle.jooq.enums.StepOutcome;

/** An eviction-prevention step taken on rent arrears, as the schema shows it. */
public record PreventionStepView(UUID id, UUID personId, UUID arrearsId, PreventionStepKind kind, LocalDate takenOn,
		@Nullable BigDecimal amount, StepOutcome outcome, @Nullable String note,
		Provenance provenance) implements Element {

}

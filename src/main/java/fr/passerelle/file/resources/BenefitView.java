package fr.passerelle.file.resources;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.BenefitStatus;
import fr.passerelle.jooq.enums.BenefitType;

/** A benefit as the schema shows it. */
public record BenefitView(UUID id, UUID personId, BenefitType type, BenefitStatus status,
		@Nullable BigDecimal monthlyAmount, LocalDate since, @Nullable LocalDate suspendedOn,
		@Nullable String suspensionReason, Provenance provenance) implements Element {

}

package fr.passerelle.file.resources;

import static fr.passerelle.jooq.Tables.BENEFIT;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessException;
import fr.passerelle.file.FileReads.Part;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.BenefitStatus;
import fr.passerelle.jooq.enums.BenefitType;
import fr.passerelle.jooq.tables.records.BenefitRecord;

/** Benefits in the database (under the viewer's RLS). */
@Repository
class Benefits {

	static final Part<BenefitView> BENEFITS = new Part<>("file.benefits", BENEFIT, List.of(),
			List.of(BENEFIT.SINCE.desc(), BENEFIT.ID), (row, organizations) -> {
				BenefitRecord r = row.into(BENEFIT);
				return new BenefitView(r.getId(), r.getPersonId(), r.getType(), r.getStatus(), r.getMonthlyAmount(),
						r.getSince(), r.getSuspendedOn(), r.getSuspensionReason(),
						Provenance.of(row, BENEFIT, organizations.apply(r.getRecordedByOrganizationId())));
			});

	/**
	 * The suspension of a benefit in a given status: a suspended benefit has the date of
	 * its suspension, on or after {@code since}; any other has neither date nor reason
	 * (the table's check, said with the field at fault before anything is written).
	 */
	static void checkSuspension(BenefitStatus status, LocalDate since, @Nullable LocalDate suspendedOn,
			@Nullable String suspensionReason) {
		if (status == BenefitStatus.SUSPENDED) {
			if (suspendedOn == null) {
				throw AccessException.invalid("input.suspendedOn", "A suspended benefit needs input.suspendedOn");
			}
			Inputs.end(since, suspendedOn, "input.suspendedOn");
		}
		else {
			if (suspendedOn != null) {
				throw AccessException.invalid("input.suspendedOn",
						"Only a SUSPENDED benefit has input.suspendedOn (status is " + status + ")");
			}
			if (suspensionReason != null) {
				throw AccessException.invalid("input.suspensionReason",
						"Only a SUSPENDED benefit has input.suspensionReason (status is " + status + ")");
			}
		}
	}

	/**
	 * The changes of an update: the fields the input gives. Leaving {@code SUSPENDED}
	 * clears the suspension's date and reason unless new ones are given (which is then
	 * refused); the result is checked as a whole against the stored {@code since}.
	 */
	static FileWrites.Changes changes(BenefitController.UpdateBenefitInput input, @Nullable LocalDate suspendedOn,
			@Nullable String suspensionReason, @Nullable BigDecimal monthlyAmount) {
		BenefitStatus status = input.status();
		return (current) -> {
			BenefitStatus stored = current.get(BENEFIT.STATUS);
			BenefitStatus newStatus = (status != null) ? status : stored;
			boolean leaving = stored == BenefitStatus.SUSPENDED && newStatus != BenefitStatus.SUSPENDED;
			LocalDate newSuspendedOn = !input.suspendedOn().isOmitted() ? suspendedOn
					: (leaving ? null : current.get(BENEFIT.SUSPENDED_ON));
			String newReason = !input.suspensionReason().isOmitted() ? suspensionReason
					: (leaving ? null : current.get(BENEFIT.SUSPENSION_REASON));
			checkSuspension(newStatus, current.get(BENEFIT.SINCE), newSuspendedOn, newReason);
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			set.put(BENEFIT.STATUS, newStatus);
			set.put(BENEFIT.SUSPENDED_ON, newSuspendedOn);
			set.put(BENEFIT.SUSPENSION_REASON, newReason);
			if (!input.monthlyAmount().isOmitted()) {
				set.put(BENEFIT.MONTHLY_AMOUNT, monthlyAmount);
			}
			return set;
		};
	}

	void insert(DSLContext dsl, UUID id, UUID personId, BenefitType type, BenefitStatus status,
			@Nullable BigDecimal monthlyAmount, LocalDate since, @Nullable LocalDate suspendedOn,
			@Nullable String suspensionReason, Map<Field<?>, Object> provenance) {
		dsl.insertInto(BENEFIT)
			.set(BENEFIT.ID, id)
			.set(BENEFIT.PERSON_ID, personId)
			.set(BENEFIT.TYPE, type)
			.set(BENEFIT.STATUS, status)
			.set(BENEFIT.MONTHLY_AMOUNT, monthlyAmount)
			.set(BENEFIT.SINCE, since)
			.set(BENEFIT.SUSPENDED_ON, suspendedOn)
			.set(BENEFIT.SUSPENSION_REASON, suspensionReason)
			.set(provenance)
			.execute();
	}

}

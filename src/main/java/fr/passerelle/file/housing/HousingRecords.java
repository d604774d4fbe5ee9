package fr.passerelle.file.housing;

import static fr.passerelle.jooq.Tables.SIAO_ORIENTATION;
import static fr.passerelle.jooq.Tables.SIAO_PROPOSAL;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import fr.passerelle.access.DataCategory;
import fr.passerelle.file.FilePart;
import fr.passerelle.file.FilePart.Retention;
import fr.passerelle.file.FilePart.Scrub;
import fr.passerelle.jooq.Sequences;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.jooq.enums.ProposalOutcome;
import fr.passerelle.person.CaseloadFilter;
import static fr.passerelle.jooq.Tables.ATTRIBUTION;
import static fr.passerelle.jooq.Tables.HOUSING_APPLICATION;
import static fr.passerelle.jooq.Tables.TENANCY;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.file.FileReads.Part;
import fr.passerelle.file.FileWrites;
import fr.passerelle.file.Inputs;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.ApplicationStatus;
import fr.passerelle.jooq.enums.DwellingType;
import fr.passerelle.jooq.enums.LeaseKind;
import fr.passerelle.jooq.tables.records.AttributionRecord;
import fr.passerelle.jooq.tables.records.HousingApplicationRecord;
import fr.passerelle.jooq.tables.records.TenancyRecord;

/**
 * Housing applications, attributions and tenancies in the database (under the viewer's
 * RLS).
 */
@Repository
class HousingRecords {

	static final Part<HousingApplicationView> APPLICATIONS = new Part<>("file.housingApplications", HOUSING_APPLICATION,
			List.of(), List.of(HOUSING_APPLICATION.FILED_ON.desc(), HOUSING_APPLICATION.RECORDED_AT.desc(),
					HOUSING_APPLICATION.ID),
			(row, organizations) -> {
				HousingApplicationRecord r = row.into(HOUSING_APPLICATION);
				return new HousingApplicationView(r.getId(), r.getPersonId(), r.getSneNumber(), r.getFiledOn(),
						r.getPriority(), r.getDalo(), r.getDaloDecidedOn(), r.getStatus(),
						Provenance.of(row, HOUSING_APPLICATION, organizations.apply(r.getRecordedByOrganizationId())));
			});

	static final Part<AttributionView> ATTRIBUTIONS = new Part<>("file.attributions", ATTRIBUTION,
			List.of(ATTRIBUTION.LANDLORD_ORGANIZATION_ID),
			List.of(ATTRIBUTION.DECIDED_ON.desc(), ATTRIBUTION.RECORDED_AT.desc(), ATTRIBUTION.ID),
			(row, organizations) -> {
				AttributionRecord r = row.into(ATTRIBUTION);
				return new AttributionView(r.getId(), r.getPersonId(), r.getApplicationId(),
						organizations.apply(r.getLandlordOrganizationId()), r.getDwellingType(), r.getDecidedOn(),
						Provenance.of(row, ATTRIBUTION, organizations.apply(r.getRecordedByOrganizationId())));
			});

	static final Part<TenancyView> TENANCIES = new Part<>("file.tenancies", TENANCY,
			List.of(TENANCY.LANDLORD_ORGANIZATION_ID),
			List.of(TENANCY.STARTED_ON.desc(), TENANCY.RECORDED_AT.desc(), TENANCY.ID), (row, organizations) -> {
				TenancyRecord r = row.into(TENANCY);
				return new TenancyView(r.getId(), r.getPersonId(), organizations.apply(r.getLandlordOrganizationId()),
						r.getLeaseKind(), r.getDwellingType(), r.getAddress(), r.getStartedOn(), r.getEndedOn(),
						r.getMonthlyRent(), r.getMonthlyCharges(),
						Provenance.of(row, TENANCY, organizations.apply(r.getRecordedByOrganizationId())));
			});

	/**
	 * Records an application. The SNE number is unique nationally: a number already
	 * recorded, in a file the viewer reaches or not, is a {@code CONFLICT} on
	 * {@code input.sneNumber}, found by the insert itself ({@code ON CONFLICT DO NOTHING}
	 * on the unique index, which sees every row whatever the RLS) so nothing is written
	 * and no constraint violation aborts the transaction. The answer says only that the
	 * number is taken, never whose it is.
	 */
	void insertApplication(DSLContext dsl, UUID id, UUID personId, String sneNumber, LocalDate filedOn,
			boolean priority, boolean dalo, @Nullable LocalDate daloDecidedOn, ApplicationStatus status,
			Map<Field<?>, Object> provenance) {
		int inserted = dsl.insertInto(HOUSING_APPLICATION)
			.set(HOUSING_APPLICATION.ID, id)
			.set(HOUSING_APPLICATION.PERSON_ID, personId)
			.set(HOUSING_APPLICATION.SNE_NUMBER, sneNumber)
			.set(HOUSING_APPLICATION.FILED_ON, filedOn)
			.set(HOUSING_APPLICATION.PRIORITY, priority)
			.set(HOUSING_APPLICATION.DALO, dalo)
			.set(HOUSING_APPLICATION.DALO_DECIDED_ON, daloDecidedOn)
			.set(HOUSING_APPLICATION.STATUS, status)
			.set(provenance)
			.onConflict(HOUSING_APPLICATION.SNE_NUMBER)
			.doNothing()
			.execute();
		if (inserted == 0) {
			throw new AccessException(ErrorCode.CONFLICT,
					"An application with this SNE number is already recorded: update it instead of recording it again",
					"input.sneNumber");
		}
	}

	/**
	 * The changes of an update of an application: the fields the input gives. Setting
	 * {@code dalo} to false clears the DALO decision date; a DALO decision date needs a
	 * DALO application and is on or after the filing.
	 */
	static FileWrites.Changes applicationChanges(HousingController.UpdateHousingApplicationInput input,
			@Nullable LocalDate daloDecidedOn) {
		ApplicationStatus status = input.status();
		Boolean priority = input.priority();
		Boolean dalo = input.dalo();
		return (current) -> {
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			if (status != null) {
				set.put(HOUSING_APPLICATION.STATUS, status);
			}
			if (priority != null) {
				set.put(HOUSING_APPLICATION.PRIORITY, priority);
			}
			boolean daloAfter = (dalo != null) ? dalo : current.get(HOUSING_APPLICATION.DALO);
			if (dalo != null) {
				set.put(HOUSING_APPLICATION.DALO, dalo);
			}
			if (!input.daloDecidedOn().isOmitted()) {
				set.put(HOUSING_APPLICATION.DALO_DECIDED_ON,
						daloDecidedOn(daloAfter, current.get(HOUSING_APPLICATION.FILED_ON), daloDecidedOn));
			}
			else if (!daloAfter) {
				set.put(HOUSING_APPLICATION.DALO_DECIDED_ON, null);
			}
			return set;
		};
	}

	/** A DALO decision date: only for a DALO application, on or after the filing. */
	static @Nullable LocalDate daloDecidedOn(boolean dalo, LocalDate filedOn, @Nullable LocalDate daloDecidedOn) {
		if (daloDecidedOn != null && !dalo) {
			throw AccessException.invalid("input.daloDecidedOn",
					"input.daloDecidedOn is only for a DALO application (dalo: true)");
		}
		return Inputs.end(filedOn, daloDecidedOn, "input.daloDecidedOn");
	}

	/**
	 * The filing date of an application of this person the viewer sees, if any (an
	 * attribution may refer to it).
	 */
	Optional<LocalDate> applicationFiledOn(DSLContext dsl, UUID applicationId, UUID personId) {
		return dsl.select(HOUSING_APPLICATION.FILED_ON)
			.from(HOUSING_APPLICATION)
			.where(HOUSING_APPLICATION.ID.eq(applicationId), HOUSING_APPLICATION.PERSON_ID.eq(personId))
			.fetchOptional(HOUSING_APPLICATION.FILED_ON);
	}

	void insertAttribution(DSLContext dsl, UUID id, UUID personId, @Nullable UUID applicationId, UUID landlord,
			DwellingType dwellingType, LocalDate decidedOn, Map<Field<?>, Object> provenance) {
		dsl.insertInto(ATTRIBUTION)
			.set(ATTRIBUTION.ID, id)
			.set(ATTRIBUTION.PERSON_ID, personId)
			.set(ATTRIBUTION.APPLICATION_ID, applicationId)
			.set(ATTRIBUTION.LANDLORD_ORGANIZATION_ID, landlord)
			.set(ATTRIBUTION.DWELLING_TYPE, dwellingType)
			.set(ATTRIBUTION.DECIDED_ON, decidedOn)
			.set(provenance)
			.execute();
	}

	void insertTenancy(DSLContext dsl, UUID id, UUID personId, UUID landlord, LeaseKind leaseKind,
			DwellingType dwellingType, String address, LocalDate startedOn, @Nullable LocalDate endedOn,
			BigDecimal monthlyRent, BigDecimal monthlyCharges, Map<Field<?>, Object> provenance) {
		dsl.insertInto(TENANCY)
			.set(TENANCY.ID, id)
			.set(TENANCY.PERSON_ID, personId)
			.set(TENANCY.LANDLORD_ORGANIZATION_ID, landlord)
			.set(TENANCY.LEASE_KIND, leaseKind)
			.set(TENANCY.DWELLING_TYPE, dwellingType)
			.set(TENANCY.ADDRESS, address)
			.set(TENANCY.STARTED_ON, startedOn)
			.set(TENANCY.ENDED_ON, endedOn)
			.set(TENANCY.MONTHLY_RENT, monthlyRent)
			.set(TENANCY.MONTHLY_CHARGES, monthlyCharges)
			.set(provenance)
			.execute();
	}

	/**
	 * The changes of an update of a tenancy: the end (checked against the stored start;
	 * given as null it is cleared), the rent and the charges.
	 */
	static FileWrites.Changes tenancyChanges(HousingController.UpdateTenancyInput input,
			@Nullable BigDecimal monthlyRent, @Nullable BigDecimal monthlyCharges) {
		return (current) -> {
			Map<Field<?>, Object> set = new LinkedHashMap<>();
			if (!input.endedOn().isOmitted()) {
				set.put(TENANCY.ENDED_ON,
						Inputs.end(current.get(TENANCY.STARTED_ON), input.endedOn().value(), "input.endedOn"));
			}
			if (monthlyRent != null) {
				set.put(TENANCY.MONTHLY_RENT, monthlyRent);
			}
			if (monthlyCharges != null) {
				set.put(TENANCY.MONTHLY_CHARGES, monthlyCharges);
			}
			return set;
		};
	}

	/**
	 * The housing parts of the file: SIAO orientations with their proposals (filtered in
	 * the caseload when awaiting a decision), housing applications, attributions and
	 * tenancies.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Parts {

		/** The office code of an anonymized SNE number (see V7). */
		static final String SNE_OFFICE = "ANONY";

		@Bean
		FilePart siaoOrientationsPart() {
			return FilePart.of("siaoOrientations", SIAO_ORIENTATION, Orientations.ORIENTATIONS)
				.items("proposals")
				.scrubbed(Scrub.nulled(SIAO_ORIENTATION.REQUEST_NOTE), Scrub.nulled(SIAO_ORIENTATION.OUTCOME_NOTE))
				.retained(DataCategory.HOUSING_APPLICATION,
						Retention
							.of(SIAO_ORIENTATION.STATUS.in(OrientationStatus.REQUESTED, OrientationStatus.PROPOSED)))
				.filter(new CaseloadFilter("needsDecision", DataCategory.HOUSING_APPLICATION,
						(context, decision, value, person) -> {
							Condition seenOrientation = decision.sees(DataCategory.HOUSING_APPLICATION,
									List.of(SIAO_ORIENTATION.RECORDED_BY_ORGANIZATION_ID), SIAO_ORIENTATION.PERSON_ID);
							return DSL
								.exists(DSL.selectOne()
									.from(SIAO_ORIENTATION)
									.where(SIAO_ORIENTATION.PERSON_ID.eq(person),
											SIAO_ORIENTATION.STATUS.in(OrientationStatus.REQUESTED,
													OrientationStatus.PROPOSED),
											seenOrientation))
								.or(DSL.exists(DSL.selectOne()
									.from(SIAO_PROPOSAL)
									.join(SIAO_ORIENTATION)
									.on(SIAO_ORIENTATION.ID.eq(SIAO_PROPOSAL.ORIENTATION_ID))
									.where(SIAO_PROPOSAL.PERSON_ID.eq(person),
											SIAO_PROPOSAL.OUTCOME.eq(ProposalOutcome.PENDING), seenOrientation,
											decision.knows(
													List.of(SIAO_PROPOSAL.RECORDED_BY_ORGANIZATION_ID,
															SIAO_PROPOSAL.PROVIDER_ORGANIZATION_ID),
													SIAO_PROPOSAL.PERSON_ID))));
						}));
		}

		/**
		 * The SNE number names the applicant in the national register: anonymization
		 * keeps its département and month of filing, the rest is drawn from a sequence
		 * (unique, like the column).
		 */
		@Bean
		FilePart housingApplicationsPart() {
			return FilePart.of("housingApplications", HOUSING_APPLICATION, HousingRecords.APPLICATIONS)
				.scrubbed(new Scrub(HOUSING_APPLICATION.SNE_NUMBER, DSL.substring(HOUSING_APPLICATION.SNE_NUMBER, 1, 7)
					.concat(DSL.lpad(Sequences.ANONYMIZED_SNE_SEQ.nextval().mod(1_000_000L).cast(String.class), 6, "0"))
					.concat(DSL.inline(SNE_OFFICE)), HOUSING_APPLICATION.SNE_NUMBER.notLike("%" + SNE_OFFICE)));
		}

		@Bean
		FilePart attributionsPart() {
			return FilePart.of("attributions", ATTRIBUTION, HousingRecords.ATTRIBUTIONS);
		}

		@Bean
		FilePart tenanciesPart() {
			return FilePart.of("tenancies", TENANCY, HousingRecords.TENANCIES)
				.scrubbed(Scrub.texted(TENANCY.ADDRESS))
				.retained(DataCategory.TENANCY, Retention.of(TENANCY.ENDED_ON.isNull()));
		}

	}

}

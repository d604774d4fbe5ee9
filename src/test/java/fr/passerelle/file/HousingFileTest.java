package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The housing parts of the file through the API: SIAO orientations and proposals, housing
 * applications, attributions and tenancies. Who writes (write policy, the writer's own
 * access, involvement, author-only updates), who reads (mission rules, consent,
 * redactions), validation, optimistic locking and idempotency keys.
 */
@IntegrationTest
class HousingFileTest {

	private static final String SIAO = "coord.siao";

	private static final String ASSOCIATION = "referent.asso";

	private static final String LANDLORD = "gestion.bailleur";

	private static final String CAF = "agent.caf";

	@Autowired
	Partners partners;

	@Autowired
	StatementCounter statements;

	// SIAO orientations

	@Test
	void theSiaoRequestsProposesAndDecidesAnOrientationUnderItsMission() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Orientation");
		assertThat(requestOrientation(SIAO, person, daysAgo(30), "CHRS").errors()).isEmpty();
		Answer requested = requestOrientation(SIAO, person, daysAgo(10), "IML");
		assertThat(requested.errors()).isEmpty();
		assertThat(requested.at("requestOrientation.status")).isEqualTo("REQUESTED");
		assertThat(requested.at("requestOrientation.version")).isEqualTo(0);
		assertThat(requested.at("requestOrientation.provenance.basis")).isEqualTo("MISSION");
		assertThat(requested.at("requestOrientation.provenance.rule"))
			.isEqualTo("SIAO/COORDINATOR/HOUSING_APPLICATION/COORDINATION");
		String orientation = (String) requested.at("requestOrientation.id");

		Answer proposed = propose(SIAO, orientation,
				Map.of("proposedOn", daysAgo(5), "providerOrganizationId", DemoOrganizations.LANDLORD.id().toString()));
		assertThat(proposed.errors()).isEmpty();
		assertThat(proposed.at("proposeOrientation.proposal.outcome")).isEqualTo("PENDING");
		assertThat(proposed.at("proposeOrientation.proposal.solution")).isEqualTo("IML");
		assertThat(proposed.at("proposeOrientation.proposal.provider.name"))
			.isEqualTo(DemoOrganizations.LANDLORD.name());
		assertThat(proposed.at("proposeOrientation.orientation.status")).isEqualTo("PROPOSED");
		assertThat(proposed.at("proposeOrientation.orientation.version")).isEqualTo(1);
		String proposal = (String) proposed.at("proposeOrientation.proposal.id");
		Answer second = propose(SIAO, orientation, Map.of("proposedOn", daysAgo(4), "solution", "PENSION_DE_FAMILLE"));
		assertThat(second.at("proposeOrientation.orientation.version")).isEqualTo(1);
		assertThat((List<?>) second.at("proposeOrientation.orientation.proposals")).hasSize(2);

		Answer outcome = Answer.ask(this.partners.as(SIAO), "recordProposalOutcome",
				Map.of("input", Map.of("id", proposal, "version", 0, "outcome", "ACCEPTED", "outcomeOn", daysAgo(2))));
		assertThat(outcome.errors()).isEmpty();
		assertThat(outcome.at("recordProposalOutcome.version")).isEqualTo(1);
		Answer decided = decide(SIAO, orientation, 1, "ACCEPTED", daysAgo(1));
		assertThat(decided.errors()).isEmpty();
		assertThat(decided.at("decideOrientation.status")).isEqualTo("ACCEPTED");
		assertThat(decided.at("decideOrientation.version")).isEqualTo(2);
		assertThat(decided.at("decideOrientation.proposals[0].outcome")).isEqualTo("ACCEPTED");

		Answer file = housingFile(SIAO, person);
		assertThat(file.at("person.siaoOrientations[0].requestedSolution")).isEqualTo("IML");
		assertThat(file.at("person.siaoOrientations[0].status")).isEqualTo("ACCEPTED");
		assertThat(file.at("person.siaoOrientations[0].proposals[0].id")).isEqualTo(proposal);
		assertThat(file.at("person.siaoOrientations[0].proposals[1].solution")).isEqualTo("PENSION_DE_FAMILLE");
		assertThat(file.at("person.siaoOrientations[0].proposals[0].provenance.recordedBy")).isEqualTo(SIAO);
		assertThat(file.at("person.siaoOrientations[1].requestedSolution")).isEqualTo("CHRS");
		assertThat((List<?>) file.at("person.siaoOrientations[1].proposals")).isEmpty();

		Answer late = propose(SIAO, orientation, Map.of("proposedOn", daysAgo(0)));
		assertThat(late.codes()).containsExactly("CONFLICT");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.siao_proposal WHERE orientation_id = ?::uuid",
				orientation))
			.isEqualTo(2);
	}

	@Test
	void theAssociationRequestsAnOrientationOnlyWithTheConsentItNeedsToReadOne() {
		UUID person = followedBy(DemoOrganizations.ASSOCIATION.id(), InvolvementKind.SUPPORT_MEASURE, "Demande");
		Fixtures.involve(DemoOrganizations.SIAO.id(), person, InvolvementKind.SIAO_ORIENTATION);
		assertThat(requestOrientation(ASSOCIATION, person, daysAgo(3), "UN_CHEZ_SOI_DABORD").codes())
			.containsExactly("FORBIDDEN");
		assertThat(orientations(person)).isZero();
		Answer unread = housingFile(ASSOCIATION, person);
		assertThat(unread.at("person.siaoOrientations")).isNull();
		assertThat(unread.redaction("person.siaoOrientations")).isEqualTo("HOUSING_APPLICATION/NO_CONSENT");

		UUID consent = Fixtures.consent(person);
		UUID provision = Fixtures.permitOrganization(consent, DemoOrganizations.ASSOCIATION.id(),
				List.of(DataCategory.HOUSING_APPLICATION), List.of(Purpose.SUPPORT));
		Answer requested = requestOrientation(ASSOCIATION, person, daysAgo(3), "UN_CHEZ_SOI_DABORD");
		assertThat(requested.errors()).isEmpty();
		assertThat(requested.at("requestOrientation.provenance.basis")).isEqualTo("CONSENT");
		assertThat(requested.at("requestOrientation.provenance.provisionId")).isEqualTo(provision.toString());
		String orientation = (String) requested.at("requestOrientation.id");
		assertThat(housingFile(ASSOCIATION, person).at("person.siaoOrientations[0].status")).isEqualTo("REQUESTED");

		// the SIAO answers the association's request: the orientation moves though the
		// SIAO
		// is not its author
		Answer proposed = propose(SIAO, orientation, Map.of("proposedOn", daysAgo(1)));
		assertThat(proposed.errors()).isEmpty();
		assertThat(proposed.at("proposeOrientation.orientation.status")).isEqualTo("PROPOSED");
		assertThat(proposed.at("proposeOrientation.orientation.version")).isEqualTo(1);
		assertThat(proposed.at("proposeOrientation.orientation.provenance.updatedBy")).isEqualTo(SIAO);
		String proposal = (String) proposed.at("proposeOrientation.proposal.id");

		// only the requester decides, only the SIAO proposes and records its proposals'
		// outcome
		assertThat(decide(SIAO, orientation, 1, "ACCEPTED", daysAgo(0)).codes()).containsExactly("FORBIDDEN");
		assertThat(propose(ASSOCIATION, orientation, Map.of("proposedOn", daysAgo(0))).codes())
			.containsExactly("FORBIDDEN");
		assertThat(Answer
			.ask(this.partners.as(ASSOCIATION), "recordProposalOutcome", Map.of("input",
					Map.of("id", proposal, "version", 0, "outcome", "REFUSED_BY_PERSON", "outcomeOn", daysAgo(0))))
			.codes()).containsExactly("FORBIDDEN");

		Answer stale = decide(ASSOCIATION, orientation, 0, "ACCEPTED", daysAgo(0));
		assertThat(stale.codes()).containsExactly("STALE_VERSION");
		assertThat(stale.errors().get(0).getExtensions()).containsEntry("field", "input.version");
		Answer decided = decide(ASSOCIATION, orientation, 1, "ACCEPTED", daysAgo(0));
		assertThat(decided.errors()).isEmpty();
		assertThat(decided.at("decideOrientation.version")).isEqualTo(2);
		assertThat(decided.at("decideOrientation.provenance.updatedBy")).isEqualTo(ASSOCIATION);
	}

	@Test
	void othersNeitherWriteNorReadOrientationsWithoutTheirRight() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Refus");
		String orientation = (String) requestOrientation(SIAO, person, daysAgo(8), "SOCIAL_HOUSING")
			.at("requestOrientation.id");
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);

		assertThat(requestOrientation(CAF, person, daysAgo(1), "CHRS").codes()).containsExactly("FORBIDDEN");
		UUID stranger = Fixtures.adult("Inconnu");
		assertThat(requestOrientation(SIAO, stranger, daysAgo(1), "CHRS").codes()).containsExactly("NOT_FOUND");
		assertThat(propose(SIAO, UUID.randomUUID().toString(), Map.of("proposedOn", daysAgo(0))).codes())
			.containsExactly("NOT_FOUND");
		// the CAF does not see the orientation: for it, it does not exist
		assertThat(decide(CAF, orientation, 0, "CANCELLED", daysAgo(0)).codes()).containsExactly("NOT_FOUND");
		assertThat(orientations(person)).isEqualTo(1);

		Answer landlord = housingFile(LANDLORD, person);
		assertThat(landlord.at("person.siaoOrientations")).isNull();
		assertThat(landlord.redaction("person.siaoOrientations")).isEqualTo("HOUSING_APPLICATION/NO_CONSENT");
		assertThat(housingFile(CAF, person).redaction("person.siaoOrientations"))
			.isEqualTo("HOUSING_APPLICATION/POLICY");
	}

	@Test
	void badOrientationInputIsRefusedWithItsFieldAndWritesNothing() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Dates");
		Answer future = requestOrientation(SIAO, person, LocalDate.now().plusDays(1).toString(), "CHRS");
		assertThat(future.codes()).containsExactly("INVALID_INPUT");
		assertThat(future.errors().get(0).getExtensions()).containsEntry("field", "input.requestedOn");
		assertThat(orientations(person)).isZero();

		String orientation = (String) requestOrientation(SIAO, person, daysAgo(10), "CHRS").at("requestOrientation.id");
		assertThat(field(propose(SIAO, orientation, Map.of("proposedOn", daysAgo(20))))).isEqualTo("input.proposedOn");
		assertThat(proposals(person)).isZero();
		assertThat(field(decide(SIAO, orientation, 0, "PROPOSED", daysAgo(1)))).isEqualTo("input.status");
		assertThat(field(decide(SIAO, orientation, 0, "REFUSED", daysAgo(11)))).isEqualTo("input.decidedOn");
		Answer acceptedUnanswered = decide(SIAO, orientation, 0, "ACCEPTED", daysAgo(1));
		assertThat(acceptedUnanswered.codes()).containsExactly("CONFLICT");
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.siao_orientation WHERE id = ?::uuid"
				+ " AND status = 'REQUESTED' AND version = 0 AND decided_on IS NULL", orientation))
			.isEqualTo(1);

		String proposal = (String) propose(SIAO, orientation, Map.of("proposedOn", daysAgo(6)))
			.at("proposeOrientation.proposal.id");
		assertThat(field(outcome(proposal, 0, "REFUSED_BY_PROVIDER", null))).isEqualTo("input.outcomeOn");
		assertThat(field(outcome(proposal, 0, "REFUSED_BY_PROVIDER", daysAgo(7)))).isEqualTo("input.outcomeOn");
		assertThat(field(outcome(proposal, 0, "PENDING", daysAgo(1)))).isEqualTo("input.outcomeOn");
		assertThat(outcome(proposal, 0, "WITHDRAWN", daysAgo(1)).errors()).isEmpty();
		assertThat(outcome(proposal, 0, "ACCEPTED", daysAgo(1)).codes()).containsExactly("STALE_VERSION");
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.siao_proposal WHERE id = ?::uuid AND outcome = 'WITHDRAWN'", proposal))
			.isEqualTo(1);
	}

	@Test
	void theSameIdempotencyKeyReturnsTheFirstOrientationAndTheFirstProposal() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Rejeu");
		Map<String, Object> input = new HashMap<>(Map.of("personId", person.toString(), "requestedOn", daysAgo(2),
				"requestedSolution", "IML", "idempotencyKey", "k-" + UUID.randomUUID()));
		String first = (String) Answer.ask(this.partners.as(SIAO), "requestOrientation", Map.of("input", input))
			.at("requestOrientation.id");
		String again = (String) Answer.ask(this.partners.as(SIAO), "requestOrientation", Map.of("input", input))
			.at("requestOrientation.id");
		assertThat(again).isEqualTo(first);
		input.put("requestedSolution", "CHRS");
		assertThat(Answer.ask(this.partners.as(SIAO), "requestOrientation", Map.of("input", input)).codes())
			.containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(orientations(person)).isEqualTo(1);

		Map<String, Object> proposal = Map.of("proposedOn", daysAgo(1), "idempotencyKey", "k-" + UUID.randomUUID());
		Answer proposed = propose(SIAO, first, proposal);
		Answer replayed = propose(SIAO, first, proposal);
		assertThat(replayed.at("proposeOrientation.proposal.id"))
			.isEqualTo(proposed.at("proposeOrientation.proposal.id"));
		assertThat(replayed.at("proposeOrientation.orientation.version")).isEqualTo(1);
		assertThat(proposals(person)).isEqualTo(1);
	}

	@Test
	void aProposalNamingASensitiveProviderIsLeftOutForWhoMayNotKnowThePersonIsFollowedThere() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Soins");
		String orientation = (String) requestOrientation(SIAO, person, daysAgo(5), "OTHER").at("requestOrientation.id");
		assertThat(propose(SIAO, orientation, Map.of("proposedOn", daysAgo(3))).errors()).isEmpty();
		assertThat(propose(SIAO, orientation, Map.of("proposedOn", daysAgo(2), "providerOrganizationId",
				DemoOrganizations.ADDICTION_SERVICE.id().toString()))
			.errors()).isEmpty();
		Answer file = housingFile(SIAO, person);
		assertThat(file.at("person.siaoOrientations[0].status")).isEqualTo("PROPOSED");
		assertThat((List<?>) file.at("person.siaoOrientations[0].proposals")).hasSize(1);
		assertThat(file.at("person.siaoOrientations[0].proposals[0].provider")).isNull();
		assertThat(proposals(person)).isEqualTo(2);
	}

	@Test
	void proposalsAreLoadedWithTheirOrientationsInAStatementCountThatDoesNotGrow() {
		UUID few = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Peu");
		proposeOn(requestOrientation(SIAO, few, daysAgo(9), "CHRS"), 1);
		UUID many = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Beaucoup");
		for (int i = 0; i < 5; i++) {
			proposeOn(requestOrientation(SIAO, many, daysAgo(9 - i), "IML"), 3);
		}
		String query = "query ($id: ID!) { person(id: $id) { siaoOrientations { id proposals { id provider { name } } } } }";
		statementsFor(query, few);
		long one = statementsFor(query, few);
		long five = statementsFor(query, many);
		assertThat(five).isEqualTo(one);
		Answer file = Answer.ask(this.partners.as(SIAO), query, Map.of("id", many.toString()));
		assertThat((List<?>) file.at("person.siaoOrientations")).hasSize(5);
		assertThat((List<?>) file.at("person.siaoOrientations[4].proposals")).hasSize(3);
	}

	// Housing applications

	@Test
	void theSiaoRecordsAnApplicationWhoseSneNumberIsUnique() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Demandeur");
		String sne = Fixtures.sneNumber();
		Answer recorded = recordApplication(SIAO, person,
				Map.of("sneNumber", " " + sne.toLowerCase(Locale.ROOT) + " ", "filedOn", daysAgo(60)));
		assertThat(recorded.errors()).isEmpty();
		assertThat(recorded.at("recordHousingApplication.sneNumber")).isEqualTo(sne);
		assertThat(recorded.at("recordHousingApplication.status")).isEqualTo("ACTIVE");
		assertThat(recorded.at("recordHousingApplication.priority")).isEqualTo(false);
		assertThat(recorded.at("recordHousingApplication.provenance.rule"))
			.isEqualTo("SIAO/COORDINATOR/HOUSING_APPLICATION/COORDINATION");

		UUID other = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Doublon");
		Answer duplicate = recordApplication(SIAO, other, Map.of("sneNumber", sne, "filedOn", daysAgo(1)));
		assertThat(duplicate.codes()).containsExactly("CONFLICT");
		assertThat(duplicate.errors().get(0).getExtensions()).containsEntry("field", "input.sneNumber");
		// a number recorded in a file the SIAO does not reach is taken all the same
		String unseen = Fixtures.sneNumber();
		UUID elsewhere = Fixtures.adult("Ailleurs");
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.housing_application (id, person_id, sne_number, filed_on,
				    recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (gen_random_uuid(), ?, ?, current_date, ?, 'fixture', 'MISSION', 'fixture')""", elsewhere,
				unseen, DemoOrganizations.STATE.id()));
		Answer hidden = recordApplication(SIAO, other, Map.of("sneNumber", unseen, "filedOn", daysAgo(1)));
		assertThat(hidden.codes()).containsExactly("CONFLICT");
		assertThat(applications(other)).isZero();
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.housing_application WHERE sne_number = ?", sne))
			.isEqualTo(1);
	}

	@Test
	void badApplicationInputIsRefusedWithItsFieldAndWritesNothing() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Numéro");
		assertThat(field(recordApplication(SIAO, person, Map.of("sneNumber", "12345", "filedOn", daysAgo(1)))))
			.isEqualTo("input.sneNumber");
		assertThat(field(
				recordApplication(SIAO, person, Map.of("sneNumber", "038251300001234AB1", "filedOn", daysAgo(1)))))
			.isEqualTo("input.sneNumber");
		assertThat(field(recordApplication(SIAO, person,
				Map.of("sneNumber", Fixtures.sneNumber(), "filedOn", daysAgo(10), "daloDecidedOn", daysAgo(5)))))
			.isEqualTo("input.daloDecidedOn");
		assertThat(field(recordApplication(SIAO, person, Map.of("sneNumber", Fixtures.sneNumber(), "filedOn",
				daysAgo(10), "dalo", true, "daloDecidedOn", daysAgo(11)))))
			.isEqualTo("input.daloDecidedOn");
		assertThat(field(recordApplication(SIAO, person,
				Map.of("sneNumber", Fixtures.sneNumber(), "filedOn", LocalDate.now().plusDays(3).toString()))))
			.isEqualTo("input.filedOn");
		assertThat(applications(person)).isZero();
	}

	@Test
	void anApplicationIsUpdatedPartiallyFromItsVersionByItsAuthorOnly() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Mise à jour");
		String id = (String) recordApplication(SIAO, person,
				Map.of("sneNumber", Fixtures.sneNumber(), "filedOn", daysAgo(100), "priority", true))
			.at("recordHousingApplication.id");
		Answer updated = updateApplication(SIAO, Map.of("id", id, "version", 0, "status", "PROPOSAL_RECEIVED", "dalo",
				true, "daloDecidedOn", daysAgo(20)));
		assertThat(updated.errors()).isEmpty();
		assertThat(updated.at("updateHousingApplication.status")).isEqualTo("PROPOSAL_RECEIVED");
		assertThat(updated.at("updateHousingApplication.priority")).isEqualTo(true);
		assertThat(updated.at("updateHousingApplication.daloDecidedOn")).isEqualTo(daysAgo(20));
		assertThat(updated.at("updateHousingApplication.version")).isEqualTo(1);

		assertThat(updateApplication(SIAO, Map.of("id", id, "version", 0, "status", "CANCELLED")).codes())
			.containsExactly("STALE_VERSION");
		assertThat(field(updateApplication(SIAO, Map.of("id", id, "version", 1, "daloDecidedOn", daysAgo(101)))))
			.isEqualTo("input.daloDecidedOn");
		Answer noDalo = updateApplication(SIAO, Map.of("id", id, "version", 1, "dalo", false));
		assertThat(noDalo.at("updateHousingApplication.dalo")).isEqualTo(false);
		assertThat(noDalo.at("updateHousingApplication.daloDecidedOn")).isNull();
		assertThat(noDalo.at("updateHousingApplication.status")).isEqualTo("PROPOSAL_RECEIVED");

		// the association holds HOUSING_APPLICATION by consent, but the application is
		// the SIAO's
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.permitOrganization(Fixtures.consent(person), DemoOrganizations.ASSOCIATION.id(),
				List.of(DataCategory.HOUSING_APPLICATION), List.of(Purpose.SUPPORT));
		assertThat(updateApplication(ASSOCIATION, Map.of("id", id, "version", 2, "status", "CANCELLED")).codes())
			.containsExactly("FORBIDDEN");
		assertThat(Fixtures.count("SELECT version FROM passerelle.housing_application WHERE id = ?::uuid", id))
			.isEqualTo(2);
	}

	@Test
	void applicationsAreReadAndWrittenAsTheDecisionAllows() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Logement");
		String sne = Fixtures.sneNumber();
		assertThat(recordApplication(SIAO, person, Map.of("sneNumber", sne, "filedOn", daysAgo(30))).errors())
			.isEmpty();
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);

		assertThat(recordApplication(CAF, person, Map.of("sneNumber", Fixtures.sneNumber(), "filedOn", daysAgo(1)))
			.codes()).containsExactly("FORBIDDEN");
		UUID stranger = Fixtures.adult("Étranger");
		assertThat(recordApplication(SIAO, stranger, Map.of("sneNumber", Fixtures.sneNumber(), "filedOn", daysAgo(1)))
			.codes()).containsExactly("NOT_FOUND");

		Answer landlord = housingFile(LANDLORD, person);
		assertThat(landlord.at("person.housingApplications")).isNull();
		assertThat(landlord.redaction("person.housingApplications")).isEqualTo("HOUSING_APPLICATION/NO_CONSENT");
		assertThat(landlord.redaction("person.attributions")).isEqualTo("HOUSING_APPLICATION/NO_CONSENT");
		Fixtures.permitOrganization(Fixtures.consent(person), DemoOrganizations.LANDLORD.id(),
				List.of(DataCategory.HOUSING_APPLICATION), List.of(Purpose.HOUSING_ALLOCATION));
		Answer consented = housingFile(LANDLORD, person);
		assertThat(consented.at("person.housingApplications[0].sneNumber")).isEqualTo(sne);
		assertThat(consented.redaction("person.housingApplications")).isNull();
		assertThat(housingFile(SIAO, person).at("person.housingApplications[0].sneNumber")).isEqualTo(sne);
		assertThat(applications(person)).isEqualTo(1);
	}

	// Attributions

	@Test
	void theLandlordRecordsItsAttributionOnlyWithTheConsentToHoldTheApplication() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Attribution");
		String application = (String) recordApplication(SIAO, person,
				Map.of("sneNumber", Fixtures.sneNumber(), "filedOn", daysAgo(90)))
			.at("recordHousingApplication.id");
		Fixtures.involve(DemoOrganizations.LANDLORD.id(), person, InvolvementKind.TENANCY);
		Map<String, Object> input = Map.of("applicationId", application, "dwellingType", "T2", "decidedOn", daysAgo(7));
		assertThat(recordAttribution(LANDLORD, person, input).codes()).containsExactly("FORBIDDEN");
		assertThat(attributions(person)).isZero();

		UUID consent = Fixtures.consent(person);
		UUID provision = Fixtures.permitOrganization(consent, DemoOrganizations.LANDLORD.id(),
				List.of(DataCategory.HOUSING_APPLICATION), List.of(Purpose.HOUSING_ALLOCATION));
		Answer recorded = recordAttribution(LANDLORD, person, input);
		assertThat(recorded.errors()).isEmpty();
		assertThat(recorded.at("recordAttribution.landlord.id")).isEqualTo(DemoOrganizations.LANDLORD.id().toString());
		assertThat(recorded.at("recordAttribution.applicationId")).isEqualTo(application);
		assertThat(recorded.at("recordAttribution.provenance.basis")).isEqualTo("CONSENT");
		assertThat(recorded.at("recordAttribution.provenance.provisionId")).isEqualTo(provision.toString());
		Answer siao = housingFile(SIAO, person);
		assertThat(siao.at("person.attributions[0].dwellingType")).isEqualTo("T2");
		assertThat(siao.at("person.attributions[0].landlord.name")).isEqualTo(DemoOrganizations.LANDLORD.name());

		UUID other = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Autre");
		String foreign = (String) recordApplication(SIAO, other,
				Map.of("sneNumber", Fixtures.sneNumber(), "filedOn", daysAgo(90)))
			.at("recordHousingApplication.id");
		assertThat(field(recordAttribution(LANDLORD, person,
				Map.of("applicationId", foreign, "dwellingType", "T3", "decidedOn", daysAgo(1)))))
			.isEqualTo("input.applicationId");
		assertThat(field(recordAttribution(LANDLORD, person,
				Map.of("applicationId", application, "dwellingType", "T3", "decidedOn", daysAgo(91)))))
			.isEqualTo("input.decidedOn");
		assertThat(attributions(person)).isEqualTo(1);
	}

	@Test
	void onlyAnInvolvedLandlordRecordsAnAttribution() {
		UUID person = followedBy(DemoOrganizations.SIAO.id(), InvolvementKind.SIAO_ORIENTATION, "Bailleur");
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);
		Map<String, Object> input = Map.of("dwellingType", "STUDIO", "decidedOn", daysAgo(2));
		// the SIAO writes HOUSING_APPLICATION, but it is not a landlord
		assertThat(recordAttribution(SIAO, person, input).codes()).containsExactly("FORBIDDEN");
		assertThat(recordAttribution(CAF, person, input).codes()).containsExactly("FORBIDDEN");
		assertThat(recordAttribution(LANDLORD, person, input).codes()).containsExactly("NOT_FOUND");
		assertThat(attributions(person)).isZero();
	}

	// Tenancies

	@Test
	void theLandlordRecordsAndUpdatesATenancyUnderItsMission() {
		UUID person = followedBy(DemoOrganizations.LANDLORD.id(), InvolvementKind.TENANCY, "Locataire");
		Answer recorded = recordTenancy(LANDLORD, person, Map.of("leaseKind", "ORDINARY", "dwellingType", "T2",
				"address", "12 rue des Alpes, 38000 Grenoble", "startedOn", daysAgo(40), "monthlyRent", 612.34));
		assertThat(recorded.errors()).isEmpty();
		assertThat(recorded.at("recordTenancy.landlord.id")).isEqualTo(DemoOrganizations.LANDLORD.id().toString());
		assertThat(recorded.at("recordTenancy.monthlyRent")).isEqualTo(612.34);
		assertThat(recorded.at("recordTenancy.monthlyCharges")).isEqualTo(0.0);
		assertThat(recorded.at("recordTenancy.provenance.rule")).isEqualTo("LANDLORD/AGENT/TENANCY/HOUSING_ALLOCATION");
		String id = (String) recorded.at("recordTenancy.id");
		String stored = Fixtures.owner((dsl) -> String.valueOf(dsl.fetchValue(
				"SELECT monthly_rent::text || '/' || monthly_charges::text FROM passerelle.tenancy WHERE id = ?::uuid",
				id)));
		assertThat(stored).isEqualTo("612.34/0.00");

		Answer updated = updateTenancy(LANDLORD,
				Map.of("id", id, "version", 0, "monthlyRent", 630.5, "monthlyCharges", 45.25));
		assertThat(updated.errors()).isEmpty();
		assertThat(updated.at("updateTenancy.monthlyRent")).isEqualTo(630.5);
		assertThat(updated.at("updateTenancy.monthlyCharges")).isEqualTo(45.25);
		assertThat(updated.at("updateTenancy.endedOn")).isNull();
		assertThat(updated.at("updateTenancy.version")).isEqualTo(1);
		assertThat(updateTenancy(LANDLORD, Map.of("id", id, "version", 0, "endedOn", daysAgo(0))).codes())
			.containsExactly("STALE_VERSION");
		assertThat(field(updateTenancy(LANDLORD, Map.of("id", id, "version", 1, "endedOn", daysAgo(41)))))
			.isEqualTo("input.endedOn");
		assertThat(field(updateTenancy(LANDLORD, Map.of("id", id, "version", 1, "monthlyRent", -1))))
			.isEqualTo("input.monthlyRent");
		Answer ended = updateTenancy(LANDLORD, Map.of("id", id, "version", 1, "endedOn", daysAgo(0)));
		assertThat(ended.at("updateTenancy.endedOn")).isEqualTo(daysAgo(0));
		assertThat(ended.at("updateTenancy.monthlyRent")).isEqualTo(630.5);
		assertThat(ended.at("updateTenancy.provenance.updatedBy")).isEqualTo(LANDLORD);
		assertThat(Fixtures.count("SELECT version FROM passerelle.tenancy WHERE id = ?::uuid", id)).isEqualTo(2);
	}

	@Test
	void othersSeeTenanciesOnlyWithConsentAndNeverWriteThem() {
		UUID person = followedBy(DemoOrganizations.LANDLORD.id(), InvolvementKind.TENANCY, "Bail");
		String id = (String) recordTenancy(LANDLORD, person, tenancy()).at("recordTenancy.id");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.CAF.id(), person, InvolvementKind.BENEFITS);

		Answer unread = housingFile(ASSOCIATION, person);
		assertThat(unread.at("person.tenancies")).isNull();
		assertThat(unread.redaction("person.tenancies")).isEqualTo("TENANCY/NO_CONSENT");
		// the association may not see it: for it the tenancy does not exist
		assertThat(updateTenancy(ASSOCIATION, Map.of("id", id, "version", 0, "monthlyRent", 1)).codes())
			.containsExactly("NOT_FOUND");
		Fixtures.permitOrganization(Fixtures.consent(person), DemoOrganizations.ASSOCIATION.id(),
				List.of(DataCategory.TENANCY), List.of(Purpose.SUPPORT));
		Answer consented = housingFile(ASSOCIATION, person);
		assertThat(consented.at("person.tenancies[0].id")).isEqualTo(id);
		assertThat(consented.at("person.tenancies[0].landlord.name")).isEqualTo(DemoOrganizations.LANDLORD.name());
		assertThat(updateTenancy(ASSOCIATION, Map.of("id", id, "version", 0, "monthlyRent", 1)).codes())
			.containsExactly("FORBIDDEN");

		assertThat(recordTenancy(CAF, person, tenancy()).codes()).containsExactly("FORBIDDEN");
		assertThat(recordTenancy(ASSOCIATION, person, tenancy()).codes()).containsExactly("FORBIDDEN");
		UUID stranger = Fixtures.adult("Sans bail");
		assertThat(recordTenancy(LANDLORD, stranger, tenancy()).codes()).containsExactly("NOT_FOUND");
		assertThat(tenancies(person)).isEqualTo(1);
		assertThat(Fixtures.count("SELECT version FROM passerelle.tenancy WHERE id = ?::uuid", id)).isZero();
	}

	@Test
	void badTenancyInputIsRefusedWithItsFieldAndWritesNothing() {
		UUID person = followedBy(DemoOrganizations.LANDLORD.id(), InvolvementKind.TENANCY, "Loyer");
		assertThat(field(recordTenancy(LANDLORD, person, tenancy("monthlyRent", -10)))).isEqualTo("input.monthlyRent");
		assertThat(field(recordTenancy(LANDLORD, person, tenancy("monthlyCharges", 12.345))))
			.isEqualTo("input.monthlyCharges");
		assertThat(field(recordTenancy(LANDLORD, person, tenancy("monthlyRent", 2_000_000))))
			.isEqualTo("input.monthlyRent");
		assertThat(field(recordTenancy(LANDLORD, person, tenancy("endedOn", daysAgo(31))))).isEqualTo("input.endedOn");
		assertThat(field(recordTenancy(LANDLORD, person, tenancy("address", "  ")))).isEqualTo("input.address");
		assertThat(recordTenancy(LANDLORD, person, tenancy("leaseKind", "SQUAT")).errors()).isNotEmpty();
		assertThat(tenancies(person)).isZero();
	}

	@Test
	void theSameIdempotencyKeyReturnsTheFirstTenancyAndRefusesAnotherRequest() {
		UUID person = followedBy(DemoOrganizations.LANDLORD.id(), InvolvementKind.TENANCY, "Idempotent");
		Map<String, Object> input = tenancy("idempotencyKey", "k-" + UUID.randomUUID());
		String first = (String) recordTenancy(LANDLORD, person, input).at("recordTenancy.id");
		assertThat(recordTenancy(LANDLORD, person, input).at("recordTenancy.id")).isEqualTo(first);
		input.put("monthlyRent", 500.5);
		Answer other = recordTenancy(LANDLORD, person, input);
		assertThat(other.codes()).containsExactly("IDEMPOTENCY_KEY_REUSED");
		assertThat(other.errors().get(0).getExtensions()).containsEntry("field", "input.idempotencyKey");
		assertThat(tenancies(person)).isEqualTo(1);
	}

	// helpers

	private Answer requestOrientation(String user, UUID person, String requestedOn, String solution) {
		return Answer.ask(this.partners.as(user), "requestOrientation", Map.of("input", Map.of("personId",
				person.toString(), "requestedOn", requestedOn, "requestedSolution", solution, "requestNote", "note")));
	}

	private Answer propose(String user, String orientation, Map<String, ?> fields) {
		Map<String, Object> input = new HashMap<>(fields);
		input.put("orientationId", orientation);
		return Answer.ask(this.partners.as(user), "proposeOrientation", Map.of("input", input));
	}

	private void proposeOn(Answer requested, int count) {
		String orientation = (String) requested.at("requestOrientation.id");
		for (int i = 0; i < count; i++) {
			assertThat(propose(SIAO, orientation, Map.of("proposedOn", daysAgo(0), "providerOrganizationId",
					DemoOrganizations.LANDLORD.id().toString()))
				.errors()).isEmpty();
		}
	}

	private Answer decide(String user, String orientation, int version, String status, String decidedOn) {
		return Answer.ask(this.partners.as(user), "decideOrientation", Map.of("input", Map.of("id", orientation,
				"version", version, "status", status, "decidedOn", decidedOn, "outcomeNote", "décision")));
	}

	private Answer outcome(String proposal, int version, String outcome, String outcomeOn) {
		Map<String, Object> input = new HashMap<>(Map.of("id", proposal, "version", version, "outcome", outcome));
		if (outcomeOn != null) {
			input.put("outcomeOn", outcomeOn);
		}
		return Answer.ask(this.partners.as(SIAO), "recordProposalOutcome", Map.of("input", input));
	}

	private Answer recordApplication(String user, UUID person, Map<String, ?> fields) {
		Map<String, Object> input = new HashMap<>(fields);
		input.put("personId", person.toString());
		return Answer.ask(this.partners.as(user), "recordHousingApplication", Map.of("input", input));
	}

	private Answer updateApplication(String user, Map<String, ?> input) {
		return Answer.ask(this.partners.as(user), "updateHousingApplication", Map.of("input", input));
	}

	private Answer recordAttribution(String user, UUID person, Map<String, ?> fields) {
		Map<String, Object> input = new HashMap<>(fields);
		input.put("personId", person.toString());
		return Answer.ask(this.partners.as(user), "recordAttribution", Map.of("input", input));
	}

	private Answer recordTenancy(String user, UUID person, Map<String, ?> fields) {
		Map<String, Object> input = new HashMap<>(fields);
		input.put("personId", person.toString());
		return Answer.ask(this.partners.as(user), "recordTenancy", Map.of("input", input));
	}

	private Answer updateTenancy(String user, Map<String, ?> input) {
		return Answer.ask(this.partners.as(user), "updateTenancy", Map.of("input", input));
	}

	private Answer housingFile(String user, UUID person) {
		Answer file = Answer.ask(this.partners.as(user), "housingFile", Map.of("id", person.toString()));
		assertThat(file.at("person.id")).isEqualTo(person.toString());
		return file;
	}

	/** A valid tenancy, with these fields changed. */
	private static Map<String, Object> tenancy(Object... changes) {
		Map<String, Object> input = new HashMap<>(Map.of("leaseKind", "SUBLEASE", "dwellingType", "STUDIO", "address",
				"3 place Victor Hugo, 38000 Grenoble", "startedOn", daysAgo(30), "monthlyRent", 420.0));
		for (int i = 0; i < changes.length; i += 2) {
			input.put((String) changes[i], changes[i + 1]);
		}
		return input;
	}

	private long statementsFor(String query, UUID person) {
		long before = this.statements.count();
		Answer file = Answer.ask(this.partners.as(SIAO), query, Map.of("id", person.toString()));
		long used = this.statements.count() - before;
		assertThat(file.errors()).isEmpty();
		return used;
	}

	private static UUID followedBy(UUID organization, InvolvementKind kind, String name) {
		UUID person = Fixtures.adult(name);
		Fixtures.involve(organization, person, kind);
		return person;
	}

	private static String daysAgo(int days) {
		return LocalDate.now().minusDays(days).toString();
	}

	private static Object field(Answer answer) {
		assertThat(answer.codes()).containsExactly("INVALID_INPUT");
		return answer.errors().get(0).getExtensions().get("field");
	}

	private static int orientations(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.siao_orientation WHERE person_id = ?", person);
	}

	private static int proposals(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.siao_proposal WHERE person_id = ?", person);
	}

	private static int applications(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.housing_application WHERE person_id = ?", person);
	}

	private static int attributions(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.attribution WHERE person_id = ?", person);
	}

	private static int tenancies(UUID person) {
		return Fixtures.count("SELECT count(*) FROM passerelle.tenancy WHERE person_id = ?", person);
	}

}

package fr.passerelle.support;

import java.util.UUID;

import fr.passerelle.demo.DemoOrganizations;

/**
 * Elements of the support file written straight into the test database as the schema
 * owner (below the API), each recorded "now" by the organization given, under a mission
 * basis: the facts a test needs a person to have, whatever the write policy.
 */
public final class Elements {

	private Elements() {
	}

	/** An open support measure of this type, run by {@code provider}. */
	public static UUID measure(UUID person, String type, UUID provider, UUID recordedBy, String caseLead) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.support_measure (id, person_id, type, provider_organization_id, case_lead,
				    started_on, intensity, recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (?, ?, ?::passerelle.support_measure_type, ?, ?, current_date - 10, 'REGULAR', ?, 'fixture',
				    'MISSION', 'fixture')""", id, person, type, provider, caseLead, recordedBy));
		return id;
	}

	public static UUID note(UUID person, UUID recordedBy) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.support_note (id, person_id, written_on, body, recorded_by_organization_id,
				    recorded_by, basis, basis_rule)
				VALUES (?, ?, current_date, 'Fixture note', ?, 'fixture', 'MISSION', 'fixture')""", id, person,
				recordedBy));
		return id;
	}

	/** A health, justice or violence record. */
	public static UUID sensitiveRecord(UUID person, String category, UUID recordedBy) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.sensitive_record (id, person_id, category, kind, started_on,
				    recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (?, ?, ?::passerelle.data_category, 'OTHER', current_date - 3, ?, 'fixture', 'MISSION',
				    'fixture')""", id, person, category, recordedBy));
		return id;
	}

	public static UUID benefit(UUID person, UUID recordedBy) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.benefit (id, person_id, type, status, monthly_amount, since,
				    recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (?, ?, 'RSA', 'PAID', 607.75, current_date - 40, ?, 'fixture', 'MISSION', 'fixture')""", id,
				person, recordedBy));
		return id;
	}

	/** Open rent arrears. */
	public static UUID arrears(UUID person, UUID recordedBy) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.rent_arrears (id, person_id, amount, months, since, recorded_by_organization_id,
				    recorded_by, basis, basis_rule)
				VALUES (?, ?, 812.40, 2, current_date - 60, ?, 'fixture', 'MISSION', 'fixture')""", id, person,
				recordedBy));
		return id;
	}

	/**
	 * An SIAO orientation in this status (decided today unless REQUESTED or PROPOSED),
	 * addressed to the demo territory's SIAO.
	 */
	public static UUID orientation(UUID person, String status, UUID recordedBy) {
		return orientation(person, status, recordedBy, DemoOrganizations.SIAO.id());
	}

	/** An SIAO orientation in this status, addressed to this organization. */
	public static UUID orientation(UUID person, String status, UUID recordedBy, UUID siao) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.siao_orientation (id, person_id, siao_organization_id, requested_on,
				    requested_solution, status, decided_on, recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (?, ?, ?, current_date - 5, 'IML', ?::passerelle.orientation_status,
				    CASE WHEN ? IN ('REQUESTED', 'PROPOSED') THEN NULL ELSE current_date END, ?, 'fixture', 'MISSION',
				    'fixture')""", id, person, siao, status, status, recordedBy));
		return id;
	}

	/** A proposal awaiting the person's decision, with a provider. */
	public static UUID pendingProposal(UUID orientation, UUID person, UUID provider, UUID recordedBy) {
		UUID id = UUID.randomUUID();
		Fixtures.owner((dsl) -> dsl.execute("""
				INSERT INTO passerelle.siao_proposal (id, person_id, orientation_id, proposed_on, solution,
				    provider_organization_id, recorded_by_organization_id, recorded_by, basis, basis_rule)
				VALUES (?, ?, ?, current_date - 1, 'IML', ?, ?, 'fixture', 'MISSION', 'fixture')""", id, person,
				orientation, provider, recordedBy));
		return id;
	}

}

package fr.passerelle.review;

import static fr.passerelle.review.AccessEventsTest.iso;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * A person's access report (GDPR art. 15, C-579/21): which organizations consulted the
 * file, when, why and what they saw, emergency accesses included, refusals left out, and
 * never an employee's name.
 */
@IntegrationTest
class AccessReportTest {

	private static final List<String> USERS = List.of("report.referent.asso", "report.agent.caf",
			"report.gestion.bailleur", "report.maraude.autre-asso");

	@AfterAll
	static void removeTheEventsWrittenHere() {
		ReviewFixtures.removeEvents();
	}

	@Autowired
	Partners partners;

	private final OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.MILLIS);

	@Test
	void theReportListsOrganizationsTimesPurposesAndCategoriesNeverEmployees() {
		UUID karim = Fixtures.adult("Rapport");
		UUID neighbour = Fixtures.adult("Voisin");
		ReviewFixtures.event(USERS.get(0), DemoOrganizations.ASSOCIATION, Purpose.SUPPORT, "personFile",
				this.now.minusDays(3), List.of(ReviewFixtures.person(karim,
						List.of(DataCategory.IDENTITY, DataCategory.CONTACT), Map.of(DataCategory.HEALTH, "POLICY"))));
		ReviewFixtures.event(USERS.get(1), DemoOrganizations.CAF, Purpose.BENEFITS, "resourcesFile",
				this.now.minusDays(2).plusHours(1),
				List.of(ReviewFixtures.person(karim, List.of(), Map.of(DataCategory.RESOURCES, "NO_CONSENT"))));
		UUID emergency = ReviewFixtures.emergencyAccess(karim, USERS.get(3), DemoOrganizations.OTHER_ASSOCIATION,
				this.now.minusDays(2), this.now.minusDays(2).plusHours(12));
		ReviewFixtures.event(USERS.get(2), DemoOrganizations.LANDLORD, Purpose.HOUSING_ALLOCATION, "housingFile",
				this.now.minusDays(1),
				List.of(ReviewFixtures.person(neighbour, List.of(DataCategory.IDENTITY), Map.of()),
						ReviewFixtures.person(karim, List.of(DataCategory.IDENTITY, DataCategory.TENANCY), Map.of())));
		ReviewFixtures.event(USERS.get(2), DemoOrganizations.LANDLORD, Purpose.HOUSING_ALLOCATION, "housingFile",
				this.now.minusHours(1),
				List.of(ReviewFixtures.person(neighbour, List.of(DataCategory.TENANCY), Map.of())));

		Answer report = Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-report"),
				Map.of("personId", karim.toString()));
		assertThat(report.errors()).isEmpty();
		assertThat(report.at("accessReport.personId")).isEqualTo(karim.toString());
		assertThat(report.at("accessReport.generatedAt")).isNotNull();
		assertThat(lines(report)).containsExactly(
				line("CONSULTATION", DemoOrganizations.ASSOCIATION.name(), "ASSOCIATION", this.now.minusDays(3),
						"SUPPORT", "personFile", List.of("IDENTITY", "CONTACT"), null),
				line("EMERGENCY_ACCESS", DemoOrganizations.OTHER_ASSOCIATION.name(), "ASSOCIATION",
						this.now.minusDays(2), "EMERGENCY", "openEmergencyAccess", List.of(),
						this.now.minusDays(2).plusHours(12)),
				line("CONSULTATION", DemoOrganizations.LANDLORD.name(), "LANDLORD", this.now.minusDays(1),
						"HOUSING_ALLOCATION", "housingFile", List.of("IDENTITY", "TENANCY"), null));

		Answer everything = Answer.ask(this.partners.as("dpo"),
				"""
						query ($id: ID!) { accessReport(personId: $id) { personId generatedAt from to entries {
						  kind organization { id name type territory sensitive } occurredAt purpose operation categories until } } }""",
				Map.of("id", karim.toString()));
		assertThat(everything.errors()).isEmpty();
		String whole = everything.map().toString();
		for (String user : USERS) {
			assertThat(whole).as("no employee in the report").doesNotContain(user);
		}
		assertThat(whole).doesNotContain("sub-").doesNotContain(emergency.toString()).doesNotContain("Trouvé");
		assertThat(whole).as("another person's consultations stay out").doesNotContain(neighbour.toString());
	}

	@Test
	void thePeriodNarrowsTheReport() {
		UUID person = Fixtures.adult("Periode");
		ReviewFixtures.event("period.referent", DemoOrganizations.ASSOCIATION, Purpose.SUPPORT, "personFile",
				this.now.minusDays(10),
				List.of(ReviewFixtures.person(person, List.of(DataCategory.IDENTITY), Map.of())));
		ReviewFixtures.emergencyAccess(person, "period.maraude", DemoOrganizations.OTHER_ASSOCIATION,
				this.now.minusDays(5), this.now.minusDays(5).plusHours(6));
		ReviewFixtures.event("period.caf", DemoOrganizations.CAF, Purpose.BENEFITS, "resourcesFile",
				this.now.minusDays(1),
				List.of(ReviewFixtures.person(person, List.of(DataCategory.RESOURCES), Map.of())));

		assertThat(kinds(person, Map.of())).containsExactly("CONSULTATION:SUPPORT", "EMERGENCY_ACCESS:EMERGENCY",
				"CONSULTATION:BENEFITS");
		assertThat(kinds(person, Map.of("from", iso(this.now.minusDays(6)))))
			.containsExactly("EMERGENCY_ACCESS:EMERGENCY", "CONSULTATION:BENEFITS");
		assertThat(kinds(person, Map.of("to", iso(this.now.minusDays(5))))).containsExactly("CONSULTATION:SUPPORT");
		assertThat(kinds(person, Map.of("from", iso(this.now.minusDays(6)), "to", iso(this.now.minusDays(2)))))
			.containsExactly("EMERGENCY_ACCESS:EMERGENCY");

		Answer backwards = Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-report"),
				Map.of("personId", person.toString(), "from", iso(this.now), "to", iso(this.now.minusDays(1))));
		assertThat(backwards.codes()).containsExactly("INVALID_INPUT");
		assertThat(backwards.errors().get(0).getExtensions()).containsEntry("field", "to");
	}

	@Test
	void aPersonNeverConsultedHasAnEmptyReportAndAnUnknownIdNone() {
		UUID person = Fixtures.adult("Jamais");
		Answer empty = Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-report"),
				Map.of("personId", person.toString()));
		assertThat(empty.errors()).isEmpty();
		assertThat(empty.at("accessReport.entries")).isEqualTo(List.of());
		for (String unknown : List.of(UUID.randomUUID().toString(), "not-an-id")) {
			Answer none = Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-report"),
					Map.of("personId", unknown));
			assertThat(none.errors()).isEmpty();
			assertThat(none.at("accessReport")).isNull();
		}
	}

	@Test
	void nobodyButThePrivacyOfficerDrawsAReport() {
		UUID person = Fixtures.adult("Refus");
		ReviewFixtures.event("deny.report", DemoOrganizations.ASSOCIATION, Purpose.SUPPORT, "personFile", this.now,
				List.of(ReviewFixtures.person(person, List.of(DataCategory.IDENTITY), Map.of())));
		for (String other : AccessEventsTest.OTHERS) {
			Answer denied = Answer.ask(this.partners.as(other), ReviewFixtures.document("access-report"),
					Map.of("personId", person.toString()));
			assertThat(denied.codes()).as(other).containsExactly("FORBIDDEN");
			assertThat(denied.at("accessReport")).as(other).isNull();
		}
	}

	private List<String> kinds(UUID person, Map<String, String> period) {
		Map<String, Object> variables = new java.util.HashMap<>(period);
		variables.put("personId", person.toString());
		Answer answer = Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("access-report"), variables);
		assertThat(answer.errors()).isEmpty();
		return ((List<?>) answer.at("accessReport.entries")).stream()
			.map((e) -> ((Map<?, ?>) e).get("kind") + ":" + ((Map<?, ?>) e).get("purpose"))
			.toList();
	}

	/** The report's entries, one line each, instants compared whatever their offset. */
	private static List<String> lines(Answer report) {
		return ((List<?>) report.at("accessReport.entries")).stream().map((e) -> {
			Map<?, ?> entry = (Map<?, ?>) e;
			Map<?, ?> organization = (Map<?, ?>) entry.get("organization");
			return line((String) entry.get("kind"), (String) organization.get("name"),
					(String) organization.get("type"), OffsetDateTime.parse((String) entry.get("occurredAt")),
					(String) entry.get("purpose"), (String) entry.get("operation"), (List<?>) entry.get("categories"),
					(entry.get("until") != null) ? OffsetDateTime.parse((String) entry.get("until")) : null);
		}).toList();
	}

	private static String line(String kind, String organization, String type, OffsetDateTime at, String purpose,
			String operation, List<?> categories, @Nullable OffsetDateTime until) {
		return String.join(" | ", kind, organization, type, at.toInstant().toString(), purpose, operation,
				categories.toString(), (until != null) ? until.toInstant().toString() : "-");
	}

}

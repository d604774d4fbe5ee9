package fr.passerelle.retention;

import static fr.passerelle.jooq.Tables.HOUSEHOLD;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_MEMBER;
import static fr.passerelle.jooq.Tables.PERSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.HouseholdRole;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Anonymization on request through the API: the privacy officer only; a dry run that
 * writes nothing; identity, contact and free texts gone, statistics and the access log
 * unchanged; the household members who go with the person and those who stay.
 */
@IntegrationTest
class AnonymizePersonTest {

	/** Every realm user who is not the privacy officer. */
	static final List<String> OTHERS = List.of("referent.asso", "referent.autre-asso", "maraude.autre-asso",
			"referent.sensible", "coord.siao", "agent.caf", "gestion.bailleur", "as.departement", "agent.etat",
			"pilote.metropole", "analyste.metropole", "admin");

	private static final String REASON = "Demande d'effacement reçue le 3 mars par courrier (art. 17)";

	@Autowired
	Partners partners;

	@Test
	void onlyThePrivacyOfficerAnonymizesOrRunsRetention() {
		UUID person = Fixtures.adult("Refus");
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		String before = Fixtures.owner(RetentionProbes::digest);
		for (String user : OTHERS) {
			Answer anonymize = Answer.ask(this.partners.as(user), "anonymizePerson",
					Map.of("personId", person.toString(), "reason", REASON));
			assertThat(anonymize.codes()).as(user).containsExactly("FORBIDDEN");
			assertThat(anonymize.at("anonymizePerson")).isNull();
			Answer dryAnonymize = Answer.ask(this.partners.as(user), "anonymizePerson",
					Map.of("personId", person.toString(), "reason", REASON, "dryRun", true));
			assertThat(dryAnonymize.codes()).as(user).containsExactly("FORBIDDEN");
			assertThat(Answer.ask(this.partners.as(user), "retentionRun", Map.of("dryRun", false)).codes()).as(user)
				.containsExactly("FORBIDDEN");
			assertThat(Answer.ask(this.partners.as(user), "retentionRun", Map.of()).codes()).as(user)
				.containsExactly("FORBIDDEN");
		}
		assertThat(Fixtures.owner(RetentionProbes::digest)).isEqualTo(before);

		Answer allowed = Answer.ask(this.partners.as("dpo"), "anonymizePerson",
				Map.of("personId", person.toString(), "reason", REASON));
		assertThat(allowed.errors()).isEmpty();
		assertThat(allowed.at("anonymizePerson.personId")).isEqualTo(person.toString());
		assertThat(Fixtures.count("SELECT count(*) FROM passerelle.person WHERE first_name = 'Anonyme' AND id = ?",
				person))
			.isEqualTo(1);
		Answer run = Answer.ask(this.partners.as("dpo"), "retentionRun", Map.of());
		assertThat(run.errors()).isEmpty();
		assertThat(run.at("retentionRun.dryRun")).isEqualTo(true);
		assertThat(run.at("retentionRun.defaultPeriod")).isEqualTo("P2Y");
	}

	@Test
	void aDryRunListsWhatWouldChangeAndWritesNothing() {
		UUID person = personWithAFullFile("Sèche");
		String digest = Fixtures.owner(RetentionProbes::digest);
		long lastEvent = Fixtures.owner(RetentionProbes::lastEvent);
		String log = Fixtures.owner((dsl) -> RetentionProbes.accessLog(dsl, lastEvent));
		Answer dry = Answer.ask(this.partners.as("dpo"), "anonymizePerson",
				Map.of("personId", person.toString(), "reason", REASON, "dryRun", true));
		assertThat(dry.errors()).isEmpty();
		assertThat(dry.at("anonymizePerson.dryRun")).isEqualTo(true);
		assertThat(dry.at("anonymizePerson.anonymizedAt")).isNull();
		Map<String, Object> fields = fields(dry, "anonymizePerson");
		assertThat(fields).containsEntry("person.first_name", 1)
			.containsEntry("person.birth_date", 1)
			.containsEntry("person.phone", 1)
			.containsEntry("person.email", 1)
			.containsEntry("support_note.body", 2)
			.containsEntry("residential_situation.place", 2)
			.containsEntry("residential_situation.note", 1)
			.containsEntry("needs_assessment_item.note", 1)
			.containsEntry("housing_application.sne_number", 1)
			.containsEntry("tenancy.address", 1)
			.containsEntry("consent.document_reference", 1)
			.containsEntry("emergency_access.justification", 1)
			.doesNotContainKey("consent.representative_name")
			.doesNotContainKey("rent_arrears.amount");
		// nothing written, not even a sequence number
		assertThat(Fixtures.owner(RetentionProbes::digest)).isEqualTo(digest);
		String logAfter = Fixtures.owner((dsl) -> RetentionProbes.accessLog(dsl, lastEvent));
		assertThat(logAfter).isEqualTo(log);
		assertThat(
				Fixtures.count("SELECT count(*) FROM passerelle.person WHERE anonymized_at IS NULL AND id = ?", person))
			.isEqualTo(1);
		Answer run = Answer.ask(this.partners.as("dpo"), "retentionRun", Map.of("dryRun", true));
		assertThat(run.errors()).isEmpty();
		assertThat(Fixtures.owner(RetentionProbes::digest)).isEqualTo(digest);
	}

	@Test
	void anonymizationRemovesNamesAndFreeTextsAndKeepsTheStatistics() {
		UUID person = personWithAFullFile("Amandine");
		// the household: a child registered only through it and long inactive goes with
		// her; her partner (active) and her mother (in another household too) stay
		UUID child = member(person, "Lina", HouseholdRole.CHILD, 3);
		Fixtures.owner((dsl) -> Fixtures.consent(child, LocalDate.now().minusYears(3), null,
				GrantorKind.LEGAL_REPRESENTATIVE));
		UUID partner = member(person, "Karl", HouseholdRole.ADULT, 0);
		UUID mother = member(person, "Odette", HouseholdRole.OTHER, 3);
		UUID elsewhere = UUID.randomUUID();
		Fixtures.owner((dsl) -> {
			dsl.insertInto(HOUSEHOLD).set(HOUSEHOLD.ID, elsewhere).execute();
			return dsl.insertInto(HOUSEHOLD_MEMBER)
				.set(HOUSEHOLD_MEMBER.HOUSEHOLD_ID, elsewhere)
				.set(HOUSEHOLD_MEMBER.PERSON_ID, mother)
				.set(HOUSEHOLD_MEMBER.ROLE, HouseholdRole.ADULT)
				.set(HOUSEHOLD_MEMBER.SINCE, LocalDate.now().minusYears(10))
				.execute();
		});
		List<UUID> persons = List.of(person, child, partner, mother);
		String kept = Fixtures.owner((dsl) -> RetentionProbes.kept(dsl, persons));
		String statistics = Fixtures.owner((dsl) -> RetentionProbes.statistics(dsl, persons));
		long lastEvent = Fixtures.owner(RetentionProbes::lastEvent);
		String log = Fixtures.owner((dsl) -> RetentionProbes.accessLog(dsl, lastEvent));
		String sne = text("SELECT sne_number FROM passerelle.housing_application WHERE person_id = ?", person);
		OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);

		Answer answer = Answer.ask(this.partners.as("dpo"), "anonymizePerson",
				Map.of("personId", person.toString(), "reason", REASON));
		assertThat(answer.errors()).isEmpty();
		assertThat(answer.at("anonymizePerson.dryRun")).isEqualTo(false);
		assertThat(OffsetDateTime.parse((String) answer.at("anonymizePerson.anonymizedAt"))).isAfter(before);
		assertThat(answer.at("anonymizePerson.reason")).isEqualTo(REASON);
		assertThat(fields(answer, "anonymizePerson")).containsEntry("support_note.body", 2)
			.containsEntry("person.last_name", 1);
		assertThat(answer.at("anonymizePerson.members[0].personId")).isEqualTo(child.toString());
		assertThat(answer.at("anonymizePerson.members[1]")).isNull();
		assertThat(fields(answer, "anonymizePerson.members[0]")).containsEntry("person.first_name", 1)
			.containsEntry("consent.representative_name", 1)
			.containsEntry("involvement.reason", 1);
		assertThat(ids(answer, "anonymizePerson.keptMembers")).containsExactlyInAnyOrder(partner.toString(),
				mother.toString());

		// identity and contact replaced, the birth year kept
		assertThat(text(
				"SELECT concat_ws('/', first_name, last_name, birth_date, phone, email, anonymized_by, anonymized_reason IS NOT NULL) FROM passerelle.person WHERE id = ?",
				person))
			.isEqualTo("Anonyme/Anonyme/1979-01-01/dpo/t");
		assertThat(Fixtures.count("""
				SELECT count(*) FROM passerelle.person
				WHERE first_name = 'Anonyme' AND anonymized_at IS NOT NULL AND id = ?""", child)).isEqualTo(1);
		assertThat(Fixtures.count("""
				SELECT count(*) FROM passerelle.person
				WHERE first_name <> 'Anonyme' AND anonymized_at IS NULL AND id IN (?, ?)""", partner, mother))
			.isEqualTo(2);
		// no free text left in her file; the SNE number keeps its département and month
		assertThat(Fixtures
			.count("""
					SELECT (SELECT count(*) FROM passerelle.residential_situation WHERE person_id = ?1 AND (place IS NOT NULL OR note IS NOT NULL))
					     + (SELECT count(*) FROM passerelle.housing_wish WHERE person_id = ?1 AND (locations <> '{}' OR constraints IS NOT NULL OR own_words IS NOT NULL))
					     + (SELECT count(*) FROM passerelle.needs_assessment WHERE person_id = ?1 AND summary IS NOT NULL)
					     + (SELECT count(*) FROM passerelle.needs_assessment_item WHERE person_id = ?1 AND note IS NOT NULL)
					     + (SELECT count(*) FROM passerelle.support_note WHERE person_id = ?1 AND body <> '[anonymisé]')
					     + (SELECT count(*) FROM passerelle.siao_orientation WHERE person_id = ?1 AND (request_note IS NOT NULL OR outcome_note IS NOT NULL))
					     + (SELECT count(*) FROM passerelle.tenancy WHERE person_id = ?1 AND address <> '[anonymisé]')
					     + (SELECT count(*) FROM passerelle.benefit WHERE person_id = ?1 AND suspension_reason IS NOT NULL)
					     + (SELECT count(*) FROM passerelle.prevention_step WHERE person_id = ?1 AND note IS NOT NULL)
					     + (SELECT count(*) FROM passerelle.sensitive_record WHERE person_id = ?1 AND summary IS NOT NULL)
					     + (SELECT count(*) FROM passerelle.involvement WHERE person_id = ?1 AND reason <> '[anonymisé]')
					     + (SELECT count(*) FROM passerelle.consent WHERE person_id = ?1 AND document_reference IS NOT NULL)
					     + (SELECT count(*) FROM passerelle.emergency_access WHERE person_id = ?1 AND justification NOT LIKE '[anonymisé]%')"""
				.replace("?1", "'" + person + "'")))
			.isZero();
		String anonymizedSne = text("SELECT sne_number FROM passerelle.housing_application WHERE person_id = ?",
				person);
		assertThat(anonymizedSne).startsWith(sne.substring(0, 7)).endsWith("ANONY").isNotEqualTo(sne);
		// every row, kind, date, amount, status and link kept: the same statistics
		String keptAfter = Fixtures.owner((dsl) -> RetentionProbes.kept(dsl, persons));
		assertThat(keptAfter).isEqualTo(kept);
		String statisticsAfter = Fixtures.owner((dsl) -> RetentionProbes.statistics(dsl, persons));
		assertThat(statisticsAfter).isEqualTo(statistics)
			.contains("from the street into housing 1 in ", "rents 412.50 charges 60.00", "arrears OPEN 1 825.00 2",
					"measure AVDL REGULAR 1");
		// elements changed by the privacy officer, a client holding an old version is
		// stale
		assertThat(Fixtures
			.count("""
					SELECT count(*) FROM passerelle.support_note WHERE person_id = ? AND version = 1 AND updated_by = 'dpo'""",
					person))
			.isEqualTo(2);
		// the access log untouched; the partners see the anonymized identity
		String logAfter = Fixtures.owner((dsl) -> RetentionProbes.accessLog(dsl, lastEvent));
		assertThat(logAfter).isEqualTo(log);
		Answer read = Answer.ask(this.partners.as("referent.asso"), "personFile", Map.of("id", person.toString()));
		assertThat(read.at("person.firstName")).isEqualTo("Anonyme");
		assertThat(read.at("person.phone")).isNull();

		Answer again = Answer.ask(this.partners.as("dpo"), "anonymizePerson",
				Map.of("personId", person.toString(), "reason", REASON));
		assertThat(again.codes()).containsExactly("CONFLICT");
		Answer dryAgain = Answer.ask(this.partners.as("dpo"), "anonymizePerson",
				Map.of("personId", child.toString(), "reason", REASON, "dryRun", true));
		assertThat(dryAgain.codes()).containsExactly("CONFLICT");
	}

	@Test
	void anUnknownPersonIsNotFoundAndAReasonIsRequired() {
		String digest = Fixtures.owner(RetentionProbes::digest);
		assertThat(Answer
			.ask(this.partners.as("dpo"), "anonymizePerson",
					Map.of("personId", UUID.randomUUID().toString(), "reason", REASON))
			.codes()).containsExactly("NOT_FOUND");
		assertThat(Answer
			.ask(this.partners.as("dpo"), "anonymizePerson", Map.of("personId", "not-an-id", "reason", REASON))
			.codes()).containsExactly("NOT_FOUND");
		UUID person = Fixtures.adult("Motif");
		Answer noReason = Answer.ask(this.partners.as("dpo"), "anonymizePerson",
				Map.of("personId", person.toString(), "reason", "  "));
		assertThat(noReason.codes()).containsExactly("INVALID_INPUT");
		assertThat(noReason.errors().get(0).getExtensions()).containsEntry("field", "reason");
		assertThat(
				Fixtures.count("SELECT count(*) FROM passerelle.person WHERE anonymized_at IS NULL AND id = ?", person))
			.isEqualTo(1);
		assertThat(Fixtures.owner((DSLContext dsl) -> RetentionProbes.digest(dsl)
			.lines()
			.filter((line) -> !line.startsWith("person="))
			.toList())).isEqualTo(digest.lines().filter((line) -> !line.startsWith("person=")).toList());
	}

	/**
	 * A person followed by the association with a consent and free text in every part of
	 * her file.
	 */
	static UUID personWithAFullFile(String firstName) {
		UUID person = Fixtures.person(firstName, "Verlaine", LocalDate.of(1979, 6, 14));
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), person, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.consent(person);
		Fixtures.owner((dsl) -> {
			RetentionProbes.fullFile(dsl, person, sne());
			return null;
		});
		UUID household = UUID.randomUUID();
		Fixtures.owner((dsl) -> {
			dsl.insertInto(HOUSEHOLD).set(HOUSEHOLD.ID, household).execute();
			return dsl.insertInto(HOUSEHOLD_MEMBER)
				.set(HOUSEHOLD_MEMBER.HOUSEHOLD_ID, household)
				.set(HOUSEHOLD_MEMBER.PERSON_ID, person)
				.set(HOUSEHOLD_MEMBER.ROLE, HouseholdRole.ADULT)
				.set(HOUSEHOLD_MEMBER.SINCE, LocalDate.now().minusYears(5))
				.execute();
		});
		return person;
	}

	/**
	 * A new member of the person's household, registered with an involvement of the
	 * association, whose last activity was that many years ago.
	 */
	private static UUID member(UUID person, String firstName, HouseholdRole role, int yearsInactive) {
		UUID member = Fixtures.person(firstName, "Verlaine",
				LocalDate.now().minusYears(role == HouseholdRole.CHILD ? 9 : 50));
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), member, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.owner((dsl) -> {
			UUID household = dsl.fetchValue(
					"SELECT household_id FROM passerelle.household_member WHERE person_id = ? LIMIT 1",
					person) instanceof UUID id ? id : null;
			dsl.insertInto(HOUSEHOLD_MEMBER)
				.set(HOUSEHOLD_MEMBER.HOUSEHOLD_ID, household)
				.set(HOUSEHOLD_MEMBER.PERSON_ID, member)
				.set(HOUSEHOLD_MEMBER.ROLE, role)
				.set(HOUSEHOLD_MEMBER.REPRESENTATIVE_PERSON_ID, (role == HouseholdRole.CHILD) ? person : null)
				.set(HOUSEHOLD_MEMBER.SINCE, LocalDate.now().minusYears(5))
				.execute();
			return dsl.update(PERSON)
				.set(PERSON.LAST_ACTIVITY_AT, OffsetDateTime.now().minusYears(yearsInactive).minusDays(1))
				.where(PERSON.ID.eq(member))
				.execute();
		});
		return member;
	}

	/** A valid SNE number of the Isère, filed in March 2025, unlikely to exist. */
	private static String sne() {
		return "0382503" + "%06d".formatted(ThreadLocalRandom.current().nextInt(1_000_000)) + "T"
				+ "%04d".formatted(ThreadLocalRandom.current().nextInt(10_000));
	}

	private static String text(String sql, Object... bindings) {
		return Fixtures.owner((dsl) -> String.valueOf(dsl.fetchValue(sql, bindings)));
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Answer answer, String path) {
		return (List<String>) answer.at(path);
	}

	/** The answer's field counts as {@code table.field -> rows}. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> fields(Answer answer, String path) {
		Map<String, Object> fields = new HashMap<>();
		for (Map<String, Object> field : (List<Map<String, Object>>) answer.at(path + ".fields")) {
			fields.put(field.get("table") + "." + field.get("field"), field.get("rows"));
		}
		return fields;
	}

}

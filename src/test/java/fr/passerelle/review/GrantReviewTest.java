package fr.passerelle.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * The privacy officer's review queue and reviews: an emergency access or a delegation is
 * acknowledged, or flagged with a comment, once, by the privacy officer alone.
 */
@IntegrationTest
class GrantReviewTest {

	@Autowired
	Partners partners;

	private final OffsetDateTime now = OffsetDateTime.now();

	@Test
	void startedPendingGrantsWaitInTheQueueUntilReviewed() {
		UUID person = Fixtures.adult("Revue");
		UUID expired = ReviewFixtures.emergencyAccess(person, "maraude.autre-asso", DemoOrganizations.OTHER_ASSOCIATION,
				this.now.minusDays(2), this.now.minusDays(1));
		UUID running = ReviewFixtures.emergencyAccess(person, "maraude.autre-asso", DemoOrganizations.OTHER_ASSOCIATION,
				this.now.minusHours(1), this.now.plusHours(5));
		UUID started = ReviewFixtures.delegation(DemoOrganizations.ASSOCIATION, "referent.asso", "collegue.asso",
				this.now.minusDays(1), this.now.plusDays(1));
		UUID future = ReviewFixtures.delegation(DemoOrganizations.ASSOCIATION, "referent.asso", "collegue.asso",
				this.now.plusDays(1), this.now.plusDays(2));

		Answer queue = queue();
		assertThat(queue.errors()).isEmpty();
		assertThat(queue.map().toString()).contains(expired.toString(), running.toString(), started.toString())
			.doesNotContain(future.toString());
		List<?> emergencies = (List<?>) queue.at("reviewQueue.emergencyAccesses");
		assertThat(emergencies.stream().map((e) -> String.valueOf(((Map<?, ?>) e).get("id"))).toList())
			.as("oldest first")
			.containsSubsequence(expired.toString(), running.toString());

		assertThat(review("reviewEmergencyAccess", expired, "ACKNOWLEDGED", null).errors()).isEmpty();
		assertThat(review("reviewDelegation", started, "ACKNOWLEDGED", null).errors()).isEmpty();
		assertThat(queue().map().toString()).contains(running.toString())
			.doesNotContain(expired.toString())
			.doesNotContain(started.toString());
	}

	@Test
	void thePrivacyOfficerFlagsAnEmergencyAccessWithAComment() {
		UUID person = Fixtures.adult("Drapeau");
		UUID access = ReviewFixtures.emergencyAccess(person, "maraude.autre-asso", DemoOrganizations.OTHER_ASSOCIATION,
				this.now.minusDays(2), this.now.minusDays(1));
		String comment = "Personne inconnue de l'équipe de maraude cette nuit-là : voir avec la cheffe de service";

		Answer flagged = review("reviewEmergencyAccess", access, "FLAGGED", "  " + comment + "  ");
		assertThat(flagged.errors()).isEmpty();
		assertThat(flagged.at("reviewEmergencyAccess.reviewStatus")).isEqualTo("FLAGGED");
		assertThat(flagged.at("reviewEmergencyAccess.reviewComment")).isEqualTo(comment);
		assertThat(flagged.at("reviewEmergencyAccess.reviewedBy")).isEqualTo("dpo");
		assertThat(flagged.at("reviewEmergencyAccess.reviewedAt")).isNotNull();
		assertThat(flagged.at("reviewEmergencyAccess.personId")).isEqualTo(person.toString());
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.emergency_access WHERE id = ? AND review_status = 'FLAGGED' AND review_comment = ? AND reviewed_by = 'dpo' AND reviewed_at IS NOT NULL",
				access, comment))
			.isEqualTo(1);

		Answer listed = Answer.ask(this.partners.as("dpo"),
				"{ emergencyAccesses(first: 500) { id reviewStatus reviewComment reviewedBy reviewedAt } }", Map.of());
		assertThat(listed.map().toString()).as("the existing list shows the review too")
			.contains("id=" + access + ", reviewStatus=FLAGGED, reviewComment=" + comment + ", reviewedBy=dpo");

		Answer again = review("reviewEmergencyAccess", access, "ACKNOWLEDGED", null);
		assertThat(again.codes()).containsExactly("CONFLICT");
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.emergency_access WHERE id = ? AND review_status = 'FLAGGED'", access))
			.isEqualTo(1);
	}

	@Test
	void thePrivacyOfficerAcknowledgesADelegation() {
		UUID delegation = ReviewFixtures.delegation(DemoOrganizations.ASSOCIATION, "referent.asso", "remplacante.asso",
				this.now.minusDays(3), this.now.minusDays(1));

		Answer acknowledged = review("reviewDelegation", delegation, "ACKNOWLEDGED", null);
		assertThat(acknowledged.errors()).isEmpty();
		assertThat(acknowledged.at("reviewDelegation.reviewStatus")).isEqualTo("ACKNOWLEDGED");
		assertThat(acknowledged.at("reviewDelegation.reviewComment")).isNull();
		assertThat(acknowledged.at("reviewDelegation.reviewedBy")).isEqualTo("dpo");
		assertThat(acknowledged.at("reviewDelegation.reviewedAt")).isNotNull();
		assertThat(Fixtures.count(
				"SELECT count(*) FROM passerelle.delegation WHERE id = ? AND review_status = 'ACKNOWLEDGED' AND review_comment IS NULL AND reviewed_by = 'dpo' AND reviewed_at IS NOT NULL",
				delegation))
			.isEqualTo(1);
		Answer listed = Answer.ask(this.partners.as("dpo"),
				"{ delegations(first: 500) { id reviewStatus reviewComment reviewedBy } }", Map.of());
		assertThat(listed.map().toString()).as("the existing list shows the review too")
			.contains("id=" + delegation + ", reviewStatus=ACKNOWLEDGED, reviewComment=null, reviewedBy=dpo");

		UUID flagged = ReviewFixtures.delegation(DemoOrganizations.ASSOCIATION, "referent.asso", "remplacante.asso",
				this.now.minusDays(3), this.now.minusDays(1));
		Answer flag = review("reviewDelegation", flagged, "FLAGGED", "Délégation à une personne hors du service");
		assertThat(flag.at("reviewDelegation.reviewStatus")).isEqualTo("FLAGGED");
		assertThat(flag.at("reviewDelegation.reviewComment")).isEqualTo("Délégation à une personne hors du service");
		assertThat(review("reviewDelegation", flagged, "FLAGGED", "encore").codes()).containsExactly("CONFLICT");
	}

	@Test
	void aReviewIsAcknowledgedOrFlaggedWithACommentAndNothingIsWrittenOtherwise() {
		UUID access = ReviewFixtures.emergencyAccess(Fixtures.adult("Invalide"), "maraude.autre-asso",
				DemoOrganizations.OTHER_ASSOCIATION, this.now.minusDays(2), this.now.minusDays(1));
		UUID delegation = ReviewFixtures.delegation(DemoOrganizations.ASSOCIATION, "referent.asso", "remplacante.asso",
				this.now.minusDays(3), this.now.minusDays(1));
		for (String operation : List.of("reviewEmergencyAccess", "reviewDelegation")) {
			UUID id = operation.equals("reviewDelegation") ? delegation : access;
			assertThat(invalid(operation, id, "PENDING", "rien")).isEqualTo("status");
			assertThat(invalid(operation, id, "FLAGGED", null)).isEqualTo("comment");
			assertThat(invalid(operation, id, "FLAGGED", "   ")).isEqualTo("comment");
			assertThat(invalid(operation, id, "FLAGGED", "x".repeat(1001))).isEqualTo("comment");
			assertThat(invalid(operation, id, "ACKNOWLEDGED", "x".repeat(1001))).isEqualTo("comment");
			assertThat(review(operation, UUID.randomUUID(), "ACKNOWLEDGED", null).codes()).containsExactly("NOT_FOUND");
			assertThat(review(operation, "not-an-id", "ACKNOWLEDGED", null).codes()).containsExactly("NOT_FOUND");
		}
		assertThat(pending(access, delegation)).isEqualTo(2);
		assertThat(review("reviewEmergencyAccess", access, "FLAGGED", "x".repeat(1000)).errors()).isEmpty();
	}

	@Test
	void nobodyButThePrivacyOfficerSeesTheQueueOrReviews() {
		UUID access = ReviewFixtures.emergencyAccess(Fixtures.adult("Interdit"), "maraude.autre-asso",
				DemoOrganizations.OTHER_ASSOCIATION, this.now.minusDays(2), this.now.minusDays(1));
		UUID delegation = ReviewFixtures.delegation(DemoOrganizations.ASSOCIATION, "referent.asso", "remplacante.asso",
				this.now.minusDays(3), this.now.minusDays(1));
		for (String other : AccessEventsTest.OTHERS) {
			Answer queue = Answer.ask(this.partners.as(other), ReviewFixtures.document("review-queue"),
					Map.of("first", 500));
			assertThat(queue.codes()).as(other).containsExactly("FORBIDDEN");
			assertThat(queue.map().toString()).doesNotContain(access.toString()).doesNotContain(delegation.toString());
			assertThat(review(other, "reviewEmergencyAccess", access.toString(), "ACKNOWLEDGED", null).codes())
				.as(other)
				.containsExactly("FORBIDDEN");
			assertThat(review(other, "reviewDelegation", delegation.toString(), "FLAGGED", "pas moi").codes()).as(other)
				.containsExactly("FORBIDDEN");
		}
		assertThat(pending(access, delegation)).isEqualTo(2);
		assertThat(queue().map().toString()).contains(access.toString(), delegation.toString());
	}

	private Answer queue() {
		return Answer.ask(this.partners.as("dpo"), ReviewFixtures.document("review-queue"), Map.of("first", 500));
	}

	private Answer review(String operation, Object id, String status, @Nullable String comment) {
		return review("dpo", operation, id.toString(), status, comment);
	}

	private Answer review(String user, String operation, String id, String status, @Nullable String comment) {
		String document = operation.equals("reviewDelegation") ? "review-delegation" : "review-emergency-access";
		Map<String, Object> variables = new HashMap<>(Map.of("id", id, "status", status));
		if (comment != null) {
			variables.put("comment", comment);
		}
		return Answer.ask(this.partners.as(user), ReviewFixtures.document(document), variables);
	}

	private @Nullable Object invalid(String operation, UUID id, String status, @Nullable String comment) {
		Answer answer = review(operation, id, status, comment);
		assertThat(answer.codes()).as(operation + " " + status + " " + comment).containsExactly("INVALID_INPUT");
		return answer.errors().get(0).getExtensions().get("field");
	}

	private static int pending(UUID access, UUID delegation) {
		return Fixtures
			.count("SELECT (SELECT count(*) FROM passerelle.emergency_access WHERE id = ? AND review_status = 'PENDING' AND reviewed_at IS NULL)"
					+ " + (SELECT count(*) FROM passerelle.delegation WHERE id = ? AND review_status = 'PENDING' AND reviewed_at IS NULL)",
					access, delegation);
	}

}

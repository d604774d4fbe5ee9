package fr.passerelle.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Which roles receive which kinds is the privacy officer's to change, with a reason, and
 * kept in a history; nobody else changes it; bad input changes nothing.
 */
@IntegrationTest
class AlertSubscriptionsTest {

	private static final String UPDATE = """
			mutation ($changes: [AlertSubscriptionInput!]!, $reason: String!) {
			  updateAlertSubscriptions(changes: $changes, reason: $reason) { organizationType role kind }
			}""";

	private static final Map<String, Object> LANDLORD_SUSPENSIONS = Map.of("organizationType", "LANDLORD", "role",
			"AGENT", "kind", "BENEFIT_SUSPENDED", "subscribed", true);

	@Autowired
	Partners partners;

	private static Map<String, Object> with(Map<String, Object> change, String key, Object value) {
		Map<String, Object> copy = new java.util.HashMap<>(change);
		copy.put(key, value);
		return copy;
	}

	private int changes() {
		return Fixtures.count("SELECT count(*) FROM passerelle.alert_subscription_change");
	}

	@Test
	void thePrivacyOfficerSubscribesARoleWithAReasonAndUnsubscribesIt() {
		Answer subscribed = Answer.ask(this.partners.as("dpo"), UPDATE, Map.of("changes", List.of(LANDLORD_SUSPENSIONS),
				"reason", "Les bailleurs préviennent l'expulsion dès la suspension de l'APL"));
		assertThat(subscribed.errors()).isEmpty();
		assertThat(subscribed.at("updateAlertSubscriptions"))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains(Map.of("organizationType", "LANDLORD", "role", "AGENT", "kind", "BENEFIT_SUSPENDED"));
		// everyone reads the subscriptions; the history is the privacy officer's and the
		// administrators'
		assertThat(Answer
			.ask(this.partners.as("referent.asso"), "{ alertSubscriptions { organizationType role kind } }", Map.of())
			.at("alertSubscriptions")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains(Map.of("organizationType", "LANDLORD", "role", "AGENT", "kind", "BENEFIT_SUSPENDED"));
		Answer history = Answer.ask(this.partners.as("admin"),
				"{ alertSubscriptionChanges(first: 1) { kind subscribed reason changedBy } }", Map.of());
		assertThat(history.at("alertSubscriptionChanges[0]"))
			.isEqualTo(Map.of("kind", "BENEFIT_SUSPENDED", "subscribed", true, "reason",
					"Les bailleurs préviennent l'expulsion dès la suspension de l'APL", "changedBy", "dpo"));
		assertThat(Answer.ask(this.partners.as("referent.asso"), "{ alertSubscriptionChanges { kind } }", Map.of())
			.codes()).containsExactly("FORBIDDEN");
		Answer unsubscribed = Answer.ask(this.partners.as("dpo"), UPDATE,
				Map.of("changes", List.of(with(LANDLORD_SUSPENSIONS, "subscribed", false)), "reason", "Retour"));
		assertThat(unsubscribed.at("updateAlertSubscriptions"))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.doesNotContain(Map.of("organizationType", "LANDLORD", "role", "AGENT", "kind", "BENEFIT_SUSPENDED"));
	}

	@Test
	void nobodyElseChangesThemAndBadInputChangesNothing() {
		int before = changes();
		for (String user : List.of("referent.asso", "admin", "agent.caf", "coord.siao", "analyste.metropole")) {
			assertThat(Answer
				.ask(this.partners.as(user), UPDATE, Map.of("changes", List.of(LANDLORD_SUSPENSIONS), "reason", "x"))
				.codes()).as(user).containsExactly("FORBIDDEN");
		}
		Map<String, Object> analysts = with(LANDLORD_SUSPENSIONS, "role", "ANALYST");
		assertThat(Answer.ask(this.partners.as("dpo"), UPDATE, Map.of("changes", List.of(analysts), "reason", "x"))
			.errors()
			.get(0)
			.getExtensions()).containsEntry("code", "INVALID_INPUT").containsEntry("field", "changes[0].role");
		assertThat(Answer
			.ask(this.partners.as("dpo"), UPDATE,
					Map.of("changes", List.of(LANDLORD_SUSPENSIONS, LANDLORD_SUSPENSIONS), "reason", "x"))
			.errors()
			.get(0)
			.getExtensions()).containsEntry("field", "changes[1]");
		assertThat(Answer
			.ask(this.partners.as("dpo"), UPDATE, Map.of("changes", List.of(LANDLORD_SUSPENSIONS), "reason", "  "))
			.errors()
			.get(0)
			.getExtensions()).containsEntry("field", "reason");
		assertThat(Answer.ask(this.partners.as("dpo"), UPDATE, Map.of("changes", List.of(), "reason", "x")).codes())
			.containsExactly("INVALID_INPUT");
		assertThat(changes()).isEqualTo(before);
		assertThat(
				Fixtures.count("SELECT count(*) FROM passerelle.alert_subscription WHERE organization_type = 'LANDLORD'"
						+ " AND kind = 'BENEFIT_SUSPENDED'"))
			.isZero();
	}

}

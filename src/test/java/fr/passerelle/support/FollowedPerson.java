package fr.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A person registered by the association through the API, with partners in the care team.
 */
public final class FollowedPerson {

	private FollowedPerson() {
	}

	/**
	 * @param partners the organizations added to the care team, with their involvement
	 * kind
	 * @return the person's id
	 */
	public static String register(Partners as, String firstName, String lastName, String phone,
			Map<UUID, String> partners) {
		Map<String, Object> input = new HashMap<>();
		input.put("firstName", firstName);
		input.put("lastName", lastName + UUID.randomUUID().toString().substring(0, 6));
		input.put("birthDate", "1984-04-04");
		if (phone != null) {
			input.put("phone", phone);
		}
		input.put("reason", "Accompagnement");
		String person = (String) Answer.ask(as.as("referent.asso"), "registerPerson", Map.of("input", input))
			.at("registerPerson.id");
		for (Map.Entry<UUID, String> partner : partners.entrySet()) {
			assertThat(Answer
				.ask(as.as("referent.asso"), "addToCareTeam",
						Map.of("input", Map.of("personId", person, "organizationId", partner.getKey().toString(),
								"kind", partner.getValue(), "reason", "Partenaire")))
				.errors()).isEmpty();
		}
		return person;
	}

}

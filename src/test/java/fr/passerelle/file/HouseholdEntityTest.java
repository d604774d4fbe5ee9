package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.support.Answer;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Household as a federation entity: resolved only through a member the viewer reaches and
 * whose household the decision discloses; otherwise null, as for an id that does not
 * exist.
 */
@IntegrationTest
class HouseholdEntityTest {

	private static final String ENTITY = """
			query ($representations: [_Any!]!) {
			  _entities(representations: $representations) { ... on Household { id version members { firstName role } } }
			}""";

	@Autowired
	Partners partners;

	@Test
	void aHouseholdResolvesForWhoMaySeeAMembersHouseholdAndForNoOneElse() {
		UUID parent = Fixtures.adult("Foyer");
		Fixtures.child(parent);
		Fixtures.involve(DemoOrganizations.ASSOCIATION.id(), parent, InvolvementKind.SUPPORT_MEASURE);
		Fixtures.involve(DemoOrganizations.DEPARTMENT.id(), parent, InvolvementKind.SOCIAL_SERVICE);
		String household = (String) Answer
			.ask(this.partners.as("referent.asso"), "query ($id: ID!) { person(id: $id) { household { id } } }",
					Map.of("id", parent.toString()))
			.at("person.household.id");
		assertThat(household).isNotNull();

		Answer association = Answer.ask(this.partners.as("referent.asso"), ENTITY, entity(household));
		assertThat(association.at("_entities[0].id")).isEqualTo(household);
		assertThat((List<?>) association.at("_entities[0].members")).hasSize(2);

		Answer wrong = Answer.ask(this.partners.as("referent.asso"), ENTITY, entity(UUID.randomUUID().toString()));
		assertThat(wrong.at("_entities[0]")).isNull();
		Answer landlord = Answer.ask(this.partners.as("gestion.bailleur"), ENTITY, entity(household));
		assertThat(landlord.map()).isEqualTo(
				Answer.ask(this.partners.as("gestion.bailleur"), ENTITY, entity(UUID.randomUUID().toString())).map());
		assertThat(landlord.at("_entities[0]")).isNull();
		assertThat(Answer.ask(this.partners.as("as.departement"), ENTITY, entity(household)).at("_entities[0]"))
			.as("involved, but the household is not consented")
			.isNull();

		UUID consent = Fixtures.consent(parent);
		Fixtures.permitOrganization(consent, DemoOrganizations.DEPARTMENT.id(), List.of(DataCategory.HOUSEHOLD),
				List.of(Purpose.SUPPORT));
		assertThat(Answer.ask(this.partners.as("as.departement"), ENTITY, entity(household)).at("_entities[0].id"))
			.isEqualTo(household);
	}

	private static Map<String, Object> entity(String id) {
		return Map.of("representations", List.of(Map.of("__typename", "Household", "id", id)));
	}

}

package fr.passerelle.file.household;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.ArgumentValue;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.WriteGrant;
import fr.passerelle.file.Inputs;
import fr.passerelle.person.PersonView;

/**
 * Person.identityVersion and updateIdentity: identity and contact change from the version
 * the client read, by an organization the write policy lets write them and whose own
 * decision lets it see them.
 */
@Controller
class IdentityController {

	private final AccessDecisions decisions;

	private final PersonWrites writes;

	private final Clock clock;

	IdentityController(AccessDecisions decisions, PersonWrites writes, Clock clock) {
		this.decisions = decisions;
		this.writes = writes;
		this.clock = clock;
	}

	/** Read with the identity (the person's row), under the same decision. */
	@SchemaMapping(typeName = "Person", field = "identityVersion")
	int identityVersion(PersonView person) {
		return person.identityVersion();
	}

	/**
	 * Only the fields given change; phone, email and birthDate given as null are cleared,
	 * names cannot be.
	 */
	@MutationMapping
	CompletableFuture<PersonView> updateIdentity(@Argument UpdateIdentityInput input,
			DataLoader<UUID, PersonView> persons, AccessContext context) {
		WriteGrant grant = this.decisions.requireWrite(context, input.personId(), DataCategory.IDENTITY);
		if (!input.phone().isOmitted() || !input.email().isOmitted()) {
			this.decisions.authorize(context, grant.access(), DataCategory.CONTACT);
		}
		int version = Inputs.version(input.version(), "input.version");
		Map<String, @Nullable Object> changes = new LinkedHashMap<>();
		if (!input.firstName().isOmitted()) {
			changes.put("firstName", IdentityInputs.name(input.firstName().value(), "input.firstName"));
		}
		if (!input.lastName().isOmitted()) {
			changes.put("lastName", IdentityInputs.name(input.lastName().value(), "input.lastName"));
		}
		if (!input.birthDate().isOmitted()) {
			changes.put("birthDate",
					IdentityInputs.birthDate(input.birthDate().value(), "input.birthDate", this.clock));
		}
		if (!input.phone().isOmitted()) {
			changes.put("phone", IdentityInputs.phone(input.phone().value(), "input.phone"));
		}
		if (!input.email().isOmitted()) {
			changes.put("email", IdentityInputs.email(input.email().value(), "input.email"));
		}
		this.writes.updateIdentity(context, grant, version, changes);
		return persons.load(grant.personId()).thenApply((person) -> {
			if (person == null) {
				throw AccessException.notFound();
			}
			return person;
		});
	}

	/** The fields not given are left as they are ({@link ArgumentValue#isOmitted()}). */
	record UpdateIdentityInput(String personId, Integer version, ArgumentValue<String> firstName,
			ArgumentValue<String> lastName, ArgumentValue<LocalDate> birthDate, ArgumentValue<String> phone,
			ArgumentValue<String> email) {
	}

}

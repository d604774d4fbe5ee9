package fr.passerelle.consent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.AccessScope;
import fr.passerelle.access.PrivacyOffice;
import fr.passerelle.access.Role;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.consent.ConsentController.ProvisionInput;

/**
 * Consent scopes: named, versioned sets of provisions the privacy officer publishes (a
 * new version each time; a version never changes), read by everyone who records consents.
 * How many active consents came from each version is the privacy officer's to see.
 */
@Controller
class ConsentScopeController {

	private static final TypeReference<List<ProvisionInput>> PROVISIONS = new TypeReference<>() {
	};

	private final ViewerTransactions transactions;

	private final ProvisionInputs provisionInputs;

	private final ConsentScopes scopes;

	private final JsonMapper json = JsonMapper.builder().build();

	ConsentScopeController(ViewerTransactions transactions, ProvisionInputs provisionInputs, ConsentScopes scopes) {
		this.scopes = scopes;
		this.transactions = transactions;
		this.provisionInputs = provisionInputs;
	}

	/** One version of a scope; {@code activeConsents} only for the privacy officer. */
	record ConsentScope(UUID id, String name, int version, @Nullable String description,
			List<ProvisionInput> provisions, OffsetDateTime publishedAt, String publishedBy,
			@Nullable Integer activeConsents) {
	}

	record PublishConsentScopeInput(String name, @Nullable String description, List<ProvisionInput> provisions) {
	}

	@QueryMapping
	List<ConsentScope> consentScopes(@Argument @Nullable String name, @Argument @Nullable Boolean allVersions,
			AccessContext context) {
		boolean office = context.viewer().hasRole(Role.PRIVACY_OFFICER);
		AccessScope scope = office ? PrivacyOffice.of(context, "counts consents by scope") : context.scope();
		return this.transactions.run(scope, (dsl) -> {
			List<ConsentScopes.Version> rows = this.scopes.list(dsl, name, Boolean.TRUE.equals(allVersions));
			Map<UUID, Integer> usage = office
					? this.scopes.usage(dsl, rows.stream().map(ConsentScopes.Version::id).toList()) : Map.of();
			return rows.stream().map((row) -> view(row, office ? usage.getOrDefault(row.id(), 0) : null)).toList();
		});
	}

	@MutationMapping
	ConsentScope publishConsentScope(@Argument PublishConsentScopeInput input, AccessContext context) {
		AccessScope office = PrivacyOffice.of(context, "publishes consent scopes");
		String name = (input.name() != null) ? input.name().trim() : "";
		if (name.isEmpty() || name.length() > 100) {
			throw AccessException.invalid("input.name", "A name of 1 to 100 characters is required");
		}
		if (input.description() != null && input.description().length() > 2000) {
			throw AccessException.invalid("input.description", "A description is at most 2,000 characters");
		}
		this.provisionInputs.validate(input.provisions(), "input.provisions");
		String provisions = this.json.writeValueAsString(input.provisions());
		return this.transactions.run(office,
				(dsl) -> view(
						this.scopes.publish(dsl, name, input.description(), provisions, context.viewer().username()),
						0));
	}

	private ConsentScope view(ConsentScopes.Version row, @Nullable Integer activeConsents) {
		return new ConsentScope(row.id(), row.name(), row.version(), row.description(),
				this.json.readValue(row.provisions(), PROVISIONS), row.publishedAt(), row.publishedBy(),
				activeConsents);
	}

}

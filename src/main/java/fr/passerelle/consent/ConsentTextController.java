package fr.passerelle.consent;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.AccessScope;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.PrivacyOffice;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.consent.ConsentTexts.ConsentText;

/**
 * The consent texts of the registry: read by every user, published and retired by the
 * privacy officer.
 */
@Controller
class ConsentTextController {

	private final ViewerTransactions transactions;

	private final ConsentTexts texts;

	ConsentTextController(ViewerTransactions transactions, ConsentTexts texts) {
		this.transactions = transactions;
		this.texts = texts;
	}

	record PublishConsentTextInput(String language, String version, String body, LocalDate effectiveFrom) {
	}

	@QueryMapping
	List<ConsentText> consentTexts(@Argument @Nullable String language, @Argument @Nullable Boolean includeRetired,
			AccessContext context) {
		if (language != null) {
			language(language, "language");
		}
		return this.transactions.run(context.scope(),
				(dsl) -> this.texts.list(dsl, language, Boolean.TRUE.equals(includeRetired)));
	}

	@MutationMapping
	ConsentText publishConsentText(@Argument PublishConsentTextInput input, AccessContext context) {
		AccessScope office = PrivacyOffice.of(context, "publishes consent texts");
		language(input.language(), "input.language");
		String version = (input.version() != null) ? input.version().trim() : "";
		if (version.isEmpty() || version.length() > 50) {
			throw AccessException.invalid("input.version", "A version of 1 to 50 characters is required");
		}
		if (input.body() == null || input.body().isBlank() || input.body().length() > 20_000) {
			throw AccessException.invalid("input.body", "A text of 1 to 20,000 characters is required");
		}
		return this.transactions
			.run(office,
					(dsl) -> this.texts.publish(dsl, input.language(), version, input.body(), input.effectiveFrom(),
							context.viewer().username()))
			.orElseThrow(() -> new AccessException(ErrorCode.CONFLICT,
					"Version " + version + " of the " + input.language()
							+ " text is published already: a published text never changes, publish a new version",
					"input.version"));
	}

	@MutationMapping
	ConsentText retireConsentText(@Argument String id, AccessContext context) {
		AccessScope office = PrivacyOffice.of(context, "retires consent texts");
		UUID text = PersonIds.parseOrNull(id);
		if (text == null) {
			throw AccessException.notFound();
		}
		return this.transactions.run(office, (dsl) -> this.texts.retire(dsl, text, context.viewer().username()))
			.orElseThrow(() -> new AccessException(ErrorCode.NOT_FOUND, "No text in force with this id", "id"));
	}

	private static void language(String language, String field) {
		if (language == null || !language.matches("[a-z]{2}")) {
			throw AccessException.invalid(field, "A language is two lowercase letters (ISO 639-1): fr, en, ar...");
		}
	}

}

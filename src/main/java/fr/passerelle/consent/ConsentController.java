package fr.passerelle.consent;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.Purpose;
import fr.passerelle.access.Role;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.ConsentMethod;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.organization.Organizations;

/**
 * Recording and revoking consents. Recorded by a case worker or coordinator of an
 * organization actively involved with the person, with evidence; every rule is checked
 * before anything is written, and the consent and its provisions are written in one
 * transaction.
 */
@Controller
class ConsentController {

	private static final int MAX_DEPTH = 5;

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	private final Consents consents;

	private final ConsentTexts texts;

	private final Organizations organizations;

	private final Clock clock;

	ConsentController(AccessDecisions decisions, ViewerTransactions transactions, Consents consents, ConsentTexts texts,
			Organizations organizations, Clock clock) {
		this.texts = texts;
		this.decisions = decisions;
		this.transactions = transactions;
		this.consents = consents;
		this.organizations = organizations;
		this.clock = clock;
	}

	@MutationMapping
	ConsentView recordConsent(@Argument RecordConsentInput input, AccessContext context) {
		requireCollector(context);
		PersonAccess person = this.decisions.requireWritable(context, input.personId());
		validateEvidence(input);
		UUID consentId = UUID.randomUUID();
		List<Consents.NewProvision> provisions = new ArrayList<>();
		if (input.provisions() == null || input.provisions().isEmpty()) {
			throw AccessException.invalid("input.provisions", "A consent needs at least one provision");
		}
		for (int i = 0; i < input.provisions().size(); i++) {
			provisions(null, input.provisions().get(i), "input.provisions[" + i + "]", 1, provisions);
		}
		String language = (input.textLanguage() != null) ? input.textLanguage() : "fr";
		return this.transactions.run(context.scope(), (dsl) -> {
			validateGrantor(dsl, person.personId(), input);
			ConsentTexts.ConsentText text = publishedText(dsl, language, input);
			Consents.NewConsent consent = new Consents.NewConsent(consentId, person.personId(), input.grantor(),
					(input.grantor() == GrantorKind.LEGAL_REPRESENTATIVE) ? input.representativeName().trim() : null,
					input.periodStart(), input.periodEnd(), context.viewer().username(),
					context.viewer().organization().id(), input.method(), input.collectedAt(), text.id(),
					text.version(), text.sha256(), input.documentReference());
			this.consents.insert(dsl, consent, provisions);
			// the consent comes back in the answer: the access event lists the person
			context.ledger().reached(person.personId());
			return this.consents.byId(dsl, consentId).orElseThrow();
		});
	}

	@MutationMapping
	ConsentView revokeConsent(@Argument String consentId, @Argument @Nullable String reason, AccessContext context) {
		UUID id = PersonIds.parseOrNull(consentId);
		if (reason != null && reason.length() > 1000) {
			throw AccessException.invalid("reason", "reason is longer than 1000 characters");
		}
		Consents.ConsentState consent = (id != null)
				? this.transactions.run(context.scope(), (dsl) -> this.consents.state(dsl, id)).orElse(null) : null;
		if (consent == null || this.decisions.decide(context, consent.personId()).isEmpty()) {
			throw AccessException.notFound();
		}
		requireCollector(context);
		this.decisions.requireWritable(context, consent.personId().toString());
		if (consent.status() == ConsentStatus.REVOKED) {
			throw new AccessException(ErrorCode.CONFLICT, "This consent is already revoked", "consentId");
		}
		return this.transactions.run(context.scope(), (dsl) -> {
			context.ledger().reached(consent.personId());
			this.consents.revoke(dsl, consent.id(), context.viewer().username(),
					(reason != null && !reason.isBlank()) ? reason.trim() : null, OffsetDateTime.now(this.clock));
			return this.consents.byId(dsl, consent.id()).orElseThrow();
		});
	}

	/**
	 * The registry's text the consent is given on: published in that language and
	 * version, not retired, in force on the day it was collected, and the one the
	 * front-end showed if it gives its hash.
	 */
	private ConsentTexts.ConsentText publishedText(DSLContext dsl, String language, RecordConsentInput input) {
		ConsentTexts.ConsentText text = this.texts.find(dsl, language, input.textVersion().trim())
			.filter((found) -> found.inForceOn(input.collectedAt().toLocalDate()))
			.orElseThrow(() -> AccessException.invalid("input.textVersion",
					"No consent text " + language + " " + input.textVersion().trim()
							+ " in force on the day the consent was collected (see consentTexts)"));
		if (input.textSha256() != null && !input.textSha256().equals(text.sha256())) {
			throw AccessException.invalid("input.textSha256", "textSha256 is not the hash of the published text "
					+ language + " " + text.version() + ": the person was not shown the text in force");
		}
		return text;
	}

	private static void requireCollector(AccessContext context) {
		if (!context.viewer().hasRole(Role.CASE_WORKER) && !context.viewer().hasRole(Role.COORDINATOR)) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only case workers and coordinators record consents");
		}
	}

	private void validateEvidence(RecordConsentInput input) {
		if (input.periodEnd() != null && input.periodEnd().isBefore(input.periodStart())) {
			throw AccessException.invalid("input.periodEnd", "periodEnd is before periodStart");
		}
		if (input.collectedAt().isAfter(OffsetDateTime.now(this.clock).plusMinutes(5))) {
			throw AccessException.invalid("input.collectedAt", "collectedAt is in the future");
		}
		if (input.textVersion() == null || input.textVersion().isBlank() || input.textVersion().length() > 50) {
			throw AccessException.invalid("input.textVersion", "textVersion is required (at most 50 characters)");
		}
		if (input.textSha256() != null && !input.textSha256().matches("[0-9a-f]{64}")) {
			throw AccessException.invalid("input.textSha256",
					"textSha256 must be the SHA-256 of the consent text: 64 lowercase hex digits");
		}
		if (input.documentReference() != null && input.documentReference().length() > 500) {
			throw AccessException.invalid("input.documentReference", "documentReference is longer than 500 characters");
		}
		if (input.grantor() == GrantorKind.LEGAL_REPRESENTATIVE
				&& (input.representativeName() == null || input.representativeName().isBlank())) {
			throw AccessException.invalid("input.representativeName", "A legal representative must be named");
		}
		if (input.grantor() == GrantorKind.SELF && input.representativeName() != null) {
			throw AccessException.invalid("input.representativeName",
					"A person consenting for themselves has no representative");
		}
	}

	/**
	 * Each adult consents for themselves; a minor's consent comes from a representative.
	 */
	private void validateGrantor(DSLContext dsl, UUID personId, RecordConsentInput input) {
		if (this.consents.isMinor(dsl, personId, LocalDate.now(this.clock))
				&& input.grantor() != GrantorKind.LEGAL_REPRESENTATIVE) {
			throw AccessException.invalid("input.grantor", "A minor's consent is given by a legal representative");
		}
	}

	private void provisions(@Nullable UUID parent, ProvisionInput input, String path, int depth,
			List<Consents.NewProvision> out) {
		if (depth > MAX_DEPTH) {
			throw AccessException.invalid(path, "Provisions nest at most " + MAX_DEPTH + " levels deep");
		}
		if (input.categories() == null || input.categories().isEmpty()) {
			throw AccessException.invalid(path + ".categories", "A provision needs at least one category");
		}
		if (input.purposes() == null || input.purposes().isEmpty()) {
			throw AccessException.invalid(path + ".purposes", "A provision needs at least one purpose");
		}
		UUID recipient = null;
		if (input.recipientOrganizationId() != null) {
			recipient = PersonIds.parseOrNull(input.recipientOrganizationId());
			if (recipient == null || this.organizations.byId(recipient).isEmpty()) {
				throw AccessException.invalid(path + ".recipientOrganizationId", "No such organization");
			}
			if (input.recipientOrganizationType() != null) {
				throw AccessException.invalid(path + ".recipientOrganizationType",
						"A provision is for one organization or for an organization type, not both");
			}
		}
		if (input.type() == ProvisionType.PERMIT && recipient == null && input.recipientOrganizationType() == null) {
			throw AccessException.invalid(path + ".recipientOrganizationId",
					"A permit names its recipient: an organization or an organization type");
		}
		if (input.type() == ProvisionType.PERMIT && recipient == null
				&& input.categories().stream().anyMatch(DataCategory::isSensitive)) {
			throw AccessException.invalid(path + ".categories",
					"HEALTH, JUSTICE and VIOLENCE are shared only with an organization named in the consent");
		}
		if (input.periodStart() != null && input.periodEnd() != null
				&& input.periodEnd().isBefore(input.periodStart())) {
			throw AccessException.invalid(path + ".periodEnd", "periodEnd is before periodStart");
		}
		Consents.NewProvision provision = new Consents.NewProvision(UUID.randomUUID(), parent, input.type(),
				input.categories().stream().distinct().toList(), recipient, input.recipientOrganizationType(),
				input.purposes().stream().distinct().toList(), input.periodStart(), input.periodEnd());
		out.add(provision);
		List<ProvisionInput> children = (input.provisions() != null) ? input.provisions() : List.of();
		for (int i = 0; i < children.size(); i++) {
			provisions(provision.id(), children.get(i), path + ".provisions[" + i + "]", depth + 1, out);
		}
	}

	record RecordConsentInput(String personId, GrantorKind grantor, @Nullable String representativeName,
			LocalDate periodStart, @Nullable LocalDate periodEnd, ConsentMethod method, OffsetDateTime collectedAt,
			String textVersion, @Nullable String textLanguage, @Nullable String textSha256,
			@Nullable String documentReference, List<ProvisionInput> provisions) {
	}

	record ProvisionInput(ProvisionType type, List<DataCategory> categories, List<Purpose> purposes,
			@Nullable String recipientOrganizationId, @Nullable OrganizationType recipientOrganizationType,
			@Nullable LocalDate periodStart, @Nullable LocalDate periodEnd, @Nullable List<ProvisionInput> provisions) {
	}

}

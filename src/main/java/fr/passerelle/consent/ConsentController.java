package fr.passerelle.consent;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
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
import fr.passerelle.jooq.enums.ConsentChange;
import fr.passerelle.jooq.enums.ConsentMethod;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.ProvisionType;

/**
 * Recording and revoking consents. Recorded by a case worker or coordinator of an
 * organization actively involved with the person, with evidence; every rule is checked
 * before anything is written, and the consent and its provisions are written in one
 * transaction.
 */
@Controller
class ConsentController {

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	private final Consents consents;

	private final ConsentTexts texts;

	private final ConsentScopes scopes;

	private final ProvisionInputs provisionInputs;

	private final Clock clock;

	ConsentController(AccessDecisions decisions, ViewerTransactions transactions, Consents consents, ConsentTexts texts,
			ConsentScopes scopes, ProvisionInputs provisionInputs, Clock clock) {
		this.scopes = scopes;
		this.texts = texts;
		this.decisions = decisions;
		this.transactions = transactions;
		this.consents = consents;
		this.provisionInputs = provisionInputs;
		this.clock = clock;
	}

	@MutationMapping
	ConsentView recordConsent(@Argument RecordConsentInput input, AccessContext context) {
		requireCollector(context);
		PersonAccess person = this.decisions.requireWritable(context, input.personId());
		validateEvidence(input);
		UUID consentId = UUID.randomUUID();
		List<Consents.NewProvision> provisions = this.provisionInputs.validate(input.provisions(), "input.provisions");
		String language = (input.textLanguage() != null) ? input.textLanguage() : "fr";
		return this.transactions.run(context.scope(), (dsl) -> {
			UUID representative = representative(dsl, person.personId(), input);
			ConsentTexts.ConsentText text = publishedText(dsl, language, input);
			UUID scope = scope(dsl, input.scopeId());
			Consents.NewConsent consent = new Consents.NewConsent(consentId, person.personId(), input.grantor(),
					representative, input.periodStart(), input.periodEnd(), context.viewer().username(),
					context.viewer().organization().id(), input.method(), input.collectedAt(), text.id(), scope,
					text.version(), text.sha256(), input.documentReference());
			this.consents.insert(dsl, consent, provisions);
			// the consent comes back in the answer: the access event lists the person
			context.ledger().reached(person.personId());
			return this.consents.byId(dsl, consentId).orElseThrow();
		});
	}

	@MutationMapping
	ConsentView revokeConsent(@Argument String consentId, @Argument @Nullable String reason, AccessContext context) {
		String why = reason(reason, "reason");
		Target target = target(consentId, context);
		return this.transactions.run(context.scope(), (dsl) -> {
			current(dsl, target, "revoked", "consentId");
			context.ledger().reached(target.personId());
			this.consents.revoke(dsl, target.consentId(), context.viewer().username(), why,
					OffsetDateTime.now(this.clock));
			return answer(dsl, target.consentId(), context, target.access());
		});
	}

	/**
	 * A new version sharing less, on the same evidence: see
	 * {@link ConsentChanges#narrow}. The reader must be able to read the person's
	 * consents (they change them with the person, reading them back).
	 */
	@MutationMapping
	ConsentView narrowConsent(@Argument ConsentChanges.NarrowConsentInput input, AccessContext context) {
		String why = reason(input.reason(), "input.reason");
		Target target = target(input.consentId(), context);
		requireReader(target);
		LocalDate today = LocalDate.now(this.clock);
		return this.transactions.run(context.scope(), (dsl) -> {
			List<ConsentView> all = current(dsl, target, "narrowed", "input.consentId");
			ConsentView whole = all.stream().filter((c) -> c.id().equals(target.consentId())).findFirst().orElseThrow();
			if (whole.periodEnd() != null && whole.periodEnd().isBefore(today)) {
				throw new AccessException(ErrorCode.CONFLICT,
						"This consent has lapsed: renew it with the person (extendConsent)", "input.consentId");
			}
			Set<UUID> visible = whole.shownTo(context, target.access()).visibleProvisions();
			List<Consents.NewProvision> provisions = ConsentChanges.narrow(whole, visible, input, today);
			LocalDate end = (input.periodEnd() != null) ? input.periodEnd() : whole.periodEnd();
			UUID id = UUID.randomUUID();
			if (ConsentChanges.sharesMore(all, whole.id(), id, whole.periodStart(), end, provisions, today)) {
				throw AccessException.invalid("input",
						"This change would let someone read more than the person's consents let them now (a refusal"
								+ " would no longer apply): change it with the person as an extension (extendConsent)");
			}
			context.ledger().reached(target.personId());
			this.consents.insertNarrowed(dsl, id, end, provisions,
					change(target, ConsentChange.NARROWED, context, why));
			return answer(dsl, id, context, target.access());
		});
	}

	/**
	 * A new version on fresh evidence, replacing the old one: checked as a consent
	 * recorded, its provisions the old ones' when none are given.
	 */
	@MutationMapping
	ConsentView extendConsent(@Argument ExtendConsentInput input, AccessContext context) {
		String why = reason(input.reason(), "input.reason");
		Target target = target(input.consentId(), context);
		requireReader(target);
		RecordConsentInput evidence = input.asRecorded(target.personId().toString(), LocalDate.now(this.clock));
		validateEvidence(evidence);
		List<Consents.NewProvision> given = (input.provisions() != null)
				? this.provisionInputs.validate(input.provisions(), "input.provisions") : null;
		String language = (input.textLanguage() != null) ? input.textLanguage() : "fr";
		return this.transactions.run(context.scope(), (dsl) -> {
			List<ConsentView> all = current(dsl, target, "extended", "input.consentId");
			ConsentView whole = all.stream().filter((c) -> c.id().equals(target.consentId())).findFirst().orElseThrow();
			// the renewing organization collects the new version, and a collector reads
			// its
			// consent whole: it must see all of the old one
			if (!whole.shownTo(context, target.access()).visibleProvisions().equals(whole.visibleProvisions())) {
				throw AccessException.invalid("input.consentId",
						"This consent has provisions you may not see: the organization that collected it renews it"
								+ " with the person, or record a new consent");
			}
			List<Consents.NewProvision> provisions = (given != null) ? given : ConsentChanges.copy(whole.provisions());
			UUID representative = representative(dsl, target.personId(), evidence);
			ConsentTexts.ConsentText text = publishedText(dsl, language, evidence);
			UUID scope = (input.scopeId() != null || input.provisions() != null) ? scope(dsl, input.scopeId())
					: this.consents.scopeOf(dsl, whole.id());
			UUID id = UUID.randomUUID();
			Consents.NewConsent consent = new Consents.NewConsent(id, target.personId(), evidence.grantor(),
					representative, evidence.periodStart(), evidence.periodEnd(), context.viewer().username(),
					context.viewer().organization().id(), evidence.method(), evidence.collectedAt(), text.id(), scope,
					text.version(), text.sha256(), evidence.documentReference());
			context.ledger().reached(target.personId());
			this.consents.insert(dsl, consent, provisions, change(target, ConsentChange.EXTENDED, context, why));
			return answer(dsl, id, context, target.access());
		});
	}

	/**
	 * The consent a revocation, narrowing or extension names, and the reader's decision
	 * on its person: NOT_FOUND for a consent that does not exist or whose person the
	 * reader does not reach; FORBIDDEN for a role that does not record consents; the
	 * person must be writable for the reader.
	 */
	private Target target(String consentId, AccessContext context) {
		UUID id = PersonIds.parseOrNull(consentId);
		Consents.ConsentState consent = (id != null)
				? this.transactions.run(context.scope(), (dsl) -> this.consents.state(dsl, id)).orElse(null) : null;
		if (consent == null || this.decisions.decide(context, consent.personId()).isEmpty()) {
			throw AccessException.notFound();
		}
		requireCollector(context);
		PersonAccess access = this.decisions.requireWritable(context, consent.personId().toString());
		return new Target(consent.id(), consent.personId(), access);
	}

	private record Target(UUID consentId, UUID personId, PersonAccess access) {
	}

	private static void requireReader(Target target) {
		if (!target.access().discloses(DataCategory.CONSENTS)) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"Changing a consent with the person needs reading their consents (CONSENTS), which your role may"
							+ " not for this purpose: revoke it, or ask the person's case worker");
		}
	}

	/**
	 * The version named, locked, still the current one and not revoked (CONFLICT
	 * otherwise, naming the version that replaced it); and all the person's consents.
	 */
	private List<ConsentView> current(DSLContext dsl, Target target, String done, String field) {
		Consents.ConsentState state = this.consents.lock(dsl, target.consentId())
			.orElseThrow(AccessException::notFound);
		List<ConsentView> all = this.consents.ofPersons(dsl, List.of(target.personId()))
			.getOrDefault(target.personId(), List.of());
		if (state.status() == ConsentStatus.REVOKED) {
			throw new AccessException(ErrorCode.CONFLICT, "This consent is already revoked", field);
		}
		if (state.status() == ConsentStatus.SUPERSEDED) {
			UUID latest = all.stream()
				.filter((c) -> c.id().equals(target.consentId()))
				.findFirst()
				.map((c) -> c.versions().latest())
				.orElse(null);
			throw new AccessException(ErrorCode.CONFLICT,
					"This version was replaced" + ((latest != null) ? " (the current one is " + latest + ")" : "")
							+ ": only the current version can be " + done,
					field);
		}
		return all;
	}

	/**
	 * The consent as Person.consents shows it to the reader; to a reader who may act on
	 * it but not read the person's consents, without its content.
	 */
	private ConsentView answer(DSLContext dsl, UUID id, AccessContext context, PersonAccess access) {
		ConsentView consent = this.consents.byId(dsl, id).orElseThrow();
		return access.discloses(DataCategory.CONSENTS) ? consent.shownTo(context, access) : consent.withoutContent();
	}

	private Consents.Change change(Target target, ConsentChange kind, AccessContext context, @Nullable String why) {
		return new Consents.Change(target.consentId(), kind, OffsetDateTime.now(this.clock),
				context.viewer().username(), context.viewer().organization().id(), why);
	}

	private static @Nullable String reason(@Nullable String reason, String field) {
		if (reason != null && reason.length() > 1000) {
			throw AccessException.invalid(field, "reason is longer than 1000 characters");
		}
		return (reason != null && !reason.isBlank()) ? reason.trim() : null;
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

	/** The scope version the consent started from, if it names one: it must exist. */
	private @Nullable UUID scope(DSLContext dsl, @Nullable String scopeId) {
		if (scopeId == null) {
			return null;
		}
		UUID id = PersonIds.parseOrNull(scopeId);
		if (id == null || !this.scopes.exists(dsl, id)) {
			throw AccessException.invalid("input.scopeId", "No consent scope with this id (see consentScopes)");
		}
		return id;
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
		if (input.representativeName() != null) {
			throw AccessException.invalid("input.representativeName",
					"Name the representative by representativePersonId: the member recorded as the person's"
							+ " representative in their household");
		}
	}

	/**
	 * Each adult consents for themselves; a minor's or a protected adult's consent comes
	 * from the member recorded as their representative in the household, named by id.
	 * @return the representative's person id, null for a person consenting for themselves
	 */
	private @Nullable UUID representative(DSLContext dsl, UUID personId, RecordConsentInput input) {
		Consents.Representation representation = this.consents.representation(dsl, personId, LocalDate.now(this.clock));
		if (input.grantor() == GrantorKind.SELF) {
			if (representation.represented()) {
				throw AccessException.invalid("input.grantor", representation.minor()
						? "A minor's consent is given by their legal representative"
						: "This person has a representative recorded in their household: the consent is theirs");
			}
			if (input.representativePersonId() != null) {
				throw AccessException.invalid("input.representativePersonId",
						"A person consenting for themselves has no representative");
			}
			return null;
		}
		UUID recorded = representation.representative();
		if (recorded == null) {
			throw AccessException.invalid("input.representativePersonId",
					"No representative is recorded for this person in their household: record one first"
							+ " (updateHouseholdMember, representativePersonId)");
		}
		if (input.representativePersonId() == null
				|| !recorded.equals(PersonIds.parseOrNull(input.representativePersonId()))) {
			throw AccessException.invalid("input.representativePersonId",
					"The consent must come from the member recorded as the person's representative in their household");
		}
		return recorded;
	}

	record RecordConsentInput(String personId, GrantorKind grantor, @Nullable String representativePersonId,
			@Nullable String representativeName, LocalDate periodStart, @Nullable LocalDate periodEnd,
			ConsentMethod method, OffsetDateTime collectedAt, String textVersion, @Nullable String textLanguage,
			@Nullable String textSha256, @Nullable String scopeId, @Nullable String documentReference,
			List<ProvisionInput> provisions) {
	}

	record ExtendConsentInput(String consentId, GrantorKind grantor, @Nullable String representativePersonId,
			@Nullable LocalDate periodStart, @Nullable LocalDate periodEnd, ConsentMethod method,
			OffsetDateTime collectedAt, String textVersion, @Nullable String textLanguage, @Nullable String textSha256,
			@Nullable String scopeId, @Nullable String documentReference, @Nullable List<ProvisionInput> provisions,
			@Nullable String reason) {

		/**
		 * The evidence as a consent recorded for this person (period from today by
		 * default).
		 */
		RecordConsentInput asRecorded(String personId, LocalDate today) {
			return new RecordConsentInput(personId, this.grantor, this.representativePersonId, null,
					(this.periodStart != null) ? this.periodStart : today, this.periodEnd, this.method,
					this.collectedAt, this.textVersion, this.textLanguage, this.textSha256, this.scopeId,
					this.documentReference, (this.provisions != null) ? this.provisions : List.of());
		}

	}

	record ProvisionInput(ProvisionType type, List<DataCategory> categories, List<Purpose> purposes,
			@Nullable String recipientOrganizationId, @Nullable OrganizationType recipientOrganizationType,
			@Nullable LocalDate periodStart, @Nullable LocalDate periodEnd, @Nullable List<ProvisionInput> provisions) {
	}

}

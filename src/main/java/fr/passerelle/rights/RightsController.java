package fr.passerelle.rights;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.AccessScope;
import fr.passerelle.access.Organization;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.PrivacyOffice;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.audit.CanonicalJson;
import fr.passerelle.consent.ConsentView;
import fr.passerelle.consent.Consents;

/**
 * The person's rights: a receipt for each consent, handed to the person by the privacy
 * officer or by the case worker who follows them; and the export of the whole file for a
 * data-subject access request (GDPR art. 15 and 20), by the privacy officer alone.
 */
@Controller
class RightsController {

	/** The export's format, named in the document so that a reader knows its shape. */
	static final String EXPORT_FORMAT = "passerelle-person-export/1";

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	private final Consents receipts;

	private final PersonExports exports;

	private final Clock clock;

	RightsController(AccessDecisions decisions, ViewerTransactions transactions, Consents receipts,
			PersonExports exports, Clock clock) {
		this.decisions = decisions;
		this.transactions = transactions;
		this.receipts = receipts;
		this.exports = exports;
		this.clock = clock;
	}

	/**
	 * The privacy officer gets any consent's receipt. A case worker or coordinator gets
	 * it for a person their organization actively follows (they hand it over), provided
	 * the consent names no sensitive organization they may not know of (its collector or
	 * a recipient: being followed there is itself HEALTH or VIOLENCE data). For anyone
	 * else the consent does not exist.
	 */
	@QueryMapping
	ConsentReceipt consentReceipt(@Argument String consentId, AccessContext context) {
		Viewer viewer = context.viewer();
		UUID id = PersonIds.parseOrNull(consentId);
		if (id == null) {
			throw AccessException.notFound();
		}
		ConsentView consent;
		if (viewer.hasRole(Role.PRIVACY_OFFICER)) {
			consent = this.transactions
				.run(PrivacyOffice.of(context, "hands over consent receipts"), (dsl) -> this.receipts.byId(dsl, id))
				.orElseThrow(AccessException::notFound);
		}
		else if (viewer.hasRole(Role.CASE_WORKER) || viewer.hasRole(Role.COORDINATOR)) {
			consent = this.transactions.run(context.scope(), (dsl) -> this.receipts.byId(dsl, id))
				.orElseThrow(AccessException::notFound);
			PersonAccess access = this.decisions.decide(context, consent.personId())
				.filter((person) -> person.reach().writable())
				.orElseThrow(AccessException::notFound);
			if (!mayKnow(context, access, consent)) {
				throw AccessException.notFound();
			}
		}
		else {
			throw AccessException.notFound();
		}
		String json = CanonicalJson.write(ConsentReceiptDocument.of(consent));
		context.ledger().handedOver(consent.personId(), "CONSENT_RECEIPT");
		return new ConsentReceipt(consent.id().toString(), json, CanonicalJson.sha256(json));
	}

	/**
	 * The person's whole file with the provenance of every element, read under the
	 * privacy office's scope so that no row is hidden; the time of generation is part of
	 * the hashed document.
	 */
	@QueryMapping
	PersonExport exportPersonFile(@Argument String personId, AccessContext context) {
		AccessScope office = PrivacyOffice.of(context, "exports a person's file");
		UUID id = PersonIds.parseOrNull(personId);
		if (id == null) {
			throw AccessException.notFound();
		}
		OffsetDateTime generatedAt = OffsetDateTime.now(this.clock)
			.withOffsetSameInstant(ZoneOffset.UTC)
			.truncatedTo(ChronoUnit.SECONDS);
		Map<String, @Nullable Object> file = this.transactions.run(office, (dsl) -> this.exports.file(dsl, id))
			.orElseThrow(AccessException::notFound);
		Map<String, @Nullable Object> document = new LinkedHashMap<>(file);
		document.put("format", EXPORT_FORMAT);
		document.put("generatedAt", generatedAt.toInstant().toString());
		String json = CanonicalJson.write(document);
		context.ledger().handedOver(id, "DATA_SUBJECT_REQUEST");
		return new PersonExport(id.toString(), generatedAt, json, CanonicalJson.sha256(json));
	}

	private static boolean mayKnow(AccessContext context, PersonAccess access, ConsentView consent) {
		return context.mayKnow(access, consent.evidence().collectedByOrganization())
				&& mayKnow(context, access, consent.provisions());
	}

	private static boolean mayKnow(AccessContext context, PersonAccess access,
			List<ConsentView.ProvisionView> provisions) {
		for (ConsentView.ProvisionView provision : provisions) {
			Organization recipient = provision.recipientOrganization();
			if ((recipient != null && !context.mayKnow(access, recipient))
					|| !mayKnow(context, access, provision.provisions())) {
				return false;
			}
		}
		return true;
	}

}

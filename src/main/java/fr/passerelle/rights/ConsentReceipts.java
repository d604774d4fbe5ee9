package fr.passerelle.rights;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.Purpose;
import fr.passerelle.consent.ConsentView;
import fr.passerelle.jooq.tables.records.ConsentProvisionRecord;
import fr.passerelle.jooq.tables.records.ConsentRecord;
import fr.passerelle.organization.Organizations;

/**
 * The consent a receipt is made of, read in a transaction the caller opened (its
 * row-level security decides whether the consent exists at all): the consent, its
 * provisions, and the organizations they name.
 */
@Repository
class ConsentReceipts {

	private final Organizations organizations;

	ConsentReceipts(Organizations organizations) {
		this.organizations = organizations;
	}

	/** The consent with its provision tree, children ordered by id: three statements. */
	Optional<ConsentView> consent(DSLContext dsl, UUID id) {
		ConsentRecord consent = dsl.selectFrom(CONSENT).where(CONSENT.ID.eq(id)).fetchOne();
		if (consent == null) {
			return Optional.empty();
		}
		List<ConsentProvisionRecord> provisions = dsl.selectFrom(CONSENT_PROVISION)
			.where(CONSENT_PROVISION.CONSENT_ID.eq(id))
			.fetch();
		Set<UUID> named = new HashSet<>();
		named.add(consent.getCollectedByOrganizationId());
		provisions.forEach((provision) -> {
			if (provision.getRecipientOrganizationId() != null) {
				named.add(provision.getRecipientOrganizationId());
			}
		});
		Function<UUID, Organization> organizations = this.organizations.lookup(dsl, named);
		Map<UUID, List<ConsentProvisionRecord>> children = new HashMap<>();
		List<ConsentProvisionRecord> roots = new ArrayList<>();
		for (ConsentProvisionRecord provision : provisions) {
			if (provision.getParentId() == null) {
				roots.add(provision);
			}
			else {
				children.computeIfAbsent(provision.getParentId(), (key) -> new ArrayList<>()).add(provision);
			}
		}
		ConsentView.Evidence evidence = new ConsentView.Evidence(consent.getCollectedByUser(),
				organizations.apply(consent.getCollectedByOrganizationId()), consent.getMethod(),
				consent.getCollectedAt(), consent.getTextVersion(), consent.getTextSha256(),
				consent.getDocumentReference());
		return Optional.of(new ConsentView(consent.getId(), consent.getPersonId(), consent.getStatus(),
				consent.getGrantor(), consent.getRepresentativeName(), consent.getRepresentativePersonId(),
				consent.getPeriodStart(), consent.getPeriodEnd(), evidence, tree(roots, children, organizations),
				consent.getRevokedAt(), consent.getRevokedBy()));
	}

	private static List<ConsentView.ProvisionView> tree(List<ConsentProvisionRecord> level,
			Map<UUID, List<ConsentProvisionRecord>> children, Function<UUID, Organization> organizations) {
		return level.stream()
			.sorted(Comparator.comparing(ConsentProvisionRecord::getId))
			.map((p) -> new ConsentView.ProvisionView(p.getId(), p.getType(), List.<DataCategory>of(p.getCategories()),
					List.<Purpose>of(p.getPurposes()),
					(p.getRecipientOrganizationId() != null) ? organizations.apply(p.getRecipientOrganizationId())
							: null,
					p.getRecipientOrganizationType(), p.getPeriodStart(), p.getPeriodEnd(),
					tree(children.getOrDefault(p.getId(), List.of()), children, organizations)))
			.toList();
	}

}

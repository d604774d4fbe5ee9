package fr.passerelle.consent;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Purpose;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.tables.records.ConsentProvisionRecord;
import fr.passerelle.jooq.tables.records.ConsentRecord;
import fr.passerelle.organization.Organization;
import fr.passerelle.organization.Organizations;

/**
 * Consents and their provisions; called inside a viewer transaction (row-level security).
 */
@Repository
class Consents {

	private final Organizations organizations;

	Consents(Organizations organizations) {
		this.organizations = organizations;
	}

	void insert(DSLContext dsl, ConsentRecord consent, List<ConsentProvisionRecord> provisions) {
		dsl.executeInsert(consent);
		if (!provisions.isEmpty()) {
			dsl.batchInsert(provisions).execute();
		}
	}

	Optional<ConsentRecord> record(DSLContext dsl, UUID id) {
		return dsl.selectFrom(CONSENT).where(CONSENT.ID.eq(id)).fetchOptional();
	}

	void revoke(DSLContext dsl, UUID id, String by, @Nullable String reason, OffsetDateTime at) {
		dsl.update(CONSENT)
			.set(CONSENT.STATUS, ConsentStatus.REVOKED)
			.set(CONSENT.REVOKED_AT, at)
			.set(CONSENT.REVOKED_BY, by)
			.set(CONSENT.REVOCATION_REASON, reason)
			.where(CONSENT.ID.eq(id))
			.execute();
	}

	/** A consent with its provision tree: two statements. */
	Optional<ConsentView> byId(DSLContext dsl, UUID id) {
		return record(dsl, id).map((consent) -> view(consent,
				dsl.selectFrom(CONSENT_PROVISION).where(CONSENT_PROVISION.CONSENT_ID.eq(id)).fetch()));
	}

	private ConsentView view(ConsentRecord consent, List<ConsentProvisionRecord> provisions) {
		Set<UUID> organizationIds = new java.util.HashSet<>();
		organizationIds.add(consent.getCollectedByOrganizationId());
		provisions.stream()
			.map(ConsentProvisionRecord::getRecipientOrganizationId)
			.filter(java.util.Objects::nonNull)
			.forEach(organizationIds::add);
		Map<UUID, Organization> organizations = this.organizations.byIds(organizationIds)
			.stream()
			.collect(Collectors.toMap(Organization::id, Function.identity()));
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
				organizations.get(consent.getCollectedByOrganizationId()), consent.getMethod(),
				consent.getCollectedAt(), consent.getTextVersion(), consent.getTextSha256(),
				consent.getDocumentReference());
		return new ConsentView(consent.getId(), consent.getPersonId(), consent.getStatus(), consent.getGrantor(),
				consent.getRepresentativeName(), consent.getPeriodStart(), consent.getPeriodEnd(), evidence,
				tree(roots, children, organizations), consent.getRevokedAt(), consent.getRevokedBy());
	}

	private static List<ConsentView.ProvisionView> tree(List<ConsentProvisionRecord> level,
			Map<UUID, List<ConsentProvisionRecord>> children, Map<UUID, Organization> organizations) {
		return level.stream()
			.sorted(Comparator.comparing(ConsentProvisionRecord::getId))
			.map((p) -> new ConsentView.ProvisionView(p.getId(), p.getType(), List.<DataCategory>of(p.getCategories()),
					List.<Purpose>of(p.getPurposes()),
					(p.getRecipientOrganizationId() != null) ? organizations.get(p.getRecipientOrganizationId()) : null,
					p.getRecipientOrganizationType(), p.getPeriodStart(), p.getPeriodEnd(),
					tree(children.getOrDefault(p.getId(), List.of()), children, organizations)))
			.toList();
	}

}

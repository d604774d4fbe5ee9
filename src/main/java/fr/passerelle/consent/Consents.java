package fr.passerelle.consent;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_COMPOSITION;
import static fr.passerelle.jooq.Tables.PERSON;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.Purpose;
import fr.passerelle.jooq.enums.ConsentChange;
import fr.passerelle.jooq.enums.ConsentMethod;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.HouseholdRole;
import fr.passerelle.jooq.enums.ProvisionType;
import fr.passerelle.jooq.tables.HouseholdComposition;
import fr.passerelle.jooq.tables.records.ConsentProvisionRecord;
import fr.passerelle.jooq.tables.records.ConsentRecord;
import fr.passerelle.organization.Organizations;

/**
 * Consents, their versions and their provisions; called inside a viewer transaction
 * (row-level security decides which exist).
 */
@Repository
public class Consents {

	private final Organizations organizations;

	Consents(Organizations organizations) {
		this.organizations = organizations;
	}

	/**
	 * Who consents for a person: whether they are a minor (under 18 by birth date, or a
	 * child of a household) and the member recorded as their representative in their
	 * current household, if one is and is still a current member of it.
	 */
	Representation representation(DSLContext dsl, UUID personId, LocalDate today) {
		LocalDate birthDate = dsl.select(PERSON.BIRTH_DATE)
			.from(PERSON)
			.where(PERSON.ID.eq(personId))
			.fetchOne(PERSON.BIRTH_DATE);
		HouseholdComposition c = HOUSEHOLD_COMPOSITION.call(new UUID[] { personId }).as("c");
		List<Member> members = dsl.select(c.MEMBER_ID, c.ROLE, c.REPRESENTATIVE_PERSON_ID, c.LEFT_ON)
			.from(c)
			.fetch((row) -> new Member(row.value1(), row.value2(), row.value3(), row.value4() == null));
		Member self = members.stream().filter((member) -> member.id().equals(personId)).findFirst().orElse(null);
		boolean minor = (birthDate != null && birthDate.plusYears(18).isAfter(today))
				|| (self != null && self.role() == HouseholdRole.CHILD);
		UUID representative = (self != null) ? self.representative() : null;
		boolean current = representative != null
				&& members.stream().anyMatch((member) -> member.id().equals(representative) && member.current());
		return new Representation(minor, current ? representative : null);
	}

	private record Member(UUID id, HouseholdRole role, @Nullable UUID representative, boolean current) {
	}

	/**
	 * @param representative the current member recorded as the person's representative
	 */
	record Representation(boolean minor, @Nullable UUID representative) {

		/** Whether the person's consent must come from a representative. */
		boolean represented() {
			return this.minor || this.representative != null;
		}

	}

	/**
	 * The condition that a person has a consent in force today whose period ends within
	 * these days.
	 */
	Condition endingWithin(Field<UUID> person, LocalDate today, int days) {
		return DSL.exists(DSL.selectOne()
			.from(CONSENT)
			.where(CONSENT.PERSON_ID.eq(person), CONSENT.STATUS.eq(ConsentStatus.ACTIVE),
					CONSENT.PERIOD_START.le(today), CONSENT.PERIOD_END.between(today, today.plusDays(days))));
	}

	void insert(DSLContext dsl, NewConsent consent, List<NewProvision> provisions) {
		insert(dsl, consent, provisions, null);
	}

	/**
	 * Writes a consent version; with a change, the version it replaces becomes SUPERSEDED
	 * in the same transaction (so the decision reads the new one alone from the next
	 * request).
	 */
	void insert(DSLContext dsl, NewConsent consent, List<NewProvision> provisions, @Nullable Change change) {
		if (change != null) {
			supersede(dsl, change);
		}
		ConsentRecord record = new ConsentRecord();
		record.setId(consent.id());
		record.setPersonId(consent.personId());
		record.setGrantor(consent.grantor());
		record.setRepresentativePersonId(consent.representativePersonId());
		record.setStatus(ConsentStatus.ACTIVE);
		record.setPeriodStart(consent.periodStart());
		record.setPeriodEnd(consent.periodEnd());
		record.setCollectedByUser(consent.collectedBy());
		record.setCollectedByOrganizationId(consent.collectedByOrganization());
		record.setMethod(consent.method());
		record.setCollectedAt(consent.collectedAt());
		record.setTextId(consent.textId());
		record.setScopeId(consent.scopeId());
		record.setTextVersion(consent.textVersion());
		record.setTextSha256(consent.textSha256());
		record.setDocumentReference(consent.documentReference());
		if (change != null) {
			changed(record, change);
		}
		dsl.executeInsert(record);
		insertProvisions(dsl, consent.id(), provisions);
	}

	/**
	 * Writes the narrowed version of a consent: the old one's evidence, grantor and
	 * period start, this end, these provisions; the old one becomes SUPERSEDED.
	 */
	void insertNarrowed(DSLContext dsl, UUID id, @Nullable LocalDate periodEnd, List<NewProvision> provisions,
			Change change) {
		ConsentRecord old = dsl.selectFrom(CONSENT).where(CONSENT.ID.eq(change.replaces())).fetchSingle();
		supersede(dsl, change);
		ConsentRecord record = old.copy();
		record.reset(CONSENT.CREATED_AT);
		record.setId(id);
		record.setStatus(ConsentStatus.ACTIVE);
		record.setPeriodEnd(periodEnd);
		record.setRevokedAt(null);
		record.setRevokedBy(null);
		record.setRevocationReason(null);
		record.setSupersededAt(null);
		changed(record, change);
		dsl.executeInsert(record);
		insertProvisions(dsl, id, provisions);
	}

	private static void supersede(DSLContext dsl, Change change) {
		dsl.update(CONSENT)
			.set(CONSENT.STATUS, ConsentStatus.SUPERSEDED)
			.set(CONSENT.SUPERSEDED_AT, change.at())
			.where(CONSENT.ID.eq(change.replaces()))
			.execute();
	}

	private static void changed(ConsentRecord record, Change change) {
		record.setReplacesId(change.replaces());
		record.setChangeKind(change.kind());
		record.setChangedAt(change.at());
		record.setChangedBy(change.by());
		record.setChangedByOrganizationId(change.organization());
		record.setChangeReason(change.reason());
	}

	private static void insertProvisions(DSLContext dsl, UUID consentId, List<NewProvision> provisions) {
		List<ConsentProvisionRecord> records = provisions.stream().map((p) -> {
			ConsentProvisionRecord provision = new ConsentProvisionRecord();
			provision.setId(p.id());
			provision.setConsentId(consentId);
			provision.setParentId(p.parentId());
			provision.setType(p.type());
			provision.setCategories(p.categories().toArray(DataCategory[]::new));
			provision.setPurposes(p.purposes().toArray(Purpose[]::new));
			provision.setRecipientOrganizationId(p.recipientOrganization());
			provision.setRecipientOrganizationType(p.recipientType());
			provision.setPeriodStart(p.start());
			provision.setPeriodEnd(p.end());
			return provision;
		}).toList();
		if (!records.isEmpty()) {
			dsl.batchInsert(records).execute();
		}
	}

	Optional<ConsentState> state(DSLContext dsl, UUID id) {
		return dsl.select(CONSENT.ID, CONSENT.PERSON_ID, CONSENT.STATUS)
			.from(CONSENT)
			.where(CONSENT.ID.eq(id))
			.fetchOptional((row) -> new ConsentState(row.value1(), row.value2(), row.value3()));
	}

	/**
	 * The consent's state, its row locked until the transaction ends: a revocation, a
	 * narrowing or an extension of one version waits for another's and then finds it
	 * changed.
	 */
	Optional<ConsentState> lock(DSLContext dsl, UUID id) {
		return dsl.select(CONSENT.ID, CONSENT.PERSON_ID, CONSENT.STATUS)
			.from(CONSENT)
			.where(CONSENT.ID.eq(id))
			.forUpdate()
			.fetchOptional((row) -> new ConsentState(row.value1(), row.value2(), row.value3()));
	}

	/** The consent scope version a consent was started from, if any. */
	@Nullable UUID scopeOf(DSLContext dsl, UUID id) {
		return dsl.select(CONSENT.SCOPE_ID).from(CONSENT).where(CONSENT.ID.eq(id)).fetchOne(CONSENT.SCOPE_ID);
	}

	/** Revokes an active version. @return false if it is no longer active */
	boolean revoke(DSLContext dsl, UUID id, String by, @Nullable String reason, OffsetDateTime at) {
		return dsl.update(CONSENT)
			.set(CONSENT.STATUS, ConsentStatus.REVOKED)
			.set(CONSENT.REVOKED_AT, at)
			.set(CONSENT.REVOKED_BY, by)
			.set(CONSENT.REVOCATION_REASON, reason)
			.where(CONSENT.ID.eq(id), CONSENT.STATUS.eq(ConsentStatus.ACTIVE))
			.execute() == 1;
	}

	/**
	 * A consent version with its provision tree and the history of its versions: the
	 * person's consents are read (three statements at most), as {@link #ofPersons}.
	 */
	public Optional<ConsentView> byId(DSLContext dsl, UUID id) {
		UUID person = dsl.select(CONSENT.PERSON_ID).from(CONSENT).where(CONSENT.ID.eq(id)).fetchOne(CONSENT.PERSON_ID);
		if (person == null) {
			return Optional.empty();
		}
		return ofPersons(dsl, List.of(person)).getOrDefault(person, List.of())
			.stream()
			.filter((consent) -> consent.id().equals(id))
			.findFirst();
	}

	/**
	 * The consents of these persons, all their versions, newest first, with their
	 * provision trees: two statements for the page (and one for the organizations they
	 * name, if not kept).
	 */
	Map<UUID, List<ConsentView>> ofPersons(DSLContext dsl, Collection<UUID> personIds) {
		List<ConsentRecord> consents = dsl.selectFrom(CONSENT)
			.where(CONSENT.PERSON_ID.in(personIds))
			// newest first: a version narrowed or extended is as new as its change
			.orderBy(DSL.coalesce(CONSENT.CHANGED_AT, CONSENT.COLLECTED_AT).desc(), CONSENT.ID)
			.fetch();
		Map<UUID, List<ConsentProvisionRecord>> provisions = new HashMap<>();
		if (!consents.isEmpty()) {
			dsl.selectFrom(CONSENT_PROVISION)
				.where(CONSENT_PROVISION.CONSENT_ID.in(consents.stream().map(ConsentRecord::getId).toList()))
				.fetch()
				.forEach((provision) -> provisions.computeIfAbsent(provision.getConsentId(), (key) -> new ArrayList<>())
					.add(provision));
		}
		Set<UUID> named = new HashSet<>();
		consents.forEach((consent) -> {
			named.add(consent.getCollectedByOrganizationId());
			if (consent.getChangedByOrganizationId() != null) {
				named.add(consent.getChangedByOrganizationId());
			}
		});
		provisions.values()
			.forEach((list) -> list.stream()
				.map(ConsentProvisionRecord::getRecipientOrganizationId)
				.filter(Objects::nonNull)
				.forEach(named::add));
		// read once for the page
		Function<UUID, Organization> organizations = this.organizations.lookup(dsl, named);
		Map<UUID, ConsentRecord> byId = new HashMap<>();
		Map<UUID, UUID> successors = new HashMap<>();
		for (ConsentRecord consent : consents) {
			byId.put(consent.getId(), consent);
			if (consent.getReplacesId() != null) {
				successors.put(consent.getReplacesId(), consent.getId());
			}
		}
		Map<UUID, ConsentView.Versions> versions = new HashMap<>();
		Map<UUID, List<ConsentView>> result = new HashMap<>();
		for (ConsentRecord consent : consents) {
			ConsentView.Versions chain = versions.computeIfAbsent(first(consent, byId),
					(start) -> versions(start, byId, successors, organizations));
			result.computeIfAbsent(consent.getPersonId(), (key) -> new ArrayList<>())
				.add(view(consent, provisions.getOrDefault(consent.getId(), List.of()), successors.get(consent.getId()),
						chain, organizations));
		}
		return result;
	}

	/** The first version of the consent this version belongs to. */
	private static UUID first(ConsentRecord consent, Map<UUID, ConsentRecord> byId) {
		ConsentRecord version = consent;
		while (version.getReplacesId() != null && byId.containsKey(version.getReplacesId())) {
			version = byId.get(version.getReplacesId());
		}
		return version.getId();
	}

	/**
	 * What happened through a consent's versions, from the first: recorded, then each
	 * version lapsed before it was renewed and each narrowing or extension; the last
	 * version's revocation or period ends it.
	 */
	private static ConsentView.Versions versions(UUID start, Map<UUID, ConsentRecord> byId, Map<UUID, UUID> successors,
			Function<UUID, Organization> organizations) {
		List<ConsentView.Event> changes = new ArrayList<>();
		ConsentRecord version = byId.get(start);
		changes.add(new ConsentView.Event(ConsentView.EventKind.RECORDED, version.getCollectedAt(),
				organizations.apply(version.getCollectedByOrganizationId()), version.getId()));
		UUID next = successors.get(version.getId());
		while (next != null) {
			ConsentRecord successor = byId.get(next);
			if (version.getPeriodEnd() != null) {
				OffsetDateTime lapsed = version.getPeriodEnd().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
				if (lapsed.isBefore(successor.getChangedAt())) {
					changes.add(new ConsentView.Event(ConsentView.EventKind.EXPIRED, lapsed, null, version.getId()));
				}
			}
			changes.add(new ConsentView.Event(
					(successor.getChangeKind() == ConsentChange.NARROWED) ? ConsentView.EventKind.NARROWED
							: ConsentView.EventKind.EXTENDED,
					successor.getChangedAt(), organizations.apply(successor.getChangedByOrganizationId()),
					successor.getId()));
			version = successor;
			next = successors.get(version.getId());
		}
		return new ConsentView.Versions(List.copyOf(changes), version.getId(), version.getRevokedAt(),
				version.getPeriodEnd());
	}

	private static ConsentView view(ConsentRecord consent, List<ConsentProvisionRecord> provisions,
			@Nullable UUID replacedBy, ConsentView.Versions versions, Function<UUID, Organization> organizations) {
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
		return new ConsentView(consent.getId(), consent.getPersonId(), consent.getStatus(), consent.getGrantor(),
				consent.getRepresentativeName(), consent.getRepresentativePersonId(), consent.getPeriodStart(),
				consent.getPeriodEnd(), evidence, tree(roots, children, organizations), consent.getRevokedAt(),
				consent.getRevokedBy(), consent.getReplacesId(), replacedBy, consent.getSupersededAt(), versions);
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

	record NewConsent(UUID id, UUID personId, GrantorKind grantor, @Nullable UUID representativePersonId,
			LocalDate periodStart, @Nullable LocalDate periodEnd, String collectedBy, UUID collectedByOrganization,
			ConsentMethod method, OffsetDateTime collectedAt, UUID textId, @Nullable UUID scopeId, String textVersion,
			String textSha256, @Nullable String documentReference) {
	}

	record NewProvision(UUID id, @Nullable UUID parentId, ProvisionType type, List<DataCategory> categories,
			@Nullable UUID recipientOrganization, @Nullable OrganizationType recipientType, List<Purpose> purposes,
			@Nullable LocalDate start, @Nullable LocalDate end) {
	}

	record ConsentState(UUID id, UUID personId, ConsentStatus status) {
	}

	/**
	 * How a version came to replace another.
	 *
	 * @param reason why, as the person or the worker said it
	 */
	record Change(UUID replaces, ConsentChange kind, OffsetDateTime at, String by, UUID organization,
			@Nullable String reason) {
	}

}

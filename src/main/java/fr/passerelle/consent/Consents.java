package fr.passerelle.consent;

import java.util.Objects;
import java.util.HashSet;
import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_COMPOSITION;
import static fr.passerelle.jooq.Tables.PERSON;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

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
 * Consents and their provisions; called inside a viewer transaction (row-level security).
 */
@Repository
class Consents {

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
		dsl.executeInsert(record);
		List<ConsentProvisionRecord> records = provisions.stream().map((p) -> {
			ConsentProvisionRecord provision = new ConsentProvisionRecord();
			provision.setId(p.id());
			provision.setConsentId(consent.id());
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
		return dsl.selectFrom(CONSENT)
			.where(CONSENT.ID.eq(id))
			.fetchOptional()
			.map((consent) -> view(dsl, consent,
					dsl.selectFrom(CONSENT_PROVISION).where(CONSENT_PROVISION.CONSENT_ID.eq(id)).fetch()));
	}

	/**
	 * The consents of these persons, newest first, with their provision trees: two
	 * statements for the page (and one for the organizations they name, if not kept).
	 */
	Map<UUID, List<ConsentView>> ofPersons(DSLContext dsl, Collection<UUID> personIds) {
		List<ConsentRecord> consents = dsl.selectFrom(CONSENT)
			.where(CONSENT.PERSON_ID.in(personIds))
			.orderBy(CONSENT.COLLECTED_AT.desc(), CONSENT.ID)
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
		consents.forEach((consent) -> named.add(consent.getCollectedByOrganizationId()));
		provisions.values()
			.forEach((list) -> list.stream()
				.map(ConsentProvisionRecord::getRecipientOrganizationId)
				.filter(Objects::nonNull)
				.forEach(named::add));
		// read once for the page: the views below find them kept
		this.organizations.byIds(dsl, named);
		Map<UUID, List<ConsentView>> result = new HashMap<>();
		for (ConsentRecord consent : consents) {
			result.computeIfAbsent(consent.getPersonId(), (key) -> new ArrayList<>())
				.add(view(dsl, consent, provisions.getOrDefault(consent.getId(), List.of())));
		}
		return result;
	}

	private ConsentView view(DSLContext dsl, ConsentRecord consent, List<ConsentProvisionRecord> provisions) {
		Set<UUID> organizationIds = new HashSet<>();
		organizationIds.add(consent.getCollectedByOrganizationId());
		provisions.stream()
			.map(ConsentProvisionRecord::getRecipientOrganizationId)
			.filter(Objects::nonNull)
			.forEach(organizationIds::add);
		Map<UUID, Organization> organizations = this.organizations.byIds(dsl, organizationIds)
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
				consent.getRepresentativeName(), consent.getRepresentativePersonId(), consent.getPeriodStart(),
				consent.getPeriodEnd(), evidence, tree(roots, children, organizations), consent.getRevokedAt(),
				consent.getRevokedBy());
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

}

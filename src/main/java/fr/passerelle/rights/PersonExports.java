package fr.passerelle.rights;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_MEMBER;
import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.PERSON;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.jooq.DSLContext;
import org.jooq.EnumType;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.Organization;
import fr.passerelle.file.FilePart;
import fr.passerelle.file.FileParts;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.tables.records.PersonRecord;
import fr.passerelle.organization.Organizations;

/**
 * A person's whole file as a tree of maps, lists and JSON scalars, for the export of a
 * data-subject access request. Read in a transaction the caller opened under the privacy
 * office's scope (every row readable), one statement per table whatever the number of
 * elements, plus one for the organizations the rows name.
 *
 * <p>
 * Every column of every part is exported, named in camelCase: a column added to a part
 * later is exported without a change here. The provenance columns of an element go into
 * its {@code provenance}; a column naming an organization ({@code ..._organization_id})
 * becomes that organization (id, name, type, territory, sensitive category); nested
 * elements (an assessment's items, an orientation's proposals, arrears' steps) are listed
 * under their parent.
 */
@Repository
class PersonExports {

	/** Provenance columns of an element table and their name in the export. */
	private static final Map<String, String> PROVENANCE = Map.of("recorded_by_organization_id", "organization",
			"recorded_by", "recordedBy", "recorded_at", "recordedAt", "basis", "basis", "basis_consent_id", "consentId",
			"basis_provision_id", "provisionId", "basis_rule", "rule", "version", "version", "updated_by", "updatedBy",
			"updated_at", "updatedAt");

	private final Organizations organizations;

	private final FileParts parts;

	PersonExports(Organizations organizations, FileParts parts) {
		this.organizations = organizations;
		this.parts = parts;
	}

	/**
	 * The person's file, or nothing if the person does not exist (or the transaction's
	 * scope does not reach them).
	 */
	Optional<Map<String, @Nullable Object>> file(DSLContext dsl, UUID personId) {
		PersonRecord person = dsl.selectFrom(PERSON).where(PERSON.ID.eq(personId)).fetchOne();
		if (person == null) {
			return Optional.empty();
		}
		Result<Record> households = dsl.select(HOUSEHOLD_MEMBER.fields())
			.select(PERSON.FIRST_NAME, PERSON.LAST_NAME, PERSON.BIRTH_DATE)
			.from(HOUSEHOLD_MEMBER)
			.join(PERSON)
			.on(PERSON.ID.eq(HOUSEHOLD_MEMBER.PERSON_ID))
			.where(HOUSEHOLD_MEMBER.HOUSEHOLD_ID.in(dsl.select(HOUSEHOLD_MEMBER.HOUSEHOLD_ID)
				.from(HOUSEHOLD_MEMBER)
				.where(HOUSEHOLD_MEMBER.PERSON_ID.eq(personId))))
			.orderBy(HOUSEHOLD_MEMBER.HOUSEHOLD_ID, HOUSEHOLD_MEMBER.SINCE, HOUSEHOLD_MEMBER.PERSON_ID)
			.fetch();
		Result<? extends Record> involvements = dsl.selectFrom(INVOLVEMENT)
			.where(INVOLVEMENT.PERSON_ID.eq(personId))
			.orderBy(INVOLVEMENT.STARTED_ON, INVOLVEMENT.ID)
			.fetch();
		Result<? extends Record> consents = dsl.selectFrom(CONSENT)
			.where(CONSENT.PERSON_ID.eq(personId))
			.orderBy(CONSENT.COLLECTED_AT, CONSENT.ID)
			.fetch();
		Result<? extends Record> provisions = dsl.selectFrom(CONSENT_PROVISION)
			.where(CONSENT_PROVISION.CONSENT_ID
				.in(dsl.select(CONSENT.ID).from(CONSENT).where(CONSENT.PERSON_ID.eq(personId))))
			.orderBy(CONSENT_PROVISION.ID)
			.fetch();
		Map<FilePart, Result<? extends Record>> parts = new LinkedHashMap<>();
		Map<FilePart, Result<? extends Record>> nested = new LinkedHashMap<>();
		for (FilePart part : this.parts.all()) {
			parts.put(part,
					dsl.selectFrom(part.table())
						.where(FilePart.person(part.table()).eq(personId))
						.orderBy(chronological(part.table()))
						.fetch());
			FilePart.Items items = part.items();
			if (items != null) {
				nested.put(part,
						dsl.selectFrom(items.table())
							.where(FilePart.person(items.table()).eq(personId))
							.orderBy(items.order())
							.fetch());
			}
		}
		List<Result<? extends Record>> all = new ArrayList<>(
				List.<Result<? extends Record>>of(households, involvements, consents, provisions));
		all.addAll(parts.values());
		all.addAll(nested.values());
		Function<UUID, Organization> organizations = this.organizations.lookup(dsl, organizationIds(all));

		Map<String, @Nullable Object> file = new LinkedHashMap<>();
		file.put("personId", personId.toString());
		Map<String, @Nullable Object> identity = new LinkedHashMap<>();
		identity.put("firstName", person.getFirstName());
		identity.put("lastName", person.getLastName());
		identity.put("birthDate", value(person.getBirthDate()));
		identity.put("territory", person.getTerritory());
		identity.put("version", person.getVersion());
		identity.put("createdAt", value(person.getCreatedAt()));
		identity.put("updatedAt", value(person.getUpdatedAt()));
		identity.put("lastActivityAt", value(person.getLastActivityAt()));
		file.put("identity", identity);
		Map<String, @Nullable Object> contact = new LinkedHashMap<>();
		contact.put("phone", person.getPhone());
		contact.put("email", person.getEmail());
		file.put("contact", contact);
		file.put("households", households(personId, households, organizations));
		file.put("careTeam", rows(INVOLVEMENT, involvements, Set.of(INVOLVEMENT.PERSON_ID.getName()), organizations));
		file.put("consents", consents(consents, provisions, organizations));
		for (FilePart part : this.parts.all()) {
			List<Map<String, @Nullable Object>> elements = rows(part.table(), parts.get(part),
					Set.of(FilePart.person(part.table()).getName()), organizations);
			FilePart.Items children = part.items();
			if (children != null) {
				Map<Object, List<Map<String, @Nullable Object>>> byParent = new LinkedHashMap<>();
				for (Record row : nested.get(part)) {
					byParent.computeIfAbsent(row.get(children.parent()).toString(), (key) -> new ArrayList<>())
						.add(row(children.table(), row,
								Set.of(FilePart.person(children.table()).getName(), children.parent().getName()),
								organizations));
				}
				elements.forEach(
						(element) -> element.put(children.key(), byParent.getOrDefault(element.get("id"), List.of())));
			}
			file.put(part.key(), elements);
		}
		return Optional.of(file);
	}

	/**
	 * The households the person belongs or belonged to: their own membership (role,
	 * dates, provenance) and every member, as the person's household data.
	 */
	private static List<Map<String, @Nullable Object>> households(UUID personId, Result<Record> rows,
			Function<UUID, Organization> organizations) {
		Map<UUID, Map<String, @Nullable Object>> households = new LinkedHashMap<>();
		Map<UUID, List<Map<String, @Nullable Object>>> members = new LinkedHashMap<>();
		for (Record row : rows) {
			UUID household = row.get(HOUSEHOLD_MEMBER.HOUSEHOLD_ID);
			Map<String, @Nullable Object> member = new LinkedHashMap<>();
			member.put("personId", value(row.get(HOUSEHOLD_MEMBER.PERSON_ID)));
			member.put("firstName", row.get(PERSON.FIRST_NAME));
			member.put("lastName", row.get(PERSON.LAST_NAME));
			member.put("birthDate", value(row.get(PERSON.BIRTH_DATE)));
			member.put("role", value(row.get(HOUSEHOLD_MEMBER.ROLE)));
			member.put("representativePersonId", value(row.get(HOUSEHOLD_MEMBER.REPRESENTATIVE_PERSON_ID)));
			member.put("since", value(row.get(HOUSEHOLD_MEMBER.SINCE)));
			member.put("leftOn", value(row.get(HOUSEHOLD_MEMBER.LEFT_ON)));
			members.computeIfAbsent(household, (key) -> new ArrayList<>()).add(member);
			if (row.get(HOUSEHOLD_MEMBER.PERSON_ID).equals(personId)) {
				Map<String, @Nullable Object> membership = new LinkedHashMap<>(member);
				membership.keySet().removeAll(Set.of("personId", "firstName", "lastName", "birthDate"));
				membership.put("householdId", household.toString());
				membership.put("provenance", provenance(HOUSEHOLD_MEMBER, row, organizations));
				households.put(household, membership);
			}
		}
		households.forEach((household, membership) -> membership.put("members", members.get(household)));
		return new ArrayList<>(households.values());
	}

	/** Consents with their provision trees (children under {@code provisions}). */
	private static List<Map<String, @Nullable Object>> consents(Result<? extends Record> consents,
			Result<? extends Record> provisions, Function<UUID, Organization> organizations) {
		Map<String, List<Map<String, @Nullable Object>>> children = new LinkedHashMap<>();
		Map<String, List<Map<String, @Nullable Object>>> roots = new LinkedHashMap<>();
		List<Map<String, @Nullable Object>> all = new ArrayList<>();
		for (Record row : provisions) {
			Map<String, @Nullable Object> provision = row(CONSENT_PROVISION, row,
					Set.of(CONSENT_PROVISION.CONSENT_ID.getName(), CONSENT_PROVISION.PARENT_ID.getName()),
					organizations);
			all.add(provision);
			UUID parent = row.get(CONSENT_PROVISION.PARENT_ID);
			if (parent == null) {
				roots.computeIfAbsent(row.get(CONSENT_PROVISION.CONSENT_ID).toString(), (key) -> new ArrayList<>())
					.add(provision);
			}
			else {
				children.computeIfAbsent(parent.toString(), (key) -> new ArrayList<>()).add(provision);
			}
		}
		all.forEach((provision) -> provision.put("provisions", children.getOrDefault(provision.get("id"), List.of())));
		List<Map<String, @Nullable Object>> result = rows(CONSENT, consents, Set.of(CONSENT.PERSON_ID.getName()),
				organizations);
		result.forEach((consent) -> consent.put("provisions", roots.getOrDefault(consent.get("id"), List.of())));
		return result;
	}

	private static List<Map<String, @Nullable Object>> rows(Table<?> table, Result<? extends Record> rows,
			Set<String> skipped, Function<UUID, Organization> organizations) {
		List<Map<String, @Nullable Object>> list = new ArrayList<>();
		for (Record row : rows) {
			list.add(row(table, row, skipped, organizations));
		}
		return list;
	}

	/**
	 * One row: every column but the skipped ones; for an element table (one with
	 * {@code recorded_by}) the provenance columns under {@code provenance}.
	 */
	private static Map<String, @Nullable Object> row(Table<?> table, Record row, Set<String> skipped,
			Function<UUID, Organization> organizations) {
		boolean element = table.field("recorded_by") != null;
		Map<String, @Nullable Object> out = new LinkedHashMap<>();
		for (Field<?> field : table.fields()) {
			String name = field.getName();
			if (skipped.contains(name) || (element && PROVENANCE.containsKey(name))) {
				continue;
			}
			Object value = row.get(field);
			if (isOrganization(name)) {
				out.put(camel(name.substring(0, name.length() - "_id".length())),
						(value != null) ? organization(organizations.apply((UUID) value)) : null);
			}
			else {
				out.put(camel(name), value(value));
			}
		}
		if (element) {
			out.put("provenance", provenance(table, row, organizations));
		}
		return out;
	}

	private static Map<String, @Nullable Object> provenance(Table<?> table, Record row,
			Function<UUID, Organization> organizations) {
		Map<String, @Nullable Object> provenance = new LinkedHashMap<>();
		for (Field<?> field : table.fields()) {
			String key = PROVENANCE.get(field.getName());
			if (key == null) {
				continue;
			}
			Object value = row.get(field);
			provenance.put(key, (isOrganization(field.getName()))
					? ((value != null) ? organization(organizations.apply((UUID) value)) : null) : value(value));
		}
		return provenance;
	}

	private static Map<String, @Nullable Object> organization(Organization organization) {
		Map<String, @Nullable Object> out = new LinkedHashMap<>();
		out.put("id", organization.id().toString());
		out.put("name", organization.name());
		out.put("type", organization.type().name());
		out.put("territory", organization.territory());
		out.put("sensitiveCategory",
				(organization.sensitiveCategory() != null) ? organization.sensitiveCategory().name() : null);
		return out;
	}

	private static Set<UUID> organizationIds(List<Result<? extends Record>> results) {
		Set<UUID> ids = new HashSet<>();
		for (Result<? extends Record> result : results) {
			for (Record row : result) {
				for (Field<?> field : row.fields()) {
					if (isOrganization(field.getName()) && row.get(field) instanceof UUID id) {
						ids.add(id);
					}
				}
			}
		}
		return ids;
	}

	private static boolean isOrganization(String column) {
		return column.equals("organization_id") || column.endsWith("_organization_id");
	}

	/** A column's value as a JSON scalar or list; instants in UTC (ISO 8601). */
	static @Nullable Object value(@Nullable Object value) {
		return switch (value) {
			case null -> null;
			case String text -> text;
			case Boolean flag -> flag;
			case Integer number -> number;
			case Long number -> number;
			case BigDecimal number -> number;
			case UUID id -> id.toString();
			case LocalDate date -> date.toString();
			case OffsetDateTime time -> time.toInstant().toString();
			case EnumType literal -> literal.getLiteral();
			case Enum<?> constant -> constant.name();
			case Object[] array -> Arrays.stream(array).map(PersonExports::value).toList();
			default -> throw new IllegalStateException("No JSON form for " + value.getClass().getName());
		};
	}

	private static String camel(String column) {
		StringBuilder out = new StringBuilder();
		boolean upper = false;
		for (char c : column.toCharArray()) {
			if (c == '_') {
				upper = true;
			}
			else {
				out.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return out.toString();
	}

	/** Elements in the order they were recorded. */
	private static List<OrderField<?>> chronological(Table<?> table) {
		return List.of(Provenance.field(table, "recorded_at", OffsetDateTime.class).asc(),
				Provenance.field(table, "id", UUID.class).asc());
	}

}

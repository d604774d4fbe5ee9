package fr.passerelle.support;

import static fr.passerelle.jooq.Tables.CONSENT;
import static fr.passerelle.jooq.Tables.CONSENT_PROVISION;
import static fr.passerelle.jooq.Tables.HOUSEHOLD;
import static fr.passerelle.jooq.Tables.HOUSEHOLD_MEMBER;
import static fr.passerelle.jooq.Tables.INVOLVEMENT;
import static fr.passerelle.jooq.Tables.PERSON;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import fr.passerelle.access.DataCategory;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.Purpose;
import fr.passerelle.jooq.enums.ConsentMethod;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.HouseholdRole;
import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.ProvisionType;

/**
 * Test data written straight into the test database as the schema owner (below the API
 * and its row-level security), so each test builds the persons, involvements and consents
 * it needs without depending on another test's writes.
 */
public final class Fixtures {

	public static final String TEXT_SHA256 = "a".repeat(64);

	private static final ThreadLocal<@Nullable DSLContext> current = new ThreadLocal<>();

	private Fixtures() {
	}

	/**
	 * Run this work as the schema owner, on one connection. The fixtures written inside
	 * it (nested calls) reuse that connection instead of opening one each: a test that
	 * writes many small fixtures wraps them in one {@code owner} call. Each statement
	 * commits on its own.
	 */
	public static <T> T owner(java.util.function.Function<DSLContext, T> work) {
		DSLContext open = current.get();
		if (open != null) {
			return work.apply(open);
		}
		try (Connection connection = TestDatabase.get().owner()) {
			DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
			current.set(dsl);
			try {
				return work.apply(dsl);
			}
			finally {
				current.remove();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static UUID person(String firstName, String lastName, @Nullable LocalDate birthDate) {
		UUID id = UUID.randomUUID();
		owner((dsl) -> dsl.insertInto(PERSON)
			.set(PERSON.ID, id)
			.set(PERSON.TERRITORY, "38")
			.set(PERSON.FIRST_NAME, firstName)
			.set(PERSON.LAST_NAME, lastName)
			.set(PERSON.BIRTH_DATE, birthDate)
			.set(PERSON.PHONE, "06 00 00 00 00")
			.execute());
		return id;
	}

	public static UUID adult(String firstName) {
		return person(firstName, "Fixture", LocalDate.of(1980, 5, 17));
	}

	/** A child in a new household with this adult as representative. */
	public static UUID child(UUID parent) {
		UUID child = person("Enfant", "Fixture", LocalDate.now().minusYears(8));
		UUID household = UUID.randomUUID();
		owner((dsl) -> {
			dsl.insertInto(HOUSEHOLD).set(HOUSEHOLD.ID, household).execute();
			dsl.insertInto(HOUSEHOLD_MEMBER)
				.columns(HOUSEHOLD_MEMBER.HOUSEHOLD_ID, HOUSEHOLD_MEMBER.PERSON_ID, HOUSEHOLD_MEMBER.ROLE,
						HOUSEHOLD_MEMBER.REPRESENTATIVE_PERSON_ID, HOUSEHOLD_MEMBER.SINCE)
				.values(household, parent, HouseholdRole.ADULT, null, LocalDate.now().minusYears(1))
				.values(household, child, HouseholdRole.CHILD, parent, LocalDate.now().minusYears(1))
				.execute();
			return null;
		});
		return child;
	}

	public static UUID involve(UUID organization, UUID person, InvolvementKind kind) {
		return involve(organization, person, kind, LocalDate.now().minusMonths(3), null);
	}

	public static UUID involve(UUID organization, UUID person, InvolvementKind kind, LocalDate start,
			@Nullable LocalDate end) {
		UUID id = UUID.randomUUID();
		owner((dsl) -> dsl.insertInto(INVOLVEMENT)
			.set(INVOLVEMENT.ID, id)
			.set(INVOLVEMENT.ORGANIZATION_ID, organization)
			.set(INVOLVEMENT.PERSON_ID, person)
			.set(INVOLVEMENT.KIND, kind)
			.set(INVOLVEMENT.STARTED_ON, start)
			.set(INVOLVEMENT.ENDED_ON, end)
			.set(INVOLVEMENT.REASON, "fixture")
			.set(INVOLVEMENT.CREATED_BY, "fixture")
			.execute());
		return id;
	}

	/** An active consent given by the person, from a month ago, open-ended. */
	public static UUID consent(UUID person) {
		return consent(person, LocalDate.now().minusMonths(1), null, GrantorKind.SELF);
	}

	public static UUID consent(UUID person, LocalDate start, @Nullable LocalDate end, GrantorKind grantor) {
		UUID id = UUID.randomUUID();
		owner((dsl) -> dsl.insertInto(CONSENT)
			.set(CONSENT.ID, id)
			.set(CONSENT.PERSON_ID, person)
			.set(CONSENT.GRANTOR, grantor)
			.set(CONSENT.REPRESENTATIVE_NAME, (grantor == GrantorKind.LEGAL_REPRESENTATIVE) ? "Parent Fixture" : null)
			.set(CONSENT.STATUS, ConsentStatus.ACTIVE)
			.set(CONSENT.PERIOD_START, start)
			.set(CONSENT.PERIOD_END, end)
			.set(CONSENT.COLLECTED_BY_USER, "referent.asso")
			.set(CONSENT.COLLECTED_BY_ORGANIZATION_ID, UUID.fromString("a0000000-0000-4000-8000-000000000005"))
			.set(CONSENT.METHOD, ConsentMethod.WRITTEN)
			.set(CONSENT.COLLECTED_AT, start.atStartOfDay().atOffset(java.time.ZoneOffset.UTC))
			.set(CONSENT.TEXT_VERSION, "v3")
			.set(CONSENT.TEXT_SHA256, TEXT_SHA256)
			.execute());
		return id;
	}

	public static UUID permitOrganization(UUID consent, UUID organization, List<DataCategory> categories,
			List<Purpose> purposes) {
		return provision(consent, null, ProvisionType.PERMIT, categories, organization, null, purposes, null, null);
	}

	public static UUID permitType(UUID consent, OrganizationType type, List<DataCategory> categories,
			List<Purpose> purposes) {
		return provision(consent, null, ProvisionType.PERMIT, categories, null, type, purposes, null, null);
	}

	public static UUID provision(UUID consent, @Nullable UUID parent, ProvisionType type, List<DataCategory> categories,
			@Nullable UUID organization, @Nullable OrganizationType organizationType, List<Purpose> purposes,
			@Nullable LocalDate start, @Nullable LocalDate end) {
		UUID id = UUID.randomUUID();
		owner((dsl) -> dsl.insertInto(CONSENT_PROVISION)
			.set(CONSENT_PROVISION.ID, id)
			.set(CONSENT_PROVISION.CONSENT_ID, consent)
			.set(CONSENT_PROVISION.PARENT_ID, parent)
			.set(CONSENT_PROVISION.TYPE, type)
			.set(CONSENT_PROVISION.CATEGORIES, categories.toArray(DataCategory[]::new))
			.set(CONSENT_PROVISION.RECIPIENT_ORGANIZATION_ID, organization)
			.set(CONSENT_PROVISION.RECIPIENT_ORGANIZATION_TYPE, organizationType)
			.set(CONSENT_PROVISION.PURPOSES, purposes.toArray(Purpose[]::new))
			.set(CONSENT_PROVISION.PERIOD_START, start)
			.set(CONSENT_PROVISION.PERIOD_END, end)
			.execute());
		return id;
	}

	public static void revoke(UUID consent) {
		owner((dsl) -> dsl.update(CONSENT)
			.set(CONSENT.STATUS, ConsentStatus.REVOKED)
			.set(CONSENT.REVOKED_AT, OffsetDateTime.now())
			.set(CONSENT.REVOKED_BY, "fixture")
			.where(CONSENT.ID.eq(consent))
			.execute());
	}

	/** A random SNE number of the Isère (038), registered this month two years ago. */
	public static String sneNumber() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String office = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		StringBuilder number = new StringBuilder("0382412").append("%06d".formatted(random.nextInt(1_000_000)));
		for (int i = 0; i < 5; i++) {
			number.append(office.charAt(random.nextInt(office.length())));
		}
		return number.toString();
	}

	public static int count(String sql, Object... bindings) {
		return owner((dsl) -> dsl.fetchValue(sql, bindings) instanceof Number n ? n.intValue() : -1);
	}

}

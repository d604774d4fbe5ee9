package fr.passerelle.access;

import java.util.Comparator;
import java.util.HashSet;
import static fr.passerelle.jooq.Tables.DELEGATION;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;
import static fr.passerelle.jooq.Tables.POLICY_DEFAULT_PURPOSE;
import static fr.passerelle.jooq.Tables.POLICY_RULE;
import static fr.passerelle.jooq.Tables.MISSION_OWN_RECORDS;
import static fr.passerelle.jooq.Tables.WRITE_RULE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import fr.passerelle.organization.OrganizationType;

/**
 * Opens the {@link AccessContext} of a GraphQL request, once, on first use: resolves the
 * declared purpose ({@value #PURPOSE_HEADER} header, else the role's default), reads the
 * viewer's open emergency accesses and received delegations and the policy snapshot.
 */
@Component
public class AccessContexts {

	/** The HTTP header in which every request declares its purpose. */
	public static final String PURPOSE_HEADER = "Passerelle-Purpose";

	/** GraphQL context key of the declared purpose (the raw header value). */
	public static final String DECLARED_PURPOSE = "passerelle.declaredPurpose";

	private static final String KEY = AccessContext.class.getName();

	private final ViewerTransactions transactions;

	AccessContexts(ViewerTransactions transactions) {
		this.transactions = transactions;
	}

	/**
	 * The request's access context; fails with the same error on every use if it cannot
	 * be opened.
	 */
	public AccessContext of(DataFetchingEnvironment environment) {
		return of(environment.getGraphQlContext());
	}

	/**
	 * The request's access context if it was opened, else {@code null}; never opens it.
	 */
	public static @Nullable AccessContext opened(GraphQLContext context) {
		return (context.get(KEY) instanceof AccessContext opened) ? opened : null;
	}

	public AccessContext of(GraphQLContext context) {
		Object opened = context.computeIfAbsent(KEY, (key) -> {
			try {
				return open(currentViewer(), context.get(DECLARED_PURPOSE));
			}
			catch (AccessException ex) {
				return ex;
			}
		});
		if (opened instanceof AccessException failure) {
			throw new AccessException(failure.code(), failure.getMessage(), failure.field());
		}
		return (AccessContext) opened;
	}

	/** Open a context for this viewer and declared purpose (null: the role's default). */
	public AccessContext open(Viewer viewer, @Nullable String declaredPurpose) {
		Purpose declared = parse(declaredPurpose);
		Viewer.ViewerOrganization organization = viewer.organization();
		if (organization == null) {
			return new AccessContext(viewer, (declared != null) ? declared : Purpose.COORDINATION, null, Set.of(),
					Set.of(), Set.of());
		}
		AccessScope scope = new AccessScope(organization.id(), viewer.userId(), Set.of(), false);
		return this.transactions.run(scope, (dsl) -> {
			OffsetDateTime now = OffsetDateTime.now();
			Set<UUID> emergencies = new HashSet<>(dsl.select(EMERGENCY_ACCESS.PERSON_ID)
				.from(EMERGENCY_ACCESS)
				.where(EMERGENCY_ACCESS.USER_ID.eq(viewer.userId()), EMERGENCY_ACCESS.OPENED_AT.le(now),
						EMERGENCY_ACCESS.EXPIRES_AT.gt(now))
				.fetch(EMERGENCY_ACCESS.PERSON_ID));
			Map<Role, UUID> delegated = new HashMap<>();
			dsl.select(DELEGATION.ID, DELEGATION.DELEGATOR_ROLES)
				.from(DELEGATION)
				.where(DELEGATION.ORGANIZATION_ID.eq(organization.id()),
						DELEGATION.DELEGATE_USERNAME.eq(viewer.username()), DELEGATION.STARTS_AT.le(now),
						DELEGATION.ENDS_AT.gt(now), DELEGATION.REVOKED_AT.isNull())
				.fetch()
				.forEach((row) -> {
					for (Role role : row.value2()) {
						if (!viewer.hasRole(role)) {
							delegated.putIfAbsent(role, row.value1());
						}
					}
				});
			PolicySnapshot policy = policy(dsl, organization.type(), viewer.roles(), delegated);
			Purpose purpose = (declared != null) ? declared : defaultPurpose(dsl, organization.type(), viewer.roles());
			if (!policy.allows(purpose)) {
				throw new AccessException(ErrorCode.PURPOSE_NOT_ALLOWED,
						"Your role may not act for the purpose " + purpose);
			}
			Set<DataCategory> writable = EnumSet.noneOf(DataCategory.class);
			Set<DataCategory> ownRecordsOnly = EnumSet.noneOf(DataCategory.class);
			dsl.select(WRITE_RULE.CATEGORY, DSL.inline(true))
				.from(WRITE_RULE)
				.where(WRITE_RULE.ORGANIZATION_TYPE.eq(organization.type()))
				.unionAll(DSL.select(MISSION_OWN_RECORDS.CATEGORY, DSL.inline(false))
					.from(MISSION_OWN_RECORDS)
					.where(MISSION_OWN_RECORDS.ORGANIZATION_TYPE.eq(organization.type())))
				.fetch()
				.forEach((row) -> (row.value2() ? writable : ownRecordsOnly).add(row.value1()));
			return new AccessContext(viewer, purpose, policy, emergencies, writable, ownRecordsOnly);
		});
	}

	private static PolicySnapshot policy(DSLContext dsl, OrganizationType type, Set<Role> own,
			Map<Role, UUID> delegated) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		roles.addAll(own);
		roles.addAll(delegated.keySet());
		List<PolicyRule> rules = new ArrayList<>();
		dsl.select(POLICY_RULE.ROLE, POLICY_RULE.CATEGORY, POLICY_RULE.PURPOSE, POLICY_RULE.EFFECT)
			.from(POLICY_RULE)
			.where(POLICY_RULE.ORGANIZATION_TYPE.eq(type), POLICY_RULE.ROLE.in(roles))
			.fetch()
			.forEach((row) -> rules.add(new PolicyRule(type, row.value1(), row.value2(), row.value3(),
					Effect.valueOf(row.value4().getLiteral()), delegated.get(row.value1()))));
		Set<Purpose> defaults = EnumSet.noneOf(Purpose.class);
		defaults.addAll(dsl.select(POLICY_DEFAULT_PURPOSE.PURPOSE)
			.from(POLICY_DEFAULT_PURPOSE)
			.where(POLICY_DEFAULT_PURPOSE.ORGANIZATION_TYPE.eq(type), POLICY_DEFAULT_PURPOSE.ROLE.in(own))
			.fetch(POLICY_DEFAULT_PURPOSE.PURPOSE));
		return new PolicySnapshot(type, rules, defaults);
	}

	private static Purpose defaultPurpose(DSLContext dsl, OrganizationType type, Set<Role> roles) {
		return dsl.select(POLICY_DEFAULT_PURPOSE.ROLE, POLICY_DEFAULT_PURPOSE.PURPOSE)
			.from(POLICY_DEFAULT_PURPOSE)
			.where(POLICY_DEFAULT_PURPOSE.ORGANIZATION_TYPE.eq(type), POLICY_DEFAULT_PURPOSE.ROLE.in(roles))
			.fetch()
			.stream()
			.min(Comparator.comparing((row) -> row.value1()))
			.map((row) -> row.value2())
			.orElseThrow(() -> new AccessException(ErrorCode.PURPOSE_NOT_ALLOWED,
					"Your role has no default purpose: declare one in the " + PURPOSE_HEADER + " header"));
	}

	private static @Nullable Purpose parse(@Nullable String declared) {
		if (declared == null || declared.isBlank()) {
			return null;
		}
		try {
			return Purpose.valueOf(declared.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new AccessException(ErrorCode.INVALID_PURPOSE, "Unknown purpose '" + declared.trim() + "' in the "
					+ PURPOSE_HEADER + " header; expected one of " + List.of(Purpose.values()));
		}
	}

	private static Viewer currentViewer() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Viewer viewer) {
			return viewer;
		}
		throw new IllegalStateException("No authenticated viewer for this request");
	}

}

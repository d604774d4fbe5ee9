package fr.passerelle.access;

import java.util.HashSet;
import static fr.passerelle.jooq.Tables.DELEGATION;
import static fr.passerelle.jooq.Tables.EMERGENCY_ACCESS;
import static fr.passerelle.jooq.Tables.POLICY_DEFAULT_PURPOSE;
import static fr.passerelle.jooq.Tables.POLICY_RULE;
import static fr.passerelle.jooq.Tables.MISSION_OWN_RECORDS;
import static fr.passerelle.jooq.Tables.ORGANIZATION;
import static fr.passerelle.jooq.Tables.WRITE_RULE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;

import graphql.GraphQLContext;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetchingEnvironment;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Opens the {@link AccessContext} of a GraphQL request, once, on first use: resolves the
 * declared purpose ({@value #PURPOSE_HEADER} header, else the role's default), reads the
 * viewer's open emergency accesses and received delegations and the policy snapshot.
 */
@Component
public class AccessContexts {

	/** The HTTP header in which every request declares its purpose. */
	public static final String PURPOSE_HEADER = "Passerelle-Purpose";

	/**
	 * GraphQL context key of the declared purpose: the header's values as sent (a list;
	 * more than one is refused).
	 */
	public static final String DECLARED_PURPOSE = "passerelle.declaredPurpose";

	private static final String KEY = AccessContext.class.getName();

	private static final String REFUSAL = Refusal.class.getName();

	/**
	 * The GraphQL context's key of the request's read transaction ({@link ReadSession}).
	 */
	public static final String SESSION = ReadSession.class.getName();

	private final ViewerTransactions transactions;

	AccessContexts(ViewerTransactions transactions) {
		this.transactions = transactions;
	}

	/**
	 * The request's access context; fails with the same error on every use if it cannot
	 * be opened, and then notes the persons the field names: the refusal's access event
	 * lists them.
	 */
	public AccessContext of(DataFetchingEnvironment environment) {
		if (environment.getOperationDefinition().getOperation() == OperationDefinition.Operation.QUERY
				&& environment.getGraphQlContext().get(SESSION) instanceof ReadSession session) {
			// a query's reads share the request's transaction (a mutation's writes do
			// not)
			session.enable();
		}
		try {
			return of(environment.getGraphQlContext());
		}
		catch (AccessException ex) {
			Refusal refusal = refusal(environment.getGraphQlContext());
			if (refusal != null) {
				PersonIds.named(environment).forEach((person) -> refusal.ledger().requestRefused(person, ex.code()));
			}
			throw ex;
		}
	}

	/**
	 * Why the request's access context could not be opened, with the persons its fields
	 * named; {@code null} if it was opened or never asked for.
	 */
	public static @Nullable Refusal refusal(GraphQLContext context) {
		return context.get(REFUSAL);
	}

	/**
	 * A request refused before any decision: its viewer, the purpose it declared when
	 * that is a purpose at all, the refusal and the persons its fields named.
	 */
	public record Refusal(Viewer viewer, @Nullable Purpose purpose, AccessException failure, AccessLedger ledger) {
	}

	/**
	 * The request's access context if it was opened, else {@code null}; never opens it.
	 */
	public static @Nullable AccessContext opened(GraphQLContext context) {
		return (context.get(KEY) instanceof AccessContext opened) ? opened : null;
	}

	public AccessContext of(GraphQLContext context) {
		Object opened = context.computeIfAbsent(KEY, (key) -> {
			Viewer viewer = currentViewer();
			List<String> declared = context.getOrDefault(DECLARED_PURPOSE, List.of());
			try {
				return open(viewer, declared, context.get(SESSION));
			}
			catch (AccessException ex) {
				Purpose purpose = null;
				try {
					purpose = parse(declared);
				}
				catch (AccessException invalid) {
					// no purpose was declared at all
				}
				Refusal refusal = new Refusal(viewer, purpose, ex, new AccessLedger());
				context.put(REFUSAL, refusal);
				return refusal;
			}
		});
		if (opened instanceof Refusal refusal) {
			AccessException failure = refusal.failure();
			throw new AccessException(failure.code(), failure.getMessage(), failure.field());
		}
		return (AccessContext) opened;
	}

	/** Open a context for this viewer and declared purpose (null: the role's default). */
	public AccessContext open(Viewer viewer, @Nullable String declaredPurpose) {
		return open(viewer, (declaredPurpose != null) ? List.of(declaredPurpose) : List.of());
	}

	/**
	 * Open a context for this viewer and the purpose header's values (none: the role's
	 * default; more than one is refused).
	 */
	public AccessContext open(Viewer viewer, List<String> declaredPurpose) {
		return open(viewer, declaredPurpose, null);
	}

	private AccessContext open(Viewer viewer, List<String> declaredPurpose, @Nullable ReadSession session) {
		Purpose declared = parse(declaredPurpose);
		Viewer.ViewerOrganization organization = viewer.organization();
		if (organization == null) {
			return new AccessContext(viewer, (declared != null) ? declared : Purpose.COORDINATION, null, Set.of(),
					Set.of(), Set.of(), session);
		}
		AccessScope scope = new AccessScope(organization.id(), viewer.userId(), Set.of(), false, session);
		OffsetDateTime now = OffsetDateTime.now();
		OrganizationType type = organization.type();
		// the viewer's grants in force and the policy of its organization type, in one
		// statement
		var grantsAndPolicy = DSL.select(
				DSL.multiset(DSL.select(EMERGENCY_ACCESS.PERSON_ID)
					.from(EMERGENCY_ACCESS)
					.where(EMERGENCY_ACCESS.USER_ID.eq(viewer.userId()), EMERGENCY_ACCESS.OPENED_AT.le(now),
							EMERGENCY_ACCESS.EXPIRES_AT.gt(now))),
				DSL.multiset(DSL.select(DELEGATION.ID, DELEGATION.DELEGATOR_ROLES)
					.from(DELEGATION)
					.where(DELEGATION.ORGANIZATION_ID.eq(organization.id()),
							DELEGATION.DELEGATE_USERNAME.eq(viewer.username()), DELEGATION.STARTS_AT.le(now),
							DELEGATION.ENDS_AT.gt(now), DELEGATION.REVOKED_AT.isNull())),
				DSL.multiset(DSL.select(POLICY_RULE.ROLE, POLICY_RULE.CATEGORY, POLICY_RULE.PURPOSE, POLICY_RULE.EFFECT)
					.from(POLICY_RULE)
					.where(POLICY_RULE.ORGANIZATION_TYPE.eq(type))),
				DSL.multiset(DSL.select(POLICY_DEFAULT_PURPOSE.ROLE, POLICY_DEFAULT_PURPOSE.PURPOSE)
					.from(POLICY_DEFAULT_PURPOSE)
					.where(POLICY_DEFAULT_PURPOSE.ORGANIZATION_TYPE.eq(type))),
				DSL.multiset(DSL.select(WRITE_RULE.CATEGORY, DSL.inline(true))
					.from(WRITE_RULE)
					.where(WRITE_RULE.ORGANIZATION_TYPE.eq(type))
					.unionAll(DSL.select(MISSION_OWN_RECORDS.CATEGORY, DSL.inline(false))
						.from(MISSION_OWN_RECORDS)
						.where(MISSION_OWN_RECORDS.ORGANIZATION_TYPE.eq(type)))),
				DSL.field(DSL.select(ORGANIZATION.TYPE)
					.from(ORGANIZATION)
					.where(ORGANIZATION.ID.eq(organization.id()), ORGANIZATION.ACTIVE.isTrue())));
		var read = this.transactions.run(scope, (dsl) -> dsl.fetchSingle(grantsAndPolicy));
		if (read.value6() != type) {
			// the token's org must name an active organization of the partner directory,
			// of the type the token says: otherwise nothing is decided for it
			throw new AccessException(ErrorCode.FORBIDDEN,
					"Your organization is not an active partner of the directory: ask the privacy officer");
		}
		Set<UUID> emergencies = new HashSet<>(read.value1().getValues(EMERGENCY_ACCESS.PERSON_ID));
		Map<Role, UUID> delegated = new HashMap<>();
		read.value2().sortAsc(DELEGATION.ID).forEach((row) -> {
			for (Role role : row.value2()) {
				if (!viewer.hasRole(role)) {
					delegated.putIfAbsent(role, row.value1());
				}
			}
		});
		Set<Role> roles = EnumSet.noneOf(Role.class);
		roles.addAll(viewer.roles());
		roles.addAll(delegated.keySet());
		List<PolicyRule> rules = new ArrayList<>();
		read.value3()
			.stream()
			.filter((row) -> roles.contains(row.value1()))
			.forEach((row) -> rules.add(new PolicyRule(type, row.value1(), row.value2(), row.value3(),
					Effect.valueOf(row.value4().getLiteral()), delegated.get(row.value1()))));
		Map<Role, Purpose> defaults = new TreeMap<>();
		read.value4()
			.stream()
			.filter((row) -> viewer.roles().contains(row.value1()))
			.forEach((row) -> defaults.put(row.value1(), row.value2()));
		Set<Purpose> defaultPurposes = EnumSet.noneOf(Purpose.class);
		defaultPurposes.addAll(defaults.values());
		PolicySnapshot policy = new PolicySnapshot(type, rules, defaultPurposes);
		Purpose purpose = (declared != null) ? declared
				: defaults.values()
					.stream()
					.findFirst()
					.orElseThrow(() -> new AccessException(ErrorCode.PURPOSE_NOT_ALLOWED,
							"Your role has no default purpose: declare one in the " + PURPOSE_HEADER + " header"));
		if (!policy.allows(purpose)) {
			throw new AccessException(ErrorCode.PURPOSE_NOT_ALLOWED,
					"Your role may not act for the purpose " + purpose);
		}
		if (viewer.aggregatesOnly()) {
			// statistics come from their own operations (fr.passerelle.statistics): for
			// personal data an analyst is a viewer without organization, whatever the
			// purpose or delegation
			return new AccessContext(viewer.withoutOrganization(), purpose, null, Set.of(), Set.of(), Set.of(),
					session);
		}
		Set<DataCategory> writable = EnumSet.noneOf(DataCategory.class);
		Set<DataCategory> ownRecordsOnly = EnumSet.noneOf(DataCategory.class);
		read.value5().forEach((row) -> (row.value2() ? writable : ownRecordsOnly).add(row.value1()));
		return new AccessContext(viewer, purpose, policy, emergencies, writable, ownRecordsOnly, session);
	}

	/**
	 * The purpose the header declares: none, or exactly one value naming a purpose. The
	 * value is never echoed: a client may put anything in a header.
	 */
	private static @Nullable Purpose parse(List<String> declared) {
		List<String> given = declared.stream().filter((value) -> value != null && !value.isBlank()).toList();
		if (given.isEmpty()) {
			return null;
		}
		if (given.size() > 1 || given.get(0).contains(",")) {
			throw new AccessException(ErrorCode.INVALID_PURPOSE, "The " + PURPOSE_HEADER
					+ " header must be sent once, with one purpose: one of " + List.of(Purpose.values()));
		}
		try {
			return Purpose.valueOf(given.get(0).trim());
		}
		catch (IllegalArgumentException ex) {
			throw new AccessException(ErrorCode.INVALID_PURPOSE,
					"The " + PURPOSE_HEADER + " header names no purpose; expected one of " + List.of(Purpose.values()));
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

package fr.passerelle.access;

import java.util.List;

import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The privacy officer's policy: the matrix, the write policy, the default purposes and
 * the own-records rules; read them (administrators too, read-only), change them
 * (versioned, effective from the next request), read their history.
 */
@Controller
class PolicyController {

	private final AccessContexts contexts;

	private final Policies policies;

	private final WritePolicies writePolicies;

	private final PolicySettings settings;

	PolicyController(AccessContexts contexts, Policies policies, WritePolicies writePolicies, PolicySettings settings) {
		this.contexts = contexts;
		this.policies = policies;
		this.writePolicies = writePolicies;
		this.settings = settings;
	}

	@QueryMapping
	List<PolicySettings.DefaultPurpose> defaultPurposes(@Argument @Nullable OrganizationType organizationType,
			DataFetchingEnvironment environment) {
		requireReader(environment);
		return this.settings.defaultPurposes(organizationType);
	}

	@QueryMapping
	List<PolicySettings.OwnRecordsRule> ownRecordsRules(@Argument @Nullable OrganizationType organizationType,
			DataFetchingEnvironment environment) {
		requireReader(environment);
		return this.settings.ownRecordsRules(organizationType);
	}

	@QueryMapping
	List<PolicySettings.SettingChange> policySettingChanges(@Argument @Nullable Integer first,
			DataFetchingEnvironment environment) {
		requireReader(environment);
		return this.settings.changes(first(first));
	}

	@MutationMapping
	PolicySettings.SettingUpdate updateDefaultPurposes(@Argument List<PolicySettings.DefaultPurposeChange> changes,
			@Argument String reason, DataFetchingEnvironment environment) {
		Viewer viewer = requirePrivacyOfficer(environment);
		String why = reason(reason);
		ChangeSets.check(changes, 200, (change) -> List.of(change.organizationType(), change.role()));
		for (int i = 0; i < changes.size(); i++) {
			Purpose purpose = changes.get(i).purpose();
			if (purpose == Purpose.STATISTICS || purpose == Purpose.EMERGENCY) {
				throw AccessException.invalid("changes[" + i + "].purpose",
						"STATISTICS and EMERGENCY are never a default: they are declared for what they are");
			}
		}
		return this.settings.applyDefaultPurposes(changes, viewer.username(), why);
	}

	@MutationMapping
	PolicySettings.SettingUpdate updateOwnRecordsRules(@Argument List<PolicySettings.OwnRecordsChange> changes,
			@Argument String reason, DataFetchingEnvironment environment) {
		Viewer viewer = requirePrivacyOfficer(environment);
		String why = reason(reason);
		ChangeSets.check(changes, 200, (change) -> List.of(change.organizationType(), change.category()));
		return this.settings.applyOwnRecords(changes, viewer.username(), why);
	}

	private static int first(@Nullable Integer first) {
		int size = (first != null) ? first : 50;
		if (size < 1 || size > 1000) {
			throw AccessException.invalid("first", "first must be between 1 and 1000");
		}
		return size;
	}

	@QueryMapping
	List<WritePolicies.WriteRule> writeRules(@Argument @Nullable OrganizationType organizationType,
			DataFetchingEnvironment environment) {
		requireReader(environment);
		return this.writePolicies.rules(organizationType);
	}

	@QueryMapping
	List<WritePolicies.WriteChangeView> writePolicyChanges(@Argument @Nullable Integer first,
			DataFetchingEnvironment environment) {
		requireReader(environment);
		return this.writePolicies.changes(first(first));
	}

	@MutationMapping
	WritePolicies.WriteUpdate updateWritePolicy(@Argument List<WritePolicies.WriteChange> changes,
			@Argument String reason, DataFetchingEnvironment environment) {
		Viewer viewer = requirePrivacyOfficer(environment);
		String why = reason(reason);
		ChangeSets.check(changes, 200, (change) -> List.of(change.organizationType(), change.category()));
		return this.writePolicies.apply(changes, viewer.username(), why);
	}

	private static String reason(@Nullable String reason) {
		String why = (reason != null) ? reason.trim() : "";
		if (why.length() < 3 || why.length() > 1000) {
			throw AccessException.invalid("reason", "Say why, in 3 to 1000 characters");
		}
		return why;
	}

	@QueryMapping
	List<PolicyRule> policyRules(@Argument @Nullable OrganizationType organizationType, @Argument @Nullable Role role,
			@Argument @Nullable Purpose purpose, DataFetchingEnvironment environment) {
		requireReader(environment);
		return this.policies.rules(organizationType, role, purpose);
	}

	@QueryMapping
	List<Policies.PolicyChangeView> policyChanges(@Argument @Nullable Integer first,
			DataFetchingEnvironment environment) {
		requireReader(environment);
		return this.policies.changes(first(first));
	}

	@MutationMapping
	Policies.PolicyUpdate updatePolicy(@Argument List<PolicyChangeInput> changes, @Argument String reason,
			DataFetchingEnvironment environment) {
		Viewer viewer = requirePrivacyOfficer(environment);
		String why = reason(reason);
		ChangeSets.check(changes, 1000,
				(change) -> List.of(change.organizationType(), change.role(), change.category(), change.purpose()));
		for (int i = 0; i < changes.size(); i++) {
			PolicyChangeInput change = changes.get(i);
			if (change.category().isSensitive() && change.effect() == Effect.MISSION) {
				throw AccessException.invalid("changes[" + i + "].effect",
						"HEALTH, JUSTICE and VIOLENCE are never disclosed under a mission alone: use CONSENT_REQUIRED");
			}
		}
		return this.policies.apply(changes.stream()
			.map((c) -> new PolicyRule(c.organizationType(), c.role(), c.category(), c.purpose(), c.effect(), null))
			.toList(), viewer.username(), why);
	}

	private Viewer requirePrivacyOfficer(DataFetchingEnvironment environment) {
		Viewer viewer = this.contexts.of(environment).viewer();
		if (!viewer.hasRole(Role.PRIVACY_OFFICER)) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only the privacy officer reads and changes the policy");
		}
		return viewer;
	}

	/**
	 * The privacy officer, or an administrator, who reads the policy without changing it.
	 */
	private void requireReader(DataFetchingEnvironment environment) {
		Viewer viewer = this.contexts.of(environment).viewer();
		if (!viewer.hasRole(Role.PRIVACY_OFFICER) && !viewer.hasRole(Role.ADMIN)) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"Only the privacy officer and administrators read the policy");
		}
	}

	record PolicyChangeInput(OrganizationType organizationType, Role role, DataCategory category, Purpose purpose,
			Effect effect) {
	}

}

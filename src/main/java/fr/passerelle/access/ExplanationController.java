package fr.passerelle.access;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code accessExplanation}: every decision is explainable. A viewer asks about their own
 * access (same not-found answer as everywhere for a person they do not reach); the
 * privacy officer about any organization and roles.
 */
@Controller
class ExplanationController {

	private final AccessContexts contexts;

	private final AccessDecisions decisions;

	private final OrganizationDirectory organizations;

	ExplanationController(AccessContexts contexts, AccessDecisions decisions, OrganizationDirectory organizations) {
		this.contexts = contexts;
		this.decisions = decisions;
		this.organizations = organizations;
	}

	@QueryMapping
	List<Decision> accessExplanation(@Argument String personId, @Argument @Nullable Purpose purpose,
			@Argument("as") @Nullable ExplainedViewerInput as, DataFetchingEnvironment environment) {
		AccessContext own = this.contexts.of(environment);
		AccessContext context;
		if (as != null) {
			if (!own.viewer().hasRole(Role.PRIVACY_OFFICER)) {
				throw new AccessException(ErrorCode.FORBIDDEN,
						"Only the privacy officer explains another viewer's access");
			}
			UUID organizationId = PersonIds.parseOrNull(as.organizationId());
			Organization organization = (organizationId != null) ? this.organizations.byId(organizationId).orElse(null)
					: null;
			if (organization == null) {
				throw AccessException.invalid("as.organizationId", "No such organization");
			}
			String userId = (as.userId() != null) ? as.userId() : "explained-viewer";
			String username = (as.username() != null) ? as.username() : userId;
			Viewer explained = new Viewer(userId, username,
					new Viewer.ViewerOrganization(organization.id(), organization.type(), organization.territory()),
					Set.copyOf(as.roles()));
			context = this.contexts.open(explained, (purpose != null) ? purpose.name() : null);
		}
		else {
			context = (purpose == null || purpose == own.purpose()) ? own
					: this.contexts.open(own.viewer(), purpose.name());
		}
		UUID id = PersonIds.parseOrNull(personId);
		PersonAccess access = (id != null) ? this.decisions.decide(context, id).orElse(null) : null;
		if (access == null) {
			throw AccessException.notFound();
		}
		return List.of(DataCategory.values()).stream().map(access::decision).toList();
	}

	record ExplainedViewerInput(String organizationId, List<Role> roles, @Nullable String userId,
			@Nullable String username) {
	}

}

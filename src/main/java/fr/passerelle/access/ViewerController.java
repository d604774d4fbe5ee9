package fr.passerelle.access;

import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/**
 * {@code me}: the caller as the hub sees them, so a front-end can check what a token
 * carries.
 */
@Controller
class ViewerController {

	private final OrganizationDirectory organizations;

	ViewerController(OrganizationDirectory organizations) {
		this.organizations = organizations;
	}

	@QueryMapping
	Viewer me(@AuthenticationPrincipal Viewer viewer) {
		return viewer;
	}

	/**
	 * The directory entry of the viewer's organization; null if the token names none or
	 * an unknown one.
	 */
	@SchemaMapping
	@Nullable Organization organization(Viewer viewer) {
		Viewer.ViewerOrganization organization = viewer.organization();
		return (organization != null) ? this.organizations.byId(organization.id()).orElse(null) : null;
	}

}

package fr.passerelle.statistics;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;

/**
 * Who may read the statistics: the role {@code ANALYST} (the métropole's analysts, the
 * dashboards' service accounts), of an organization, for its own territory.
 */
final class Analysts {

	private Analysts() {
	}

	/** The request's viewer as its token says (with its organization). */
	static Viewer viewer() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Viewer viewer) {
			return viewer;
		}
		throw new AccessException(ErrorCode.FORBIDDEN, "Statistics are for analysts");
	}

	/** The analyst asking, refused unless of role ANALYST with an organization. */
	static Viewer require() {
		Viewer viewer = viewer();
		if (!viewer.hasRole(Role.ANALYST) || viewer.organization() == null) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Statistics are for analysts (role ANALYST)");
		}
		return viewer;
	}

	/** The analyst asking about this territory, which must be their organization's. */
	static Viewer require(String territory, String field) {
		Viewer viewer = require();
		if (!viewer.organization().territory().equals(territory)) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Your organization's statistics are those of its territory",
					field);
		}
		return viewer;
	}

}

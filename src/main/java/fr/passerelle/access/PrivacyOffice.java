package fr.passerelle.access;

import java.util.Set;

/**
 * The one door into the privacy office's scope, where row-level security lets every row
 * through: for a request only when its viewer is the privacy officer (checked here), or
 * for the hub's own tasks that no request starts (the scheduled retention run, the
 * integrity check and their commands).
 */
public final class PrivacyOffice {

	private PrivacyOffice() {
	}

	/**
	 * The privacy office's scope for this request.
	 * @param operation what the privacy officer alone does ("reviews access"), for the
	 * refusal
	 * @throws AccessException {@code FORBIDDEN} for anyone but the privacy officer
	 */
	public static AccessScope of(AccessContext context, String operation) {
		Viewer viewer = context.viewer();
		if (!viewer.hasRole(Role.PRIVACY_OFFICER)) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only the privacy officer " + operation);
		}
		Viewer.ViewerOrganization organization = viewer.organization();
		return new AccessScope((organization != null) ? organization.id() : null, viewer.userId(), Set.of(), true);
	}

	/**
	 * The privacy office's scope for one of the hub's own tasks, under this name (what
	 * row-level security takes for the user).
	 */
	public static AccessScope task(String name) {
		return new AccessScope(null, name, Set.of(), true);
	}

}

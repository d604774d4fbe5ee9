package fr.passerelle.access;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * One request's access state: the viewer, the declared purpose, the grants in force
 * (emergency accesses, delegated roles) and the policy snapshot, all read once at the
 * start of the request; and the decisions made so far, reused within the request and
 * never beyond it.
 */
public final class AccessContext {

	private final Viewer viewer;

	private final Purpose purpose;

	private final @Nullable PolicySnapshot policy;

	private final Set<UUID> emergencyPersons;

	private final Set<DataCategory> writable;

	private final Set<DataCategory> ownRecordsOnly;

	private final Map<UUID, Optional<PersonAccess>> decisions = new ConcurrentHashMap<>();

	private final AccessLedger ledger = new AccessLedger();

	private final @Nullable ReadSession session;

	AccessContext(Viewer viewer, Purpose purpose, @Nullable PolicySnapshot policy, Set<UUID> emergencyPersons,
			Set<DataCategory> writable, Set<DataCategory> ownRecordsOnly, @Nullable ReadSession session) {
		this.session = session;
		this.viewer = viewer;
		this.purpose = purpose;
		this.policy = policy;
		this.emergencyPersons = Set.copyOf(emergencyPersons);
		this.writable = Set.copyOf(writable);
		this.ownRecordsOnly = Set.copyOf(ownRecordsOnly);
	}

	public Viewer viewer() {
		return this.viewer;
	}

	public Purpose purpose() {
		return this.purpose;
	}

	/**
	 * The policy snapshot; {@code null} for a viewer without organization (who reaches no
	 * one).
	 */
	@Nullable PolicySnapshot policy() {
		return this.policy;
	}

	/**
	 * The categories the write policy lets the viewer's organization type write (read
	 * with the policy, once per request).
	 */
	public Set<DataCategory> writable() {
		return this.writable;
	}

	/**
	 * The categories for which a MISSION decision covers only the elements the viewer's
	 * organization recorded or that name it.
	 */
	public Set<DataCategory> ownRecordsOnly() {
		return this.ownRecordsOnly;
	}

	Set<UUID> emergencyPersons() {
		return this.emergencyPersons;
	}

	Map<UUID, Optional<PersonAccess>> decisions() {
		return this.decisions;
	}

	/**
	 * The most the policy lets the viewer see of this category for the request's purpose
	 * ({@code DENY} for a viewer without organization). {@code MISSION} on a
	 * non-sensitive category means every person the viewer reaches discloses it.
	 */
	public Effect cap(DataCategory category) {
		return (this.policy != null) ? this.policy.cap(category, this.purpose).effect() : Effect.DENY;
	}

	/** What this request disclosed and refused: the matter of its access event. */
	public AccessLedger ledger() {
		return this.ledger;
	}

	/**
	 * Whether the viewer may know of this organization in this person's file: it is not
	 * sensitive, or it is the viewer's own, or the person's consent lets the viewer see
	 * its sensitive category. (The caseload's SQL applies the same rule:
	 * {@link SqlDecisions}.)
	 */
	public boolean mayKnow(PersonAccess access, Organization organization) {
		Viewer.ViewerOrganization own = this.viewer.organization();
		return !organization.sensitive() || (own != null && organization.id().equals(own.id()))
				|| access.discloses(organization.sensitiveCategory());
	}

	/** The row-level security settings of this viewer. */
	public AccessScope scope() {
		Viewer.ViewerOrganization organization = this.viewer.organization();
		return new AccessScope((organization != null) ? organization.id() : null, this.viewer.userId(),
				(this.purpose == Purpose.EMERGENCY) ? this.emergencyPersons : Set.of(), false, this.session);
	}

}

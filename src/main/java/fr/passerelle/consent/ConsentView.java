package fr.passerelle.consent;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.Purpose;
import fr.passerelle.access.Viewer;
import fr.passerelle.jooq.enums.ConsentMethod;
import fr.passerelle.jooq.enums.ConsentStatus;
import fr.passerelle.jooq.enums.GrantorKind;
import fr.passerelle.jooq.enums.ProvisionType;

/**
 * A consent version as recorded, with its evidence and its provision tree, and where it
 * stands among the consent's versions.
 *
 * @param replaces the version this one replaced (narrowed or extended from it)
 * @param replacedBy the version that replaced this one (status SUPERSEDED)
 * @param versions what happened to the consent through all its versions
 */
public record ConsentView(UUID id, UUID personId, ConsentStatus status, GrantorKind grantor,
		@Nullable String representativeName, @Nullable UUID representativePersonId, LocalDate periodStart,
		@Nullable LocalDate periodEnd, Evidence evidence, List<ProvisionView> provisions,
		@Nullable OffsetDateTime revokedAt, @Nullable String revokedBy, @Nullable UUID replaces,
		@Nullable UUID replacedBy, @Nullable OffsetDateTime supersededAt, Versions versions) {

	/**
	 * @param collectedBy the collector's username; null where shown to another
	 * organization than the collector's (the organization says who collected it)
	 */
	public record Evidence(@Nullable String collectedBy, @Nullable Organization collectedByOrganization,
			ConsentMethod method, OffsetDateTime collectedAt, String textVersion, String textSha256,
			@Nullable String documentReference) {
	}

	/**
	 * @param hidden a provision the viewer may not see (its recipient, a sensitive
	 * organization the viewer may not know of, or a sensitive category the viewer may not
	 * see): shown without recipient, categories, purposes, period or refinements
	 */
	public record ProvisionView(UUID id, ProvisionType type, List<DataCategory> categories, List<Purpose> purposes,
			@Nullable Organization recipientOrganization, @Nullable OrganizationType recipientOrganizationType,
			@Nullable LocalDate periodStart, @Nullable LocalDate periodEnd, List<ProvisionView> provisions,
			boolean hidden) {

		public ProvisionView(UUID id, ProvisionType type, List<DataCategory> categories, List<Purpose> purposes,
				@Nullable Organization recipientOrganization, @Nullable OrganizationType recipientOrganizationType,
				@Nullable LocalDate periodStart, @Nullable LocalDate periodEnd, List<ProvisionView> provisions) {
			this(id, type, categories, purposes, recipientOrganization, recipientOrganizationType, periodStart,
					periodEnd, provisions, false);
		}

		/**
		 * The provision as this viewer may see it: whole, or hidden when it names a
		 * sensitive organization the viewer may not know of in this person's file, or a
		 * sensitive category the viewer's decision does not disclose, unless it is
		 * addressed to the viewer's own organization.
		 */
		ProvisionView shownTo(AccessContext context, PersonAccess access) {
			Viewer.ViewerOrganization own = context.viewer().organization();
			boolean toViewer = own != null && this.recipientOrganization != null
					&& this.recipientOrganization.id().equals(own.id());
			boolean hides = !toViewer
					&& ((this.recipientOrganization != null && !context.mayKnow(access, this.recipientOrganization))
							|| this.categories.stream()
								.anyMatch((category) -> category.isSensitive() && !access.discloses(category)));
			if (hides) {
				return new ProvisionView(this.id, this.type, List.of(), List.of(), null, null, null, null, List.of(),
						true);
			}
			return new ProvisionView(this.id, this.type, this.categories, this.purposes, this.recipientOrganization,
					this.recipientOrganizationType, this.periodStart, this.periodEnd,
					this.provisions.stream().map((provision) -> provision.shownTo(context, access)).toList(), false);
		}

	}

	/**
	 * What happened to a consent: recorded, narrowed or extended (a new version),
	 * revoked, lapsed at the end of its period.
	 */
	public enum EventKind {

		RECORDED, REVOKED, EXPIRED, NARROWED, EXTENDED

	}

	/**
	 * @param organization who did it, where the hub knows it (the collector's
	 * organization for RECORDED, the changing one for NARROWED and EXTENDED)
	 * @param consentId the version the event produced, or ended
	 */
	public record Event(EventKind kind, OffsetDateTime at, @Nullable Organization organization, UUID consentId) {
	}

	/**
	 * A consent's versions, told once for all of them.
	 *
	 * @param changes recorded, then each narrowing or extension, oldest first
	 * @param latest the current version (the last of the chain): its end, by revocation
	 * or by its period, ends the consent
	 */
	public record Versions(List<Event> changes, UUID latest, @Nullable OffsetDateTime revokedAt,
			@Nullable LocalDate periodEnd) {

		Versions shownTo(AccessContext context, PersonAccess access) {
			return new Versions(this.changes.stream()
				.map((event) -> (event.organization() == null || context.mayKnow(access, event.organization())) ? event
						: new Event(event.kind(), event.at(), null, event.consentId()))
				.toList(), this.latest, this.revokedAt, this.periodEnd);
		}

	}

	/**
	 * The consent as a reader of the person's file may see it (Person.consents): whole to
	 * the organization that collected it with the person; to others, the collector by
	 * organization only and each provision as {@link ProvisionView#shownTo}; who revoked
	 * it only to themselves.
	 * @param access the viewer's decision for the person
	 */
	ConsentView shownTo(AccessContext context, PersonAccess access) {
		Viewer viewer = context.viewer();
		Organization collector = this.evidence.collectedByOrganization();
		boolean collectedHere = viewer.organization() != null && collector != null
				&& collector.id().equals(viewer.organization().id());
		Evidence shownEvidence = collectedHere ? this.evidence
				: new Evidence(null, (collector != null && context.mayKnow(access, collector)) ? collector : null,
						this.evidence.method(), this.evidence.collectedAt(), this.evidence.textVersion(),
						this.evidence.textSha256(), this.evidence.documentReference());
		return new ConsentView(this.id, this.personId, this.status, this.grantor, this.representativeName,
				this.representativePersonId, this.periodStart, this.periodEnd, shownEvidence,
				collectedHere ? this.provisions
						: this.provisions.stream().map((provision) -> provision.shownTo(context, access)).toList(),
				this.revokedAt, viewer.username().equals(this.revokedBy) ? this.revokedBy : null, this.replaces,
				this.replacedBy, this.supersededAt, this.versions.shownTo(context, access));
	}

	/**
	 * The consent answered to a user who may act on it (revoke it) but not read the
	 * person's consents: what it is and where it stands, none of what it shares, with
	 * whom, or who gave or collected it.
	 */
	ConsentView withoutContent() {
		return new ConsentView(this.id, this.personId, this.status, this.grantor, null, null, this.periodStart,
				this.periodEnd,
				new Evidence(null, null, this.evidence.method(), this.evidence.collectedAt(),
						this.evidence.textVersion(), this.evidence.textSha256(), null),
				this.provisions.stream()
					.map((p) -> new ProvisionView(p.id(), p.type(), List.of(), List.of(), null, null, null, null,
							List.of(), true))
					.toList(),
				this.revokedAt, null, this.replaces, this.replacedBy, this.supersededAt,
				new Versions(this.versions.changes()
					.stream()
					.map((event) -> new Event(event.kind(), event.at(), null, event.consentId()))
					.toList(), this.versions.latest(), this.versions.revokedAt(), this.versions.periodEnd()));
	}

	/**
	 * The provision ids this viewer sees in the consent (not hidden, nor inside a hidden
	 * one), after {@link #shownTo}.
	 */
	Set<UUID> visibleProvisions() {
		Set<UUID> visible = new HashSet<>();
		collectVisible(this.provisions, visible);
		return visible;
	}

	private static void collectVisible(List<ProvisionView> provisions, Set<UUID> visible) {
		for (ProvisionView provision : provisions) {
			if (!provision.hidden()) {
				visible.add(provision.id());
				collectVisible(provision.provisions(), visible);
			}
		}
	}

	/** Whether the consent is in force on this day: active, and within its period. */
	public boolean inForceOn(LocalDate day) {
		return this.status == ConsentStatus.ACTIVE && !this.periodStart.isAfter(day)
				&& (this.periodEnd == null || !this.periodEnd.isBefore(day));
	}

	/**
	 * The consent's history through all its versions, oldest first: recorded; narrowed or
	 * extended; then the current version revoked, or lapsed the day after its period
	 * ended (if that day has come and it was not revoked before).
	 */
	public List<Event> history(LocalDate today) {
		List<Event> events = new ArrayList<>(this.versions.changes());
		LocalDate end = this.versions.periodEnd();
		OffsetDateTime lapsed = (end != null && end.isBefore(today))
				? end.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC) : null;
		OffsetDateTime revoked = this.versions.revokedAt();
		if (revoked != null && (lapsed == null || revoked.isBefore(lapsed))) {
			events.add(new Event(EventKind.REVOKED, revoked, null, this.versions.latest()));
		}
		else if (lapsed != null) {
			events.add(new Event(EventKind.EXPIRED, lapsed, null, this.versions.latest()));
		}
		return events;
	}

}

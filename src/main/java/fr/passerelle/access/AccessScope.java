package fr.passerelle.access;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What row-level security needs to know of the viewer, set transaction-locally in every
 * transaction that touches person-linked tables. Made only here: a viewer's scope by
 * {@link AccessContext#scope()}, the privacy office's (every row visible) by
 * {@link PrivacyOffice}, which checks who asks.
 */
public final class AccessScope {

	private final @Nullable UUID organizationId;

	private final String userId;

	private final Set<UUID> emergencyPersons;

	private final boolean privacyOffice;

	/** The request's read transaction, if it has one (not part of the settings). */
	private final @Nullable ReadSession session;

	AccessScope(@Nullable UUID organizationId, String userId, Set<UUID> emergencyPersons, boolean privacyOffice) {
		this(organizationId, userId, emergencyPersons, privacyOffice, null);
	}

	AccessScope(@Nullable UUID organizationId, String userId, Set<UUID> emergencyPersons, boolean privacyOffice,
			@Nullable ReadSession session) {
		this.organizationId = organizationId;
		this.userId = userId;
		this.emergencyPersons = Set.copyOf(emergencyPersons);
		this.privacyOffice = privacyOffice;
		this.session = session;
	}

	@Nullable ReadSession session() {
		return this.session;
	}

	public @Nullable UUID organizationId() {
		return this.organizationId;
	}

	public String userId() {
		return this.userId;
	}

	public Set<UUID> emergencyPersons() {
		return this.emergencyPersons;
	}

	/** Whether every row is visible: the privacy office's operations only. */
	public boolean privacyOffice() {
		return this.privacyOffice;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AccessScope scope && Objects.equals(this.organizationId, scope.organizationId)
				&& this.userId.equals(scope.userId) && this.emergencyPersons.equals(scope.emergencyPersons)
				&& this.privacyOffice == scope.privacyOffice;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.organizationId, this.userId, this.emergencyPersons, this.privacyOffice);
	}

}

package fr.passerelle.organization;

import static fr.passerelle.jooq.Tables.ORGANIZATION;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationDirectory;
import fr.passerelle.access.OrganizationType;

/**
 * The directory of partner organizations. Organizations are not personal data: they are
 * kept in memory, read again at most {@value #KEPT_SECONDS} s after they were read (an
 * organization declared sensitive is treated so everywhere within that time; the
 * caseload's SQL reads the table itself), so that reading a file's parts costs no
 * statement for the organizations they name.
 */
@Repository
public class Organizations implements OrganizationDirectory {

	static final int KEPT_SECONDS = 30;

	private final DSLContext dsl;

	private final Cache<UUID, Organization> kept = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofSeconds(KEPT_SECONDS))
		.build();

	Organizations(DSLContext dsl) {
		this.dsl = dsl;
	}

	@Override
	public Optional<Organization> byId(UUID id) {
		return byIds(List.of(id)).stream().findFirst();
	}

	/**
	 * The organizations of these ids (unknown ids left out); one statement for those not
	 * kept.
	 */
	public List<Organization> byIds(Collection<UUID> ids) {
		return byIds(this.dsl, ids);
	}

	/**
	 * The organizations of these ids, those not kept read in this transaction (a request
	 * that holds a connection asks for no other).
	 */
	public List<Organization> byIds(DSLContext dsl, Collection<UUID> ids) {
		Map<UUID, Organization> found = this.kept.getAllPresent(ids);
		List<UUID> missing = ids.stream().distinct().filter((id) -> !found.containsKey(id)).toList();
		if (missing.isEmpty()) {
			return List.copyOf(found.values());
		}
		List<Organization> read = dsl
			.select(ORGANIZATION.ID, ORGANIZATION.NAME, ORGANIZATION.TYPE, ORGANIZATION.TERRITORY,
					ORGANIZATION.SENSITIVE_CATEGORY)
			.from(ORGANIZATION)
			.where(ORGANIZATION.ID.in(missing))
			.fetch(Records.mapping(Organization::new));
		read.forEach((organization) -> this.kept.put(organization.id(), organization));
		List<Organization> all = new ArrayList<>(found.values());
		all.addAll(read);
		return all;
	}

	/**
	 * The organizations of these ids, read in one statement (none for no id), as a lookup
	 * that fails on an id it was not given: elements name only existing organizations.
	 */
	public Function<UUID, Organization> lookup(Collection<UUID> ids) {
		return lookup(this.dsl, ids);
	}

	/** {@link #lookup(Collection)}, those not kept read in this transaction. */
	public Function<UUID, Organization> lookup(DSLContext dsl, Collection<UUID> ids) {
		Map<UUID, Organization> found = new HashMap<>();
		if (!ids.isEmpty()) {
			byIds(dsl, ids).forEach((organization) -> found.put(organization.id(), organization));
		}
		return (id) -> {
			Organization organization = found.get(id);
			if (organization == null) {
				throw new IllegalStateException("Unknown organization " + id);
			}
			return organization;
		};
	}

	/**
	 * The organizations of this type in this territory, by name (the directory, not
	 * personal data), read in this transaction.
	 */
	public List<Organization> ofType(DSLContext dsl, OrganizationType type, String territory) {
		List<Organization> found = dsl
			.select(ORGANIZATION.ID, ORGANIZATION.NAME, ORGANIZATION.TYPE, ORGANIZATION.TERRITORY,
					ORGANIZATION.SENSITIVE_CATEGORY)
			.from(ORGANIZATION)
			.where(ORGANIZATION.TYPE.eq(type), ORGANIZATION.TERRITORY.eq(territory))
			.orderBy(ORGANIZATION.NAME, ORGANIZATION.ID)
			.fetch(Records.mapping(Organization::new));
		found.forEach((organization) -> this.kept.put(organization.id(), organization));
		return found;
	}

	/** Read this organization again on its next use (the directory changed it). */
	void forget(UUID id) {
		this.kept.invalidate(id);
	}

	public int count() {
		return this.dsl.fetchCount(ORGANIZATION);
	}

}

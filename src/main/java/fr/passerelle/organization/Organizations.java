package fr.passerelle.organization;

import static fr.passerelle.jooq.Tables.ORGANIZATION;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jooq.DSLContext;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationDirectory;

/** The directory of partner organizations. Organizations are not personal data. */
@Repository
public class Organizations implements OrganizationDirectory {

	private final DSLContext dsl;

	Organizations(DSLContext dsl) {
		this.dsl = dsl;
	}

	@Override
	public Optional<Organization> byId(UUID id) {
		return this.dsl
			.select(ORGANIZATION.ID, ORGANIZATION.NAME, ORGANIZATION.TYPE, ORGANIZATION.TERRITORY,
					ORGANIZATION.SENSITIVE_CATEGORY)
			.from(ORGANIZATION)
			.where(ORGANIZATION.ID.eq(id))
			.fetchOptional(Records.mapping(Organization::new));
	}

	public List<Organization> byIds(Collection<UUID> ids) {
		return this.dsl
			.select(ORGANIZATION.ID, ORGANIZATION.NAME, ORGANIZATION.TYPE, ORGANIZATION.TERRITORY,
					ORGANIZATION.SENSITIVE_CATEGORY)
			.from(ORGANIZATION)
			.where(ORGANIZATION.ID.in(ids))
			.fetch(Records.mapping(Organization::new));
	}

	/**
	 * The organizations of these ids, read in one statement (none for no id), as a lookup
	 * that fails on an id it was not given: elements name only existing organizations.
	 */
	public Function<UUID, Organization> lookup(Collection<UUID> ids) {
		Map<UUID, Organization> found = new HashMap<>();
		if (!ids.isEmpty()) {
			byIds(ids).forEach((organization) -> found.put(organization.id(), organization));
		}
		return (id) -> {
			Organization organization = found.get(id);
			if (organization == null) {
				throw new IllegalStateException("Unknown organization " + id);
			}
			return organization;
		};
	}

	public int count() {
		return this.dsl.fetchCount(ORGANIZATION);
	}

}

package fr.passerelle.organization;

import static fr.passerelle.jooq.Tables.ORGANIZATION;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

/** The directory of partner organizations. Organizations are not personal data. */
@Repository
public class Organizations {

	private final DSLContext dsl;

	Organizations(DSLContext dsl) {
		this.dsl = dsl;
	}

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

	public int count() {
		return this.dsl.fetchCount(ORGANIZATION);
	}

}

package fr.passerelle.statistics;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationDirectory;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.Role;
import fr.passerelle.access.Viewer;
import fr.passerelle.access.ViewerTransactions;

/**
 * The places register: the supply of intermediation locative and pensions de famille,
 * public, written by the organization that runs the places (row-level security checks it
 * too). Places of an organization whose involvement is itself sensitive are listed only
 * to that organization.
 */
@Controller
class PlaceController {

	private static final String COLUMNS = "id, organization_id, kind::text AS kind, label, capacity, available_from, available_to, version";

	private final ViewerTransactions transactions;

	private final OrganizationDirectory directory;

	private final DSLContext dsl;

	PlaceController(ViewerTransactions transactions, OrganizationDirectory directory, DSLContext dsl) {
		this.transactions = transactions;
		this.directory = directory;
		this.dsl = dsl;
	}

	/** One row of the register. */
	record Place(UUID id, UUID organizationId, String kind, String label, int capacity, LocalDate availableFrom,
			@Nullable LocalDate availableTo, int version) {

		static Place of(Record row) {
			return new Place(row.get("id", UUID.class), row.get("organization_id", UUID.class),
					row.get("kind", String.class), row.get("label", String.class), row.get("capacity", Integer.class),
					row.get("available_from", LocalDate.class), row.get("available_to", LocalDate.class),
					row.get("version", Integer.class));
		}

	}

	record RecordPlaceInput(String kind, String label, int capacity, LocalDate availableFrom,
			@Nullable LocalDate availableTo) {
	}

	record UpdatePlaceInput(String id, int version, int capacity, @Nullable LocalDate availableTo) {
	}

	@QueryMapping
	List<Place> places(@Argument String territory) {
		UUID own = organizationOf(Analysts.viewer());
		return this.dsl.fetch("""
				SELECT p.id, p.organization_id, p.kind::text AS kind, p.label, p.capacity, p.available_from,
				       p.available_to, p.version
				FROM passerelle.place p JOIN passerelle.organization o ON o.id = p.organization_id
				WHERE o.territory = ? AND (NOT o.sensitive OR o.id = ?)
				ORDER BY o.name, p.kind, p.label, p.id""", territory, own).map(Place::of);
	}

	@MutationMapping
	Place recordPlace(@Argument RecordPlaceInput input, AccessContext context) {
		Viewer viewer = writer(context);
		String label = (input.label() != null) ? input.label().trim() : "";
		if (label.isEmpty() || label.length() > 200) {
			throw AccessException.invalid("input.label", "A label of 1 to 200 characters is required");
		}
		capacity(input.capacity());
		period(input.availableFrom(), input.availableTo());
		UUID id = UUID.randomUUID();
		return this.transactions.run(context.scope(),
				(tx) -> Place.of(tx.fetchSingle(
						"""
								INSERT INTO passerelle.place (id, organization_id, kind, label, capacity, available_from, available_to, recorded_by)
								VALUES (?, ?, CAST(? AS passerelle.place_kind), ?, ?, ?, ?, ?)"""
								+ " RETURNING " + COLUMNS,
						id, viewer.organization().id(), input.kind(), label, input.capacity(), input.availableFrom(),
						input.availableTo(), viewer.username())));
	}

	@MutationMapping
	Place updatePlace(@Argument UpdatePlaceInput input, AccessContext context) {
		Viewer viewer = writer(context);
		UUID id = PersonIds.parseOrNull(input.id());
		capacity(input.capacity());
		return this.transactions.run(context.scope(), (tx) -> {
			Record current = (id != null) ? tx.fetchOne(
					"SELECT " + COLUMNS + " FROM passerelle.place WHERE id = ? AND organization_id = ? FOR UPDATE", id,
					viewer.organization().id()) : null;
			if (current == null) {
				throw new AccessException(ErrorCode.NOT_FOUND, "Your organization has no place with this id",
						"input.id");
			}
			Place place = Place.of(current);
			if (place.version() != input.version()) {
				throw new AccessException(ErrorCode.STALE_VERSION,
						"This place was changed since you read it (version " + place.version() + ")", "input.version");
			}
			period(place.availableFrom(), input.availableTo());
			return Place.of(tx.fetchSingle("""
					UPDATE passerelle.place SET capacity = ?, available_to = ?, version = version + 1,
					       updated_by = ?, updated_at = now()
					WHERE id = ?""" + " RETURNING " + COLUMNS, input.capacity(), input.availableTo(), viewer.username(),
					id));
		});
	}

	@SchemaMapping(typeName = "Place", field = "organization")
	Organization organization(Place place) {
		return this.directory.byId(place.organizationId()).orElseThrow();
	}

	private static Viewer writer(AccessContext context) {
		Viewer viewer = context.viewer();
		if (viewer.organization() == null || !(viewer.hasRole(Role.CASE_WORKER) || viewer.hasRole(Role.COORDINATOR)
				|| viewer.hasRole(Role.AGENT))) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"Places are registered by the case workers, coordinators and agents of the organization that runs them");
		}
		return viewer;
	}

	private static @Nullable UUID organizationOf(Viewer viewer) {
		return (viewer.organization() != null) ? viewer.organization().id() : null;
	}

	private static void capacity(int capacity) {
		if (capacity < 1 || capacity > 10_000) {
			throw AccessException.invalid("input.capacity", "A capacity is 1 to 10,000 places");
		}
	}

	private static void period(LocalDate from, @Nullable LocalDate to) {
		if (to != null && to.isBefore(from)) {
			throw AccessException.invalid("input.availableTo", "availableTo must not be before availableFrom");
		}
	}

}

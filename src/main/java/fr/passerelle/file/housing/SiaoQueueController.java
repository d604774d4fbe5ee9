package fr.passerelle.file.housing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.Cursors;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.Effect;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Organization;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.PersonIds;
import fr.passerelle.file.FileReads;
import fr.passerelle.jooq.enums.OrientationSolution;
import fr.passerelle.jooq.enums.OrientationStatus;
import fr.passerelle.person.PersonView;

/**
 * The SIAO's queue ({@code siaoQueue}): the open requests addressed to the viewer's SIAO,
 * oldest first. The page is read in one statement ({@link SiaoQueue}) and its persons
 * through the persons' batch loader (the same decision as every path), so an entry the
 * decision does not let the viewer see is not there, and a person is null nowhere.
 */
@Controller
class SiaoQueueController {

	private static final int MAX_PAGE = 100;

	private static final DataCategory CATEGORY = DataCategory.HOUSING_APPLICATION;

	private final SiaoQueue queue;

	private final Cursors cursors;

	private final Clock clock;

	SiaoQueueController(SiaoQueue queue, Cursors cursors, Clock clock) {
		this.queue = queue;
		this.cursors = cursors;
		this.clock = clock;
	}

	enum Stage {

		PROPOSAL(OrientationStatus.REQUESTED), DECISION(OrientationStatus.PROPOSED);

		private final OrientationStatus status;

		Stage(OrientationStatus status) {
			this.status = status;
		}

		static Stage of(OrientationStatus status) {
			return (status == OrientationStatus.REQUESTED) ? PROPOSAL : DECISION;
		}

	}

	record Filter(@Nullable List<OrientationSolution> solutions, @Nullable Stage awaiting) {
	}

	@QueryMapping
	CompletableFuture<Connection> siaoQueue(@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Filter filter, DataLoader<UUID, PersonView> persons, AccessContext context) {
		var organization = context.viewer().organization();
		if (organization == null || organization.type() != OrganizationType.SIAO) {
			throw new AccessException(ErrorCode.FORBIDDEN, "The queue is the SIAO's: only its users read it");
		}
		if (context.cap(CATEGORY) == Effect.DENY) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"Your role may not see " + CATEGORY + " for the purpose " + context.purpose());
		}
		int size = (first != null) ? first : 20;
		if (size < 1 || size > MAX_PAGE) {
			throw AccessException.invalid("first", "first must be between 1 and " + MAX_PAGE);
		}
		List<OrientationSolution> solutions = (filter != null && filter.solutions() != null)
				? filter.solutions().stream().distinct().sorted().toList() : List.of();
		Stage stage = (filter != null) ? filter.awaiting() : null;
		// a cursor opens only for the viewer, purpose and filter it was made for
		String binding = "siaoQueue\u0000" + solutions + "\u0000" + stage;
		SiaoQueue.Position position = (after != null) ? position(this.cursors.open(context, binding, after)) : null;
		if (after != null && position == null) {
			throw AccessException.invalid("after", "after is not a cursor of this queue with this filter");
		}
		// the queue is the viewer's organization's (the view siao_queue reads it)
		SiaoQueue.Page page = this.queue.page(context,
				new SiaoQueue.Filter(solutions, (stage != null) ? stage.status : null), size, position);
		LocalDate today = LocalDate.now(this.clock);
		List<UUID> ids = page.rows().stream().map((row) -> row.orientation().personId()).distinct().toList();
		return persons.loadMany(ids).thenApply((loaded) -> {
			Map<UUID, PersonView> byId = new HashMap<>();
			loaded.stream().filter(Objects::nonNull).forEach((person) -> byId.put(person.id(), person));
			List<Edge> edges = new ArrayList<>();
			String end = null;
			for (SiaoQueue.Row row : page.rows()) {
				OrientationView orientation = row.orientation();
				String cursor = this.cursors.seal(context, binding, orientation.requestedOn() + ":" + orientation.id());
				end = cursor;
				PersonView person = byId.get(orientation.personId());
				// the statement decided as the person's decision does; should they differ
				// (a consent revoked in between), the entry is left out, never shown
				if (person == null || !person.access().discloses(CATEGORY)
						|| FileReads.visible(context, person.access(), CATEGORY, List.of(orientation)).isEmpty()) {
					continue;
				}
				PersonAccess access = person.access();
				OrientationView shown = orientation
					.withProposals(FileReads.visible(context, access, orientation.proposals()));
				edges.add(new Edge(cursor,
						new Entry(person, shown, shown.provenance().organization(), shown.requestedSolution(),
								shown.requestedOn(), (int) ChronoUnit.DAYS.between(shown.requestedOn(), today),
								Stage.of(shown.status()), new Household(row.adults(), row.children(), row.others()),
								new Priority(row.priority(), row.dalo()))));
			}
			return new Connection(edges, new PageInfo(page.hasNextPage(), end));
		});
	}

	/** The position a cursor held: the request's date, then its id. */
	private static SiaoQueue.@Nullable Position position(@Nullable String opened) {
		if (opened == null) {
			return null;
		}
		int colon = opened.indexOf(':');
		if (colon < 0) {
			return null;
		}
		UUID id = PersonIds.parseOrNull(opened.substring(colon + 1));
		try {
			return (id != null) ? new SiaoQueue.Position(LocalDate.parse(opened.substring(0, colon)), id) : null;
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
	}

	record Connection(List<Edge> edges, PageInfo pageInfo) {
	}

	record Edge(String cursor, Entry node) {
	}

	record PageInfo(boolean hasNextPage, @Nullable String endCursor) {
	}

	/** An entry of the queue: its fields are shown under their categories. */
	record Entry(PersonView person, OrientationView orientation, Organization requestedBy,
			OrientationSolution requestedSolution, LocalDate requestedOn, int ageInDays, Stage awaiting,
			Household household, Priority priority) implements Disclosed {

		@Override
		public PersonAccess access() {
			return this.person.access();
		}

	}

	record Household(int adults, int children, int others) {
	}

	record Priority(boolean priority, boolean dalo) {
	}

}

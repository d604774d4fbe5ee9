package fr.passerelle.review;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.AccessScope;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Grants;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.PrivacyOffice;
import fr.passerelle.access.Purpose;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.ReviewStatus;

/**
 * The privacy officer's review operations: the access log, the review queue and the
 * reviews of emergency accesses and delegations, a person's access report. Each checks
 * the role first (FORBIDDEN for anyone else), then runs in the privacy office's scope.
 */
@Controller
class ReviewController {

	private static final int MAX_PAGE = 500;

	private static final int MAX_COMMENT = 1000;

	private static final String CURSOR_PREFIX = "event:";

	private final ViewerTransactions transactions;

	private final AccessEvents events;

	private final GrantReviews reviews;

	private final Clock clock;

	ReviewController(ViewerTransactions transactions, AccessEvents events, GrantReviews reviews, Clock clock) {
		this.transactions = transactions;
		this.events = events;
		this.reviews = reviews;
		this.clock = clock;
	}

	@QueryMapping
	AccessEventConnection accessEvents(@Argument @Nullable AccessEventFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after, AccessContext context) {
		Office office = privacyOffice(context);
		int size = size(first, 50);
		Long afterSeq = null;
		if (after != null) {
			afterSeq = decodeCursor(after);
			if (afterSeq == null) {
				throw AccessException.invalid("after", "after is not a cursor of accessEvents");
			}
		}
		AccessEvents.Filter narrowed = (filter != null) ? filter.validated() : AccessEvents.Filter.NONE;
		Long start = afterSeq;
		AccessEvents.Page page = this.transactions.run(office.scope(),
				(dsl) -> this.events.page(dsl, narrowed, size, start));
		List<AccessEventEdge> edges = page.events()
			.stream()
			.map((event) -> new AccessEventEdge(encodeCursor(event.seq()), event))
			.toList();
		String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
		return new AccessEventConnection(edges, new PageInfo(page.hasNextPage(), end), page.totalCount());
	}

	@QueryMapping
	ReviewQueue reviewQueue(@Argument @Nullable Integer first, AccessContext context) {
		Office office = privacyOffice(context);
		int size = size(first, 100);
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		return this.transactions.run(office.scope(),
				(dsl) -> new ReviewQueue(this.reviews.pendingEmergencies(dsl, now, size),
						this.reviews.pendingDelegations(dsl, now, size)));
	}

	@MutationMapping
	Grants.EmergencyAccessView reviewEmergencyAccess(@Argument String id, @Argument ReviewStatus status,
			@Argument @Nullable String comment, AccessContext context) {
		Office office = privacyOffice(context);
		String why = comment(status, comment);
		UUID uuid = PersonIds.parseOrNull(id);
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		return this.transactions.run(office.scope(), (dsl) -> {
			if (uuid == null || this.reviews.emergency(dsl, uuid).isEmpty()) {
				throw AccessException.notFound();
			}
			if (!this.reviews.reviewEmergency(dsl, uuid, status, why, office.username(), now)) {
				throw new AccessException(ErrorCode.CONFLICT, "This emergency access has already been reviewed", "id");
			}
			return this.reviews.emergency(dsl, uuid).orElseThrow();
		});
	}

	@MutationMapping
	Grants.DelegationView reviewDelegation(@Argument String id, @Argument ReviewStatus status,
			@Argument @Nullable String comment, AccessContext context) {
		Office office = privacyOffice(context);
		String why = comment(status, comment);
		UUID uuid = PersonIds.parseOrNull(id);
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		return this.transactions.run(office.scope(), (dsl) -> {
			if (uuid == null || this.reviews.delegation(dsl, uuid).isEmpty()) {
				throw AccessException.notFound();
			}
			if (!this.reviews.reviewDelegation(dsl, uuid, status, why, office.username(), now)) {
				throw new AccessException(ErrorCode.CONFLICT, "This delegation has already been reviewed", "id");
			}
			return this.reviews.delegation(dsl, uuid).orElseThrow();
		});
	}

	@QueryMapping
	@Nullable AccessReport accessReport(@Argument String personId, @Argument @Nullable OffsetDateTime from,
			@Argument @Nullable OffsetDateTime to, AccessContext context) {
		Office office = privacyOffice(context);
		period(from, to, "to");
		UUID person = PersonIds.parseOrNull(personId);
		if (person == null) {
			return null;
		}
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		return this.transactions.run(office.scope(), (dsl) -> this.events.personExists(dsl, person)
				? new AccessReport(person, now, from, to, this.events.report(dsl, person, from, to)) : null);
	}

	/**
	 * The privacy officer's scope, in which row-level security shows every row; anyone
	 * else is refused before anything is read.
	 */
	private Office privacyOffice(AccessContext context) {
		return new Office(context.viewer().username(), PrivacyOffice.of(context, "reviews access"));
	}

	/** A review's comment, trimmed (blank: none); a flag must say what is wrong. */
	private static @Nullable String comment(ReviewStatus status, @Nullable String comment) {
		if (status == ReviewStatus.PENDING) {
			throw AccessException.invalid("status", "A review acknowledges or flags: ACKNOWLEDGED or FLAGGED");
		}
		String text = (comment != null && !comment.isBlank()) ? comment.trim() : null;
		if (text != null && text.length() > MAX_COMMENT) {
			throw AccessException.invalid("comment", "comment is at most " + MAX_COMMENT + " characters");
		}
		if (text == null && status == ReviewStatus.FLAGGED) {
			throw AccessException.invalid("comment", "A flag says what is wrong: a comment is required");
		}
		return text;
	}

	private static int size(@Nullable Integer first, int otherwise) {
		int size = (first != null) ? first : otherwise;
		if (size < 1 || size > MAX_PAGE) {
			throw AccessException.invalid("first", "first must be between 1 and " + MAX_PAGE);
		}
		return size;
	}

	private static void period(@Nullable OffsetDateTime from, @Nullable OffsetDateTime to, String field) {
		if (from != null && to != null && !to.isAfter(from)) {
			throw AccessException.invalid(field, "to must be after from");
		}
	}

	static String encodeCursor(long seq) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.UTF_8));
	}

	static @Nullable Long decodeCursor(String cursor) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			return decoded.startsWith(CURSOR_PREFIX) ? Long.valueOf(decoded.substring(CURSOR_PREFIX.length())) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private record Office(String username, AccessScope scope) {
	}

	/** The filter as GraphQL gives it; {@link #validated()} checks its ids and period. */
	record AccessEventFilter(@Nullable String personId, @Nullable String organizationId, @Nullable String username,
			@Nullable Purpose purpose, @Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {

		AccessEvents.Filter validated() {
			period(this.from, this.to, "filter.to");
			String user = null;
			if (this.username != null) {
				user = this.username.trim();
				if (user.isEmpty() || user.length() > 255) {
					throw AccessException.invalid("filter.username", "username is a login of 1 to 255 characters");
				}
			}
			return new AccessEvents.Filter(id(this.personId, "filter.personId"),
					id(this.organizationId, "filter.organizationId"), user, this.purpose, this.from, this.to);
		}

		private static @Nullable UUID id(@Nullable String id, String field) {
			if (id == null) {
				return null;
			}
			UUID parsed = PersonIds.parseOrNull(id);
			if (parsed == null) {
				throw AccessException.invalid(field, "not an id");
			}
			return parsed;
		}

	}

	record AccessEventConnection(List<AccessEventEdge> edges, PageInfo pageInfo, int totalCount) {
	}

	record AccessEventEdge(String cursor, AccessEvents.Event node) {
	}

	record PageInfo(boolean hasNextPage, @Nullable String endCursor) {
	}

	record ReviewQueue(List<Grants.EmergencyAccessView> emergencyAccesses, List<Grants.DelegationView> delegations) {
	}

	record AccessReport(UUID personId, OffsetDateTime generatedAt, @Nullable OffsetDateTime from,
			@Nullable OffsetDateTime to, List<AccessEvents.ReportEntry> entries) {
	}

}

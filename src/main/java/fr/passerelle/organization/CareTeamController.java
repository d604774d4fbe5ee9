package fr.passerelle.organization;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.AccessDecisions;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.Disclosed;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.PersonAccess;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.Role;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.jooq.enums.InvolvementKind;

/**
 * A person's care team: who is involved, batched for a whole page of persons, each entry
 * shown only under its own category (the viewer's own organization's entries always); and
 * the mutations that add an organization or end an involvement.
 */
@Controller
class CareTeamController {

	private final AccessContexts contexts;

	private final AccessDecisions decisions;

	private final ViewerTransactions transactions;

	private final Involvements involvements;

	private final Organizations organizations;

	private final Clock clock;

	CareTeamController(AccessContexts contexts, AccessDecisions decisions, ViewerTransactions transactions,
			Involvements involvements, Organizations organizations, Clock clock, BatchLoaderRegistry registry) {
		this.contexts = contexts;
		this.decisions = decisions;
		this.transactions = transactions;
		this.involvements = involvements;
		this.organizations = organizations;
		this.clock = clock;
		registry.forTypePair(UUID.class, CareTeam.class)
			.registerMappedBatchLoader((ids, environment) -> Mono.fromCallable(() -> {
				AccessContext context = contexts.of((GraphQLContext) environment.getContext());
				Map<UUID, List<InvolvementView>> found = involvements.ofPersons(context.scope(), ids);
				return ids.stream()
					.collect(java.util.stream.Collectors.toMap((id) -> id,
							(id) -> new CareTeam(found.getOrDefault(id, List.of()))));
			}));
	}

	@SchemaMapping(typeName = "Person", field = "careTeam")
	CompletableFuture<List<InvolvementView>> careTeam(Disclosed person, DataLoader<UUID, CareTeam> loader,
			AccessContext context) {
		PersonAccess access = person.access();
		UUID viewerOrganization = context.viewer().organization().id();
		return loader.load(access.personId())
			.thenApply((team) -> team.members()
				.stream()
				.filter((member) -> member.organization().id().equals(viewerOrganization)
						|| access.discloses(member.category()))
				.toList());
	}

	@MutationMapping
	InvolvementView addToCareTeam(@Argument AddToCareTeamInput input, AccessContext context) {
		requireRole(context, Role.CASE_WORKER, Role.COORDINATOR);
		PersonAccess access = this.decisions.requireWritable(context, input.personId());
		UUID organizationId = parse(input.organizationId(), "input.organizationId");
		if (this.organizations.byId(organizationId).isEmpty()) {
			throw AccessException.invalid("input.organizationId", "No such organization");
		}
		String reason = required(input.reason(), "input.reason", 500);
		String caseLead = (input.caseLead() != null) ? required(input.caseLead(), "input.caseLead", 100) : null;
		LocalDate today = LocalDate.now(this.clock);
		return this.transactions.run(context.scope(), (dsl) -> {
			if (this.involvements.hasActive(dsl, access.personId(), organizationId, input.kind(), today)) {
				throw new AccessException(ErrorCode.CONFLICT,
						"This organization is already involved with the person for " + input.kind(), "input.kind");
			}
			UUID id = this.involvements.insert(dsl, access.personId(), organizationId, input.kind(), today, reason,
					caseLead, context.viewer().username());
			return this.involvements.byId(dsl, id).orElseThrow();
		});
	}

	@MutationMapping
	InvolvementView endInvolvement(@Argument String involvementId, @Argument @Nullable LocalDate endedOn,
			AccessContext context) {
		requireRole(context, Role.CASE_WORKER, Role.COORDINATOR, Role.AGENT);
		UUID id = PersonIds.parseOrNull(involvementId);
		LocalDate today = LocalDate.now(this.clock);
		LocalDate end = (endedOn != null) ? endedOn : today;
		return this.transactions.run(context.scope(), (dsl) -> {
			InvolvementView involvement = (id != null) ? this.involvements.byId(dsl, id)
				.filter((found) -> found.organization().id().equals(context.viewer().organization().id()))
				.orElseThrow(AccessException::notFound) : null;
			if (involvement == null) {
				throw AccessException.notFound();
			}
			if (involvement.endedOn() != null) {
				throw new AccessException(ErrorCode.CONFLICT, "This involvement has already ended", "involvementId");
			}
			if (end.isBefore(involvement.startedOn()) || end.isAfter(today)) {
				throw AccessException.invalid("endedOn", "endedOn must be between the start and today");
			}
			this.involvements.end(dsl, involvement.id(), end);
			return this.involvements.byId(dsl, involvement.id()).orElseThrow();
		});
	}

	/**
	 * One of these roles, as a member of an organization (a token without one acts for no
	 * one).
	 */
	static void requireRole(AccessContext context, Role... roles) {
		for (Role role : roles) {
			if (context.viewer().hasRole(role) && context.viewer().organization() != null) {
				return;
			}
		}
		throw new AccessException(ErrorCode.FORBIDDEN, "Your role may not do this");
	}

	private static UUID parse(String id, String field) {
		UUID uuid = PersonIds.parseOrNull(id);
		if (uuid == null) {
			throw AccessException.invalid(field, "Not an id");
		}
		return uuid;
	}

	static String required(@Nullable String value, String field, int max) {
		if (value == null || value.isBlank()) {
			throw AccessException.invalid(field, field + " is required");
		}
		String trimmed = value.trim();
		if (trimmed.length() > max) {
			throw AccessException.invalid(field, field + " is longer than " + max + " characters");
		}
		return trimmed;
	}

	record CareTeam(List<InvolvementView> members) {
	}

	record AddToCareTeamInput(String personId, String organizationId, InvolvementKind kind, String reason,
			@Nullable String caseLead) {
	}

}

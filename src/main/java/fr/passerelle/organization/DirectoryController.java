package fr.passerelle.organization;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.graphql.data.ArgumentValue;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.OrganizationType;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.Role;
import fr.passerelle.access.ViewerTransactions;

/**
 * The partner directory, kept by the privacy officer or an administrator: organizations
 * created, renamed, marked sensitive, deactivated, each change a version with its reason.
 * A change is effective from the next request (a deactivated organization's users are
 * refused at once; names and sensitivity reach this instance's kept organizations at
 * once, other instances' within {@value Organizations#KEPT_SECONDS} s).
 */
@Controller
class DirectoryController {

	private static final String TERRITORY = "2A|2B|[0-9]{2}|97[1-6]";

	private final ViewerTransactions transactions;

	private final Directory directory;

	private final Organizations organizations;

	DirectoryController(ViewerTransactions transactions, Directory directory, Organizations organizations) {
		this.transactions = transactions;
		this.directory = directory;
		this.organizations = organizations;
	}

	@QueryMapping
	List<Directory.Entry> partnerDirectory(@Argument @Nullable Boolean includeInactive, AccessContext context) {
		requireKeeper(context);
		return this.transactions.run(context.scope(),
				(dsl) -> this.directory.current(dsl, Boolean.TRUE.equals(includeInactive)));
	}

	@QueryMapping
	List<Directory.Entry> directoryHistory(@Argument String organizationId, AccessContext context) {
		requireKeeper(context);
		UUID id = PersonIds.parseOrNull(organizationId);
		return (id != null) ? this.transactions.run(context.scope(), (dsl) -> this.directory.history(dsl, id))
				: List.of();
	}

	@MutationMapping
	Directory.Entry createOrganization(@Argument CreateOrganizationInput input, AccessContext context) {
		requireKeeper(context);
		String name = name(input.name(), "input.name");
		String territory = (input.territory() != null) ? input.territory().trim() : "";
		if (!territory.matches(TERRITORY)) {
			throw AccessException.invalid("input.territory",
					"territory must be an INSEE département code (2A, 2B, 01 to 95, 971 to 976)");
		}
		DataCategory sensitive = sensitiveCategory(input.sensitiveCategory(), "input.sensitiveCategory");
		String reason = reason(input.reason());
		UUID id = UUID.randomUUID();
		try {
			return this.transactions.run(context.scope(), (dsl) -> {
				if (this.directory.nameTaken(dsl, name, territory, null)) {
					throw new AccessException(ErrorCode.CONFLICT,
							"An organization of this name is already in the directory for this territory",
							"input.name");
				}
				this.directory.create(dsl, id, name, input.type(), territory, sensitive, context.viewer().username(),
						reason);
				return this.directory.latest(dsl, id).orElseThrow();
			});
		}
		catch (DuplicateKeyException ex) {
			throw new AccessException(ErrorCode.CONFLICT, "The organization was created twice", "input");
		}
	}

	@MutationMapping
	Directory.Entry changeOrganization(@Argument ChangeOrganizationInput input, AccessContext context) {
		requireKeeper(context);
		UUID id = PersonIds.parseOrNull(input.organizationId());
		if (input.version() < 1) {
			throw AccessException.invalid("input.version", "version is the organization's version read (1 or more)");
		}
		String name = (!input.name().isOmitted()) ? name(input.name().value(), "input.name") : null;
		DataCategory sensitive = (!input.sensitiveCategory().isOmitted())
				? sensitiveCategory(input.sensitiveCategory().value(), "input.sensitiveCategory") : null;
		if (!input.active().isOmitted() && input.active().value() == null) {
			throw AccessException.invalid("input.active", "active cannot be cleared: give true or false");
		}
		String reason = reason(input.reason());
		Directory.Entry changed = this.transactions.run(context.scope(), (dsl) -> {
			Directory.Current current = (id != null) ? this.directory.lock(dsl, id).orElse(null) : null;
			if (current == null) {
				throw AccessException.notFound();
			}
			if (current.version() != input.version()) {
				throw new AccessException(ErrorCode.CONFLICT,
						"The organization changed since version " + input.version() + ": read it again",
						"input.version");
			}
			Directory.Current next = new Directory.Current(current.id(), (name != null) ? name : current.name(),
					current.territory(),
					input.sensitiveCategory().isOmitted() ? current.sensitiveCategory() : sensitive,
					input.active().isOmitted() ? current.active() : Boolean.TRUE.equals(input.active().value()),
					current.version());
			if (next.equals(current)) {
				throw AccessException.invalid("input", "Nothing changes: give a new name, sensitivity or activity");
			}
			if (name != null && this.directory.nameTaken(dsl, name, current.territory(), current.id())) {
				throw new AccessException(ErrorCode.CONFLICT,
						"An organization of this name is already in the directory for this territory", "input.name");
			}
			this.directory.change(dsl, next, context.viewer().username(), reason);
			return this.directory.latest(dsl, current.id()).orElseThrow();
		});
		this.organizations.forget(changed.id());
		return changed;
	}

	/** The directory's keepers: the privacy officer and administrators. */
	private static void requireKeeper(AccessContext context) {
		if (!context.viewer().hasRole(Role.PRIVACY_OFFICER) && !context.viewer().hasRole(Role.ADMIN)) {
			throw new AccessException(ErrorCode.FORBIDDEN,
					"Only the privacy officer and administrators keep the partner directory");
		}
	}

	private static String name(@Nullable String name, String field) {
		String trimmed = (name != null) ? name.trim() : "";
		if (trimmed.isEmpty() || trimmed.length() > 200) {
			throw AccessException.invalid(field, "name must be 1 to 200 characters");
		}
		return trimmed;
	}

	private static @Nullable DataCategory sensitiveCategory(@Nullable DataCategory category, String field) {
		if (category != null && !category.isSensitive()) {
			throw AccessException.invalid(field,
					"A sensitive organization's category is HEALTH, JUSTICE or VIOLENCE: being followed there is that"
							+ " category of data");
		}
		return category;
	}

	private static String reason(@Nullable String reason) {
		String why = (reason != null) ? reason.trim() : "";
		if (why.length() < 3 || why.length() > 1000) {
			throw AccessException.invalid("input.reason", "Say why, in 3 to 1000 characters");
		}
		return why;
	}

	record CreateOrganizationInput(@Nullable String name, OrganizationType type, @Nullable String territory,
			@Nullable DataCategory sensitiveCategory, @Nullable String reason) {
	}

	record ChangeOrganizationInput(String organizationId, int version, ArgumentValue<String> name,
			ArgumentValue<DataCategory> sensitiveCategory, ArgumentValue<Boolean> active, @Nullable String reason) {
	}

}

package fr.passerelle.retention;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContext;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.PersonIds;
import fr.passerelle.access.PrivacyOffice;

/**
 * The privacy officer's erasure operations: anonymize a person on request, run the
 * retention now. Both answer ids and counts, never a name; both have a dry run.
 */
@Controller
class RetentionController {

	private final Retention retention;

	RetentionController(Retention retention) {
		this.retention = retention;
	}

	@MutationMapping
	Anonymization anonymizePerson(@Argument String personId, @Argument String reason,
			@Argument @Nullable Boolean dryRun, AccessContext context) {
		Retention.Actor officer = privacyOfficer(context);
		String why = (reason != null) ? reason.trim() : "";
		if (why.length() < 3 || why.length() > 1000) {
			throw AccessException.invalid("reason",
					"Say why, in 3 to 1000 characters (the request's date and channel, not the person's name)");
		}
		UUID id = PersonIds.parseOrNull(personId);
		if (id == null) {
			throw AccessException.notFound();
		}
		return this.retention.anonymize(officer, id, why, Boolean.TRUE.equals(dryRun));
	}

	@MutationMapping
	RetentionReport retentionRun(@Argument @Nullable Boolean dryRun, AccessContext context) {
		Retention.Actor officer = privacyOfficer(context);
		return this.retention.run(officer, !Boolean.FALSE.equals(dryRun));
	}

	private Retention.Actor privacyOfficer(AccessContext context) {
		return new Retention.Actor(context.viewer().username(),
				PrivacyOffice.of(context, "anonymizes and runs retention"));
	}

}

package fr.passerelle.retention;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.AccessScope;
import fr.passerelle.access.DataCategory;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.PrivacyOffice;
import fr.passerelle.access.ViewerTransactions;
import fr.passerelle.retention.RetentionReport.CategoryRetention;

/**
 * Anonymization on request, and the retention run: in transactions of the privacy office
 * (row-level security shows every row and lets every element be updated, see V7). A
 * person is anonymized in one transaction with the members of their household who go with
 * them; a run anonymizes the persons due {@value #CHUNK} at a time, each chunk one
 * transaction, then scrubs each category kept for a shorter period in one transaction. A
 * dry run reads the same rows and writes nothing.
 */
@Component
public class Retention {

	/** Persons anonymized per transaction in a run. */
	static final int CHUNK = 500;

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private final Transactions transactions;

	private final Erasures erasures;

	private final RetentionProperties properties;

	private final Clock clock;

	/**
	 * Who anonymizes: the username signs the changes, the privacy office's scope goes to
	 * row-level security.
	 */
	public record Actor(String username, AccessScope scope) {

		/** The scheduled run and the command. */
		public static final Actor RETENTION = new Actor("retention", PrivacyOffice.task("retention"));

	}

	/**
	 * Runs work in one transaction of the privacy office: every row visible, every
	 * element updatable.
	 */
	interface Transactions {

		<T> T run(Actor actor, ViewerTransactions.Work<T> work);

	}

	/** What a run looks at: its time, the default period, the category periods. */
	record Plan(OffsetDateTime now, Period defaultPeriod, Map<DataCategory, Period> periods) {

		/** Persons whose last activity is before this are anonymized. */
		OffsetDateTime cutoff() {
			return this.now.minus(this.defaultPeriod);
		}

		/** Elements of the category last written before this lose their free text. */
		OffsetDateTime cutoff(DataCategory category) {
			return this.now.minus(this.periods.get(category));
		}

	}

	@Autowired
	Retention(ViewerTransactions transactions, Erasures erasures, RetentionProperties properties, Clock clock) {
		this(new Transactions() {
			@Override
			public <T> T run(Actor actor, ViewerTransactions.Work<T> work) {
				return transactions.run(actor.scope(), work);
			}
		}, erasures, properties, clock);
	}

	Retention(Transactions transactions, Erasures erasures, RetentionProperties properties, Clock clock) {
		properties.periods().keySet().forEach((category) -> {
			if (!erasures.retainedCategories().contains(category)) {
				throw new IllegalArgumentException("passerelle.retention.periods." + category
						+ ": this category has no free text of its own to scrub; categories with one: "
						+ new java.util.TreeSet<>(erasures.retainedCategories()));
			}
		});
		this.transactions = transactions;
		this.erasures = erasures;
		this.properties = properties;
		this.clock = clock;
	}

	/** The plan of a run now, from the settings. */
	Plan plan() {
		return new Plan(OffsetDateTime.now(this.clock), this.properties.defaultPeriod(), this.properties.periods());
	}

	/**
	 * Anonymizes a person on request, with the members of their households registered
	 * only through them who are themselves past the retention period; the other members
	 * are named in {@code keptMembers}.
	 * @throws AccessException NOT_FOUND for an unknown person, CONFLICT for a person
	 * already anonymized
	 */
	public Anonymization anonymize(Actor actor, UUID personId, String reason, boolean dryRun) {
		Plan plan = plan();
		String memberReason = "Member of the household of a person anonymized on request, without activity for "
				+ plan.defaultPeriod();
		Anonymization anonymization = this.transactions.run(actor, (dsl) -> {
			Erasures.Candidate person = this.erasures.person(dsl, personId, !dryRun)
				.orElseThrow(AccessException::notFound);
			if (person.anonymizedAt() != null) {
				throw new AccessException(ErrorCode.CONFLICT,
						"This person was anonymized on " + person.anonymizedAt().toLocalDate(), "personId");
			}
			Erasures.Members members = this.erasures.members(dsl, personId, plan.cutoff(), !dryRun);
			List<UUID> memberIds = members.due().stream().map(Erasures.Candidate::id).toList();
			Map<UUID, List<FieldCount>> counts = this.erasures.counts(dsl,
					Stream.concat(Stream.of(personId), memberIds.stream()).toList());
			OffsetDateTime at = null;
			if (!dryRun) {
				at = this.erasures.anonymize(dsl, List.of(personId), actor.username(), reason);
				this.erasures.anonymize(dsl, memberIds, actor.username(), memberReason);
			}
			OffsetDateTime anonymizedAt = at;
			List<Anonymization> anonymizedMembers = members.due()
				.stream()
				.map((member) -> new Anonymization(member.id(), dryRun, anonymizedAt, member.lastActivityAt(),
						memberReason, counts.get(member.id()), List.of(), List.of()))
				.toList();
			return new Anonymization(personId, dryRun, anonymizedAt, person.lastActivityAt(), reason,
					counts.get(personId), anonymizedMembers, members.kept());
		});
		if (!dryRun) {
			logger.info("Person {} anonymized by {} with {} household member(s)", personId, actor.username(),
					anonymization.members().size());
		}
		return anonymization;
	}

	/** A retention run with the settings, now. */
	public RetentionReport run(Actor actor, boolean dryRun) {
		return run(actor, dryRun, plan());
	}

	/**
	 * A retention run: the persons without activity since the plan's cutoff are
	 * anonymized (each alone: a member is judged on their own last activity), then the
	 * free texts of each category with a period of its own are scrubbed from the elements
	 * last written before its cutoff and no longer in use.
	 */
	RetentionReport run(Actor actor, boolean dryRun, Plan plan) {
		String reason = "Retention: no activity for " + plan.defaultPeriod() + " (none since "
				+ plan.cutoff().toLocalDate() + ")";
		List<Anonymization> persons = new ArrayList<>();
		if (dryRun) {
			persons
				.addAll(this.transactions.run(actor, (dsl) -> due(dsl, actor, plan, reason, Integer.MAX_VALUE, true)));
		}
		else {
			List<Anonymization> chunk;
			do {
				chunk = this.transactions.run(actor, (dsl) -> due(dsl, actor, plan, reason, CHUNK, false));
				persons.addAll(chunk);
			}
			while (!chunk.isEmpty());
		}
		List<CategoryRetention> categories = new ArrayList<>();
		for (DataCategory category : plan.periods().keySet()) {
			categories.add(this.transactions.run(actor, (dsl) -> {
				Erasures.Scan scan = this.erasures.scan(dsl, category, plan.cutoff(category), plan.cutoff(), !dryRun);
				if (!dryRun) {
					this.erasures.scrub(dsl, category, scan, actor.username());
				}
				return new CategoryRetention(category, plan.periods().get(category).toString(), plan.cutoff(category),
						scan.elements(), scan.fields());
			}));
		}
		logger.info("Retention run{} by {}: {} person(s) {}anonymized (no activity since {}), {} element(s) {}scrubbed",
				dryRun ? " (dry)" : "", actor.username(), persons.size(), dryRun ? "would be " : "",
				plan.cutoff().toLocalDate(),
				categories.stream()
					.flatMap((category) -> category.elements().stream())
					.mapToInt((elements) -> elements.ids().size())
					.sum(),
				dryRun ? "would be " : "");
		return new RetentionReport(dryRun, plan.now(), plan.defaultPeriod().toString(), plan.cutoff(), persons,
				categories);
	}

	/** The persons due (up to {@code limit}), anonymized unless this is a dry run. */
	private List<Anonymization> due(DSLContext dsl, Actor actor, Plan plan, String reason, int limit, boolean dryRun) {
		List<Erasures.Candidate> due = this.erasures.due(dsl, plan.cutoff(), limit, !dryRun);
		Map<UUID, List<FieldCount>> counts = this.erasures.counts(dsl,
				due.stream().map(Erasures.Candidate::id).toList());
		OffsetDateTime at = dryRun || due.isEmpty() ? null
				: this.erasures.anonymize(dsl, counts.keySet(), actor.username(), reason);
		return due.stream()
			.map((person) -> new Anonymization(person.id(), dryRun, at, person.lastActivityAt(), reason,
					counts.get(person.id()), List.of(), List.of()))
			.toList();
	}

}

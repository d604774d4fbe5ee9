package fr.passerelle.retention;

import java.io.PrintStream;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code --passerelle.retention.run-once=dry|apply}: once the hub has started (migrations
 * applied, the dev run's demo territory loaded), run retention once, print the report
 * (ids and counts, no names) and exit; the exit status is 0, or 1 if the run failed.
 */
@Component
@ConditionalOnProperty(name = "passerelle.retention.run-once")
class RetentionCommand {

	private final Retention retention;

	private final RetentionProperties properties;

	RetentionCommand(Retention retention, RetentionProperties properties) {
		this.retention = retention;
		this.properties = properties;
	}

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		int status = run(System.out);
		ConfigurableApplicationContext context = event.getApplicationContext();
		System.exit(SpringApplication.exit(context, () -> status));
	}

	int run(PrintStream out) {
		boolean dryRun = !"apply".equals(this.properties.runOnce());
		try {
			RetentionReport report = this.retention.run(Retention.Actor.RETENTION, dryRun);
			out.println(text(report));
			return 0;
		}
		catch (RuntimeException ex) {
			out.println("Retention run failed: " + ex);
			return 1;
		}
	}

	/** The report as text: ids, dates and counts, no name. */
	static String text(RetentionReport report) {
		StringBuilder text = new StringBuilder();
		text.append("Retention run at ")
			.append(report.ranAt())
			.append(report.dryRun() ? " (dry run: nothing changed)" : "")
			.append('\n');
		text.append("Persons without activity for ")
			.append(report.defaultPeriod())
			.append(" (none since ")
			.append(report.cutoff())
			.append("), ")
			.append(report.dryRun() ? "to anonymize: " : "anonymized: ")
			.append(report.persons().size())
			.append('\n');
		for (Anonymization person : report.persons()) {
			text.append("  ")
				.append(person.personId())
				.append(" last activity ")
				.append(person.lastActivityAt().toLocalDate())
				.append(": ")
				.append(fields(person.fields()))
				.append('\n');
		}
		for (RetentionReport.CategoryRetention category : report.categories()) {
			text.append("Category ")
				.append(category.category())
				.append(" (")
				.append(category.period())
				.append(", elements last written before ")
				.append(category.cutoff())
				.append("): ")
				.append(fields(category.fields()))
				.append('\n');
			for (RetentionReport.RetainedElements elements : category.elements()) {
				text.append("  ")
					.append(elements.table())
					.append(' ')
					.append(elements.ids().size())
					.append(": ")
					.append(String.join(" ", elements.ids().stream().map(Object::toString).toList()))
					.append('\n');
			}
		}
		return text.toString();
	}

	private static String fields(List<FieldCount> fields) {
		if (fields.isEmpty()) {
			return "nothing to replace";
		}
		return String.join(", ",
				fields.stream().map((field) -> field.table() + "." + field.field() + " " + field.rows()).toList());
	}

}

package fr.passerelle.file.situation;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import fr.passerelle.file.Element;
import fr.passerelle.file.Provenance;
import fr.passerelle.jooq.enums.NeedLevel;
import fr.passerelle.jooq.enums.NeedsDimension;

/**
 * A needs assessment as the schema shows it, with its items (read with the assessments of
 * the whole batch of persons, not one assessment at a time).
 */
public record NeedsAssessmentView(UUID id, UUID personId, LocalDate assessedOn, @Nullable String summary,
		List<Item> items, Provenance provenance) implements Element {

	/** The same assessment with its items. */
	NeedsAssessmentView withItems(List<Item> items) {
		return new NeedsAssessmentView(this.id, this.personId, this.assessedOn, this.summary, List.copyOf(items),
				this.provenance);
	}

	/** One dimension of an assessment. */
	public record Item(NeedsDimension dimension, NeedLevel level, @Nullable String note) {

	}

}

package fr.passerelle.statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.AccessException;

/**
 * The cells of a publication a question asks for: a period (and the periods of the
 * granularity inside it), one breakdown, some indicators. Every cell comes from the
 * territory's and year's one publication, whatever the question.
 */
public record Report(String territory, String period, Granularity granularity, Breakdown breakdown, int threshold,
		Instant computedAt, List<Table> indicators) {

	/** One indicator's cells. */
	public record Table(Indicator indicator, List<Cell> cells) {
	}

	static Period parse(String period, String field) {
		Period parsed = Period.parse(period);
		if (parsed == null) {
			throw AccessException.invalid(field,
					"A period is a year (2026), a quarter (2026-Q2) or a month (2026-05), from 2000 to 2100");
		}
		return parsed;
	}

	/**
	 * The periods shown for a period at a granularity: those of the granularity inside
	 * it, then itself when it is coarser.
	 */
	static List<Period> shown(Period period, Granularity granularity) {
		if (granularity.ordinal() < period.granularity().ordinal()) {
			List<Period> shown = new ArrayList<>(period.split(granularity));
			shown.add(period);
			return shown;
		}
		if (granularity == period.granularity()) {
			return List.of(period);
		}
		throw AccessException.invalid("granularity", "The granularity must be as fine as the period or finer");
	}

	static Report of(Publication publication, String label, Granularity granularity, Breakdown breakdown,
			@Nullable List<Indicator> only) {
		Period period = parse(label, "period");
		List<Period> shown = shown(period, granularity);
		if (breakdown != Breakdown.NONE && shown.stream().anyMatch((p) -> p.granularity() == Granularity.MONTH)) {
			throw AccessException.invalid("breakdown",
					"Monthly figures have no breakdown: ask by quarter or year, or without breakdown");
		}
		Set<Indicator> asked = (only == null || only.isEmpty()) ? Set.of(Indicator.values()) : Set.copyOf(only);
		List<Table> tables = new ArrayList<>();
		for (Indicator indicator : Indicator.values()) {
			if (!asked.contains(indicator)) {
				continue;
			}
			List<Cell> cells = new ArrayList<>();
			if (indicator.kind() == Indicator.Kind.SUPPLY) {
				// never broken down: its totals whatever the breakdown asked
				for (Period p : shown) {
					publication.places().stream().filter((cell) -> cell.period().equals(p)).forEach(cells::add);
				}
			}
			else {
				List<String> categories = new ArrayList<>();
				categories.add(Breakdown.ALL);
				if (breakdown != Breakdown.NONE) {
					categories.addAll(breakdown.categories());
				}
				for (Period p : shown) {
					for (String row : indicator.publishedRows()) {
						for (String category : categories) {
							Breakdown under = category.equals(Breakdown.ALL) ? Breakdown.NONE : breakdown;
							Cell cell = publication.cell(indicator, p, row, under, category);
							if (cell != null) {
								cells.add(cell);
							}
						}
					}
				}
			}
			tables.add(new Table(indicator, List.copyOf(cells)));
		}
		return new Report(publication.territory(), period.label(), granularity, breakdown, publication.threshold(),
				publication.computedAt(), List.copyOf(tables));
	}

	int cellCount() {
		return this.indicators.stream().mapToInt((table) -> table.cells().size()).sum();
	}

	/** The access event's description of what was asked. */
	String asked() {
		return "indicators territory=" + this.territory + " period=" + this.period + " granularity=" + this.granularity
				+ " breakdown=" + this.breakdown + " indicators="
				+ String.join(",", this.indicators.stream().map((table) -> table.indicator().name()).toList())
				+ " cells=" + cellCount();
	}

}

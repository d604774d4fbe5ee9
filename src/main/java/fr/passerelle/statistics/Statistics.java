package fr.passerelle.statistics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The statistics' data: recomputes the raw counts (the database's materialized view
 * {@code statistics_count}, set-based over every person), reads those of a territory and
 * year, and keeps what {@link Publisher} publishes of them per generation of counts — so
 * a dashboard's repeated questions cost a lookup, and every instance publishes the same
 * cells from the same counts.
 */
@Service
public class Statistics {

	private static final Logger logger = LoggerFactory.getLogger(Statistics.class);

	/** The advisory lock under which one instance at a time recomputes the counts. */
	static final long REFRESH_LOCK = 0x5041_5353_5354_4154L;

	private final DSLContext dsl;

	private final StatisticsProperties properties;

	private final Cache<String, Publication> publications = Caffeine.newBuilder().maximumSize(200).build();

	Statistics(DSLContext dsl, StatisticsProperties properties) {
		this.dsl = dsl;
		this.properties = properties;
	}

	int threshold() {
		return this.properties.threshold();
	}

	/**
	 * Recomputes the counts from the files (every territory) now, after any recomputation
	 * another instance is running; returns the new generation.
	 */
	public long refresh() {
		return recompute(null).orElseThrow();
	}

	/**
	 * Recomputes the counts unless another instance is doing it or did it less than half
	 * the interval ago (so that replicas, each on its own schedule, recompute about once
	 * an interval between them); returns the new generation, if it recomputed.
	 */
	OptionalLong refreshIfDue(Duration interval) {
		return recompute(interval.dividedBy(2));
	}

	private OptionalLong recompute(@Nullable Duration freshFor) {
		long started = System.nanoTime();
		Long generation = this.dsl.transactionResult((configuration) -> {
			DSLContext tx = configuration.dsl();
			// the whole territory's aggregation runs longer than a request may
			tx.select(setting("statement_timeout", "30min"), setting("transaction_timeout", "30min")).fetch();
			if (freshFor == null) {
				tx.fetch("SELECT pg_advisory_xact_lock(?)", REFRESH_LOCK);
			}
			else if (!tx.fetchSingle("SELECT pg_try_advisory_xact_lock(?)", REFRESH_LOCK).get(0, Boolean.class) || tx
				.fetchSingle(
						"SELECT refreshed_at > now() - make_interval(secs => ?) FROM passerelle.statistics_generation",
						freshFor.toSeconds())
				.get(0, Boolean.class)) {
				return null;
			}
			return tx.fetchSingle("SELECT passerelle.refresh_statistics()").get(0, Long.class);
		});
		if (generation == null) {
			logger.debug("Statistics not recomputed: recomputed by another instance or recently");
			return OptionalLong.empty();
		}
		logger.info("Statistics recomputed (generation {}) in {} ms", generation,
				(System.nanoTime() - started) / 1_000_000);
		return OptionalLong.of(generation);
	}

	/** The generation of the counts and when they were computed. */
	Generation generation() {
		Record row = this.dsl.fetchOne("SELECT generation, refreshed_at FROM passerelle.statistics_generation");
		return new Generation(row.get(0, Long.class), row.get(1, java.time.OffsetDateTime.class).toInstant());
	}

	record Generation(long number, Instant computedAt) {
	}

	/** What is published for a territory and year, from the latest counts. */
	public Publication publication(String territory, int year) {
		Generation generation = generation();
		String key = generation.number() + "|" + territory + "|" + year;
		return this.publications.get(key, (ignored) -> Publisher.publish(territory, year, threshold(),
				generation.computedAt(), counts(this.dsl, territory, year, generation.computedAt())));
	}

	/**
	 * The raw counts and the places of a territory and year, in a transaction allowed to
	 * read them (and nothing personal: no viewer organization is set).
	 */
	static Counts counts(DSLContext dsl, String territory, int year, Instant computedAt) {
		return dsl.transactionResult((configuration) -> {
			DSLContext tx = configuration.dsl();
			tx.select(setting("passerelle.statistics", "on")).fetch();
			List<Map.Entry<String, Counts.Row>> rows = new ArrayList<>();
			tx.fetch("SELECT * FROM passerelle.statistics_counts(?, ?)", territory, year).forEach((row) -> {
				Period period = new Period(Granularity.valueOf(row.get("granularity", String.class)),
						row.get("period_start", LocalDate.class));
				rows.add(Map.entry(
						Counts.key(row.get("indicator", String.class), period, row.get("row_key", String.class),
								row.get("breakdown", String.class), row.get("category", String.class)),
						new Counts.Row(row.get("n", Long.class), row.get("numerator", Long.class),
								row.get("p25", Integer.class), row.get("p50", Integer.class),
								row.get("p75", Integer.class))));
			});
			List<Counts.PlaceCapacity> places = new ArrayList<>();
			List<Period> periods = Publisher.periods(new Period(Granularity.YEAR, LocalDate.of(year, 1, 1)));
			Map<String, Period> byLabel = new java.util.HashMap<>();
			periods.forEach((period) -> byLabel.put(period.label(), period));
			tx.fetch(
					"""
							SELECT per.label, p.kind::text || ' · ' || CASE WHEN o.sensitive THEN 'OTHER_PROVIDERS' ELSE o.name END AS row,
							       sum(p.capacity) AS capacity
							FROM unnest(?::text[], ?::date[], ?::date[]) AS per(label, first_day, last_day)
							JOIN passerelle.place p ON p.available_from <= per.last_day
							                       AND (p.available_to IS NULL OR p.available_to >= per.first_day)
							JOIN passerelle.organization o ON o.id = p.organization_id
							WHERE o.territory = ?
							GROUP BY 1, 2 ORDER BY 1, 2""",
					periods.stream().map(Period::label).toArray(String[]::new),
					periods.stream().map(Period::start).toArray(LocalDate[]::new),
					periods.stream().map(Period::end).toArray(LocalDate[]::new), territory)
				.forEach((row) -> places.add(new Counts.PlaceCapacity(byLabel.get(row.get("label", String.class)),
						row.get("row", String.class), row.get("capacity", Long.class))));
			return Counts.of(rows, places, LocalDate.ofInstant(computedAt, ZoneOffset.UTC));
		});
	}

	private static org.jooq.Field<String> setting(String name, String value) {
		return DSL.function("set_config", String.class, DSL.val(name), DSL.val(value), DSL.inline(true));
	}

}

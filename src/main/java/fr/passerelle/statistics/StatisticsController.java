package fr.passerelle.statistics;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.audit.AccessLog;

/**
 * The indicators through GraphQL: only for analysts, of their own territory; the access
 * event (purpose STATISTICS, no person, the cells asked) is written before the figures
 * leave.
 */
@Controller
class StatisticsController {

	private final Statistics statistics;

	private final AccessLog log;

	StatisticsController(Statistics statistics, AccessLog log) {
		this.statistics = statistics;
		this.log = log;
	}

	@QueryMapping
	Report indicators(@Argument String territory, @Argument String period, @Argument Granularity granularity,
			@Argument Breakdown breakdown, @Argument @Nullable List<Indicator> only,
			@ContextValue(name = AccessLog.REQUEST_ID, required = false) @Nullable String requestId) {
		var viewer = Analysts.require(territory, "territory");
		Period parsed = Report.parse(period, "period");
		Report report = Report.of(this.statistics.publication(territory, parsed.year()), period, granularity, breakdown,
				only);
		this.log.aggregates(viewer, AccessLog.requestId(requestId), report.asked());
		return report;
	}

	@QueryMapping
	List<Indicator> indicatorDefinitions() {
		Analysts.require();
		return List.of(Indicator.values());
	}

	@SchemaMapping(typeName = "IndicatorTable", field = "definition")
	Indicator definition(Report.Table table) {
		return table.indicator();
	}

	@SchemaMapping(typeName = "IndicatorDefinition", field = "id")
	String id(Indicator indicator) {
		return indicator.name();
	}

	@SchemaMapping(typeName = "IndicatorDefinition", field = "rows")
	List<String> rows(Indicator indicator) {
		return indicator.publishedRows();
	}

	@SchemaMapping(typeName = "IndicatorReport", field = "computedAt")
	java.time.OffsetDateTime computedAt(Report report) {
		return report.computedAt().atOffset(java.time.ZoneOffset.UTC);
	}

	@SchemaMapping(typeName = "IndicatorCell", field = "period")
	String period(Cell cell) {
		return cell.period().label();
	}

}

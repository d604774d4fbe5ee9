package fr.passerelle.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Viewer;
import fr.passerelle.audit.AccessLog;

/**
 * The indicators for spreadsheets (CSV) and as charts (SVG), from the same publication as
 * the GraphQL answer, for the same analysts, each download an access event. Errors are
 * JSON with the same codes as GraphQL's.
 */
@RestController
class StatisticsExports {

	static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

	static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private final Statistics statistics;

	private final AccessLog log;

	StatisticsExports(Statistics statistics, AccessLog log) {
		this.statistics = statistics;
		this.log = log;
	}

	/** The cells of {@code indicators(...)} as CSV, one line per cell. */
	@GetMapping("/statistics/indicators.csv")
	ResponseEntity<String> csv(@RequestParam String territory, @RequestParam String period,
			@RequestParam(defaultValue = "QUARTER") String granularity,
			@RequestParam(defaultValue = "NONE") String breakdown, @RequestParam(required = false) List<String> only,
			@RequestHeader(name = "X-Request-Id", required = false) @Nullable String requestId) {
		Viewer viewer = Analysts.require(territory, "territory");
		Period parsed = Report.parse(period, "period");
		Report report = Report.of(this.statistics.publication(territory, parsed.year()), period,
				parse(Granularity.class, granularity, "granularity"), parse(Breakdown.class, breakdown, "breakdown"),
				(only != null) ? only.stream().map((id) -> parse(Indicator.class, id, "only")).toList() : null);
		StringBuilder csv = new StringBuilder(
				"territory,indicator,period,row,category,value,q1,q3,suppressed,reason\r\n");
		for (Report.Table table : report.indicators()) {
			for (Cell cell : table.cells()) {
				csv.append(String.join(",", report.territory(), table.indicator().name(), cell.period().label(),
						quoted(cell.row()), cell.category(), number(cell.value()), number(cell.q1()), number(cell.q3()),
						Boolean.toString(cell.suppressed()), (cell.reason() != null) ? cell.reason().name() : ""))
					.append("\r\n");
			}
		}
		this.log.aggregates(viewer, AccessLog.requestId(requestId), "csv " + report.asked());
		return ResponseEntity.ok()
			.contentType(CSV)
			.header("Content-Disposition",
					"attachment; filename=\"indicators-" + territory + "-" + report.period() + ".csv\"")
			.body(csv.toString());
	}

	/**
	 * One indicator's row over time, from one year to another, at a granularity: a line
	 * whose suppressed points are gaps.
	 */
	@GetMapping("/statistics/charts/{indicator}.svg")
	ResponseEntity<String> chart(@PathVariable String indicator, @RequestParam String territory, @RequestParam int from,
			@RequestParam int to, @RequestParam(defaultValue = "QUARTER") String granularity,
			@RequestParam(defaultValue = "ALL") String row, @RequestParam(defaultValue = "ALL") String category,
			@RequestHeader(name = "X-Request-Id", required = false) @Nullable String requestId) {
		Viewer viewer = Analysts.require(territory, "territory");
		Indicator chosen = parse(Indicator.class, indicator, "indicator");
		Granularity step = parse(Granularity.class, granularity, "granularity");
		if (from < 2000 || to > 2100 || to < from || to - from > 10) {
			throw AccessException.invalid("from", "Years from 2000 to 2100, at most ten, from before to");
		}
		Breakdown under = Breakdown.NONE;
		if (!category.equals(Breakdown.ALL)) {
			under = Arrays.stream(Breakdown.values())
				.filter((b) -> b.categories().contains(category) && b != Breakdown.NONE)
				.findFirst()
				.orElseThrow(() -> AccessException.invalid("category", "No breakdown has this category"));
			if (step == Granularity.MONTH) {
				throw AccessException.invalid("category", "Monthly figures have no breakdown");
			}
		}
		List<SvgChart.Point> points = new ArrayList<>();
		for (int year = from; year <= to; year++) {
			Publication publication = this.statistics.publication(territory, year);
			for (Period period : new Period(Granularity.YEAR, java.time.LocalDate.of(year, 1, 1)).split(step)) {
				Cell cell = (chosen.kind() == Indicator.Kind.SUPPLY) ? publication.places()
					.stream()
					.filter((c) -> c.period().equals(period) && c.row().equals(row))
					.findFirst()
					.orElse(null) : publication.cell(chosen, period, row, under, category);
				if (cell == null && chosen.kind() != Indicator.Kind.SUPPLY) {
					throw AccessException.invalid("row", "The indicator has no such row: " + chosen.publishedRows());
				}
				points
					.add(new SvgChart.Point(period.label(), (cell != null && !cell.suppressed()) ? cell.value() : null,
							(cell != null) ? cell.reason() : null));
			}
		}
		String svg = SvgChart.render(chosen.title(), territory + " · " + row + " · " + category + " · " + chosen.unit(),
				points);
		this.log.aggregates(viewer, AccessLog.requestId(requestId),
				"chart indicator=" + chosen + " territory=" + territory + " from=" + from + " to=" + to
						+ " granularity=" + step + " row=" + row + " category=" + category + " cells=" + points.size());
		return ResponseEntity.ok().contentType(SVG).body(svg);
	}

	@ExceptionHandler(AccessException.class)
	ResponseEntity<Map<String, Object>> refused(AccessException ex) {
		HttpStatus status = switch (ex.code()) {
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case UNAVAILABLE, AUDIT_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			default -> HttpStatus.BAD_REQUEST;
		};
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("code", ex.code().name());
		body.put("message", ex.getMessage());
		if (ex.field() != null) {
			body.put("field", ex.field());
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
	}

	@ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
	ResponseEntity<Map<String, Object>> missing(
			org.springframework.web.bind.MissingServletRequestParameterException ex) {
		return refused(AccessException.invalid(ex.getParameterName(), "The parameter is required"));
	}

	@ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, Object>> mismatch(
			org.springframework.web.method.annotation.MethodArgumentTypeMismatchException ex) {
		return refused(AccessException.invalid(ex.getName(), "The parameter's value is not valid"));
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
		try {
			return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw AccessException.invalid(field,
					"Expected one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
		}
	}

	private static String number(@Nullable Double value) {
		if (value == null) {
			return "";
		}
		return (value == Math.rint(value)) ? Long.toString(value.longValue()) : Double.toString(value);
	}

	private static String quoted(String text) {
		return (text.contains(",") || text.contains("\"")) ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
	}

}

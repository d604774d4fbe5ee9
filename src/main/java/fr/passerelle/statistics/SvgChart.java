package fr.passerelle.statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A line chart in SVG, small enough to write by hand: one indicator's values over the
 * periods, a suppressed point a gap in the line (and a hollow mark on the axis), never a
 * zero. Text is escaped; nothing of the page is scripted.
 */
final class SvgChart {

	/** One period's point; {@code value} null when suppressed (reason says why). */
	record Point(String label, @Nullable Double value, @Nullable SuppressionReason reason) {
	}

	private static final int WIDTH = 760;

	private static final int HEIGHT = 360;

	private static final int LEFT = 64;

	private static final int RIGHT = 24;

	private static final int TOP = 56;

	private static final int BOTTOM = 64;

	private SvgChart() {
	}

	static String render(String title, String subtitle, List<Point> points) {
		double max = points.stream().filter((p) -> p.value() != null).mapToDouble(Point::value).max().orElse(1);
		double top = niceCeiling(max);
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		double step = (points.size() > 1) ? (double) plotWidth / (points.size() - 1) : 0;
		StringBuilder svg = new StringBuilder();
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
			.append(WIDTH)
			.append("\" height=\"")
			.append(HEIGHT)
			.append("\" viewBox=\"0 0 ")
			.append(WIDTH)
			.append(' ')
			.append(HEIGHT)
			.append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n");
		svg.append("<title>").append(escape(title)).append("</title>\n");
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		svg.append(text(LEFT, 22, escape(title), "font-size=\"16\" font-weight=\"bold\""));
		svg.append(text(LEFT, 40, escape(subtitle), "fill=\"#555\""));
		for (int i = 0; i <= 4; i++) {
			double value = top * i / 4;
			double y = TOP + plotHeight - plotHeight * i / 4.0;
			svg.append("<line x1=\"")
				.append(LEFT)
				.append("\" x2=\"")
				.append(WIDTH - RIGHT)
				.append("\" y1=\"")
				.append(fmt(y))
				.append("\" y2=\"")
				.append(fmt(y))
				.append("\" stroke=\"#ddd\"/>\n");
			svg.append(text(LEFT - 8, y + 4, number(value), "text-anchor=\"end\" fill=\"#555\""));
		}
		List<List<double[]>> segments = new ArrayList<>();
		List<double[]> current = null;
		for (int i = 0; i < points.size(); i++) {
			Point point = points.get(i);
			double x = LEFT + step * i;
			if (points.size() <= 16 || i % Math.ceil(points.size() / 16.0) == 0) {
				svg.append(
						text(x, HEIGHT - BOTTOM + 18, escape(point.label()), "text-anchor=\"middle\" fill=\"#333\""));
			}
			if (point.value() == null) {
				current = null;
				svg.append("<circle cx=\"")
					.append(fmt(x))
					.append("\" cy=\"")
					.append(TOP + plotHeight)
					.append("\" r=\"4\" fill=\"white\" stroke=\"#999\"><title>")
					.append(escape(point.label() + ": suppressed ("
							+ ((point.reason() != null) ? point.reason().name() : "") + ")"))
					.append("</title></circle>\n");
				continue;
			}
			double y = TOP + plotHeight - plotHeight * point.value() / top;
			if (current == null) {
				current = new ArrayList<>();
				segments.add(current);
			}
			current.add(new double[] { x, y });
			svg.append("<circle cx=\"")
				.append(fmt(x))
				.append("\" cy=\"")
				.append(fmt(y))
				.append("\" r=\"3.5\" fill=\"#1f5fa8\"><title>")
				.append(escape(point.label() + ": " + number(point.value())))
				.append("</title></circle>\n");
		}
		for (List<double[]> segment : segments) {
			if (segment.size() < 2) {
				continue;
			}
			svg.append("<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"");
			for (double[] xy : segment) {
				svg.append(fmt(xy[0])).append(',').append(fmt(xy[1])).append(' ');
			}
			svg.append("\"/>\n");
		}
		svg.append(text(LEFT, HEIGHT - 16,
				"Hollow marks: suppressed (a count below the threshold, or needed to protect one) — not zero.",
				"fill=\"#777\" font-size=\"11\""));
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static String text(double x, double y, String content, String attributes) {
		return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" " + attributes + ">" + content + "</text>\n";
	}

	/**
	 * The top of the axis: four round steps (1, 2, 2.5 or 5 times a power of ten; not 2.5
	 * between units, where counts would get fractional ticks) reaching the maximum.
	 */
	private static double niceCeiling(double max) {
		if (max <= 0) {
			return 1;
		}
		double quarter = max / 4;
		double magnitude = Math.pow(10, Math.floor(Math.log10(quarter)));
		for (double factor : new double[] { 1, 2, 2.5, 5 }) {
			if (factor * magnitude >= quarter && !(factor == 2.5 && magnitude == 1)) {
				return 4 * factor * magnitude;
			}
		}
		return 40 * magnitude;
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}

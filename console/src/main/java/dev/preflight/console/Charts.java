package dev.preflight.console;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Line charts drawn on the server: the SVG coordinates are computed here and the template only
 * draws them, so a chart needs no script and no asset from elsewhere. Every chart also carries its
 * figures as a table, for screen readers and for reading exact values.
 */
final class Charts {

  static final int WIDTH = 640;
  static final int HEIGHT = 180;
  static final int LEFT = 56;
  static final int RIGHT = 12;
  static final int TOP = 10;
  static final int BOTTOM = 26;

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private Charts() {}

  /** One value at one time; a missing value (a window too small to judge) leaves a gap. */
  public record Point(Instant at, Double value) {}

  /** A named series of points; {@code css} names its line's class (its colour and dash). */
  public record Series(String name, String css, List<Point> points) {}

  /**
   * A series as drawn: polyline segments ({@code "x,y x,y …"}) between gaps, and a dot per point,
   * which matters where a segment has a single point.
   */
  @TemplateData
  public record Line(
      String name, String css, List<String> segments, List<Dot> dots, String latest) {}

  @TemplateData
  public record Dot(String x, String y, String title) {}

  @TemplateData
  public record Tick(String at, String label) {}

  /** One row of the chart's table: a time and each series' value then. */
  @TemplateData
  public record Row(String at, List<String> values) {}

  @TemplateData
  public record Chart(
      String id,
      String title,
      String unit,
      List<Line> lines,
      Optional<String> thresholdY,
      String threshold,
      List<Tick> xTicks,
      List<Tick> yTicks,
      List<String> columns,
      List<Row> rows) {

    public boolean empty() {
      return rows.isEmpty();
    }

    /** What the chart shows, in one sentence (the SVG's description). */
    public String description() {
      if (rows.isEmpty()) {
        return title + ": no data yet.";
      }
      StringBuilder text = new StringBuilder(title).append(", latest:");
      for (Line line : lines) {
        text.append(' ').append(line.name()).append(' ').append(line.latest()).append(';');
      }
      if (!threshold.isEmpty()) {
        text.append(" threshold ").append(threshold).append('.');
      }
      return text.toString();
    }

    public int width() {
      return WIDTH;
    }

    public int height() {
      return HEIGHT;
    }

    public int left() {
      return LEFT;
    }

    public int right() {
      return WIDTH - RIGHT;
    }

    public int top() {
      return TOP;
    }

    public int bottom() {
      return HEIGHT - BOTTOM;
    }
  }

  /**
   * A chart of series over time, its y axis from 0 to a little above the largest value or the
   * threshold.
   */
  static Chart line(
      String id, String title, String unit, List<Series> series, Optional<Double> threshold) {
    List<Instant> times =
        series.stream()
            .flatMap(s -> s.points().stream())
            .map(Point::at)
            .distinct()
            .sorted()
            .toList();
    double top =
        series.stream()
            .flatMap(s -> s.points().stream())
            .map(Point::value)
            .filter(v -> v != null && Double.isFinite(v))
            .mapToDouble(Double::doubleValue)
            .max()
            .orElse(0);
    top = Math.max(top, threshold.filter(Double::isFinite).orElse(0.0));
    top = top <= 0 ? 1 : top * 1.1;
    Instant first = times.isEmpty() ? Instant.EPOCH : times.get(0);
    Instant last = times.isEmpty() ? Instant.EPOCH : times.get(times.size() - 1);
    Scale scale = new Scale(first.toEpochMilli(), last.toEpochMilli(), top);

    List<Line> lines = new ArrayList<>();
    for (Series s : series) {
      List<String> segments = new ArrayList<>();
      List<Dot> dots = new ArrayList<>();
      StringBuilder segment = new StringBuilder();
      String latest = "—";
      for (Point p : s.points()) {
        if (p.value() == null || !Double.isFinite(p.value())) {
          if (segment.length() > 0) {
            segments.add(segment.toString());
            segment.setLength(0);
          }
          continue;
        }
        String x = scale.x(p.at().toEpochMilli());
        String y = scale.y(p.value());
        if (segment.length() > 0) {
          segment.append(' ');
        }
        segment.append(x).append(',').append(y);
        latest = format(p.value(), unit);
        dots.add(new Dot(x, y, s.name() + " " + latest + " at " + CLOCK.format(p.at())));
      }
      if (segment.length() > 0) {
        segments.add(segment.toString());
      }
      lines.add(new Line(s.name(), s.css(), segments, dots, latest));
    }

    List<Tick> xTicks = new ArrayList<>();
    if (!times.isEmpty()) {
      xTicks.add(new Tick(scale.x(first.toEpochMilli()), CLOCK.format(first)));
      if (times.size() > 2) {
        Instant middle = times.get(times.size() / 2);
        xTicks.add(new Tick(scale.x(middle.toEpochMilli()), CLOCK.format(middle)));
      }
      if (times.size() > 1) {
        xTicks.add(new Tick(scale.x(last.toEpochMilli()), CLOCK.format(last)));
      }
    }
    List<Tick> yTicks = new ArrayList<>();
    for (double share : new double[] {0, 0.5, 1}) {
      double value = top / 1.1 * share;
      yTicks.add(new Tick(scale.y(value), format(value, unit)));
    }

    List<Row> rows = new ArrayList<>();
    for (Instant at : times) {
      List<String> values = new ArrayList<>();
      for (Series s : series) {
        values.add(
            s.points().stream()
                .filter(p -> p.at().equals(at))
                .map(Point::value)
                .filter(v -> v != null && Double.isFinite(v))
                .findFirst()
                .map(v -> format(v, unit))
                .orElse("—"));
      }
      rows.add(new Row(CLOCK.format(at), values));
    }
    return new Chart(
        id,
        title,
        unit,
        lines,
        threshold.filter(Double::isFinite).map(scale::y),
        threshold.filter(Double::isFinite).map(t -> format(t, unit)).orElse(""),
        xTicks,
        yTicks,
        series.stream().map(Series::name).toList(),
        rows);
  }

  /** A value as the charts show it: three significant digits and the unit. */
  static String format(double value, String unit) {
    String number;
    if (value == 0) {
      number = "0";
    } else if (Math.abs(value) >= 1_000) {
      number = String.format(Locale.ROOT, "%,.0f", value);
    } else if (Math.abs(value) >= 1) {
      number = stripped(String.format(Locale.ROOT, "%.2f", value));
    } else {
      number = stripped(String.format(Locale.ROOT, "%.3g", value));
    }
    return unit.isEmpty() ? number : unit.equals("%") ? number + " %" : number + " " + unit;
  }

  /** To one decimal, as {@code %.1f} would write it (the coordinates of every point). */
  static String fixed(double coordinate) {
    long tenths = Math.round(coordinate * 10);
    long whole = Math.abs(tenths) / 10;
    return (tenths < 0 ? "-" : "") + whole + "." + Math.abs(tenths) % 10;
  }

  private static String stripped(String number) {
    if (number.indexOf('.') < 0) {
      return number;
    }
    int end = number.length();
    while (number.charAt(end - 1) == '0') {
      end--;
    }
    if (number.charAt(end - 1) == '.') {
      end--;
    }
    return number.substring(0, end);
  }

  /** Times and values to SVG coordinates, to one decimal. */
  private record Scale(long from, long to, double top) {

    String x(long at) {
      double span = to - from;
      double share = span <= 0 ? 0.5 : (at - from) / span;
      return fixed(LEFT + share * (WIDTH - LEFT - RIGHT));
    }

    String y(double value) {
      double share = Math.max(0, Math.min(1, value / top));
      return fixed(HEIGHT - BOTTOM - share * (HEIGHT - BOTTOM - TOP));
    }
  }
}

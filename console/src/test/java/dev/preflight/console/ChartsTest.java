package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.console.Charts.Chart;
import dev.preflight.console.Charts.Point;
import dev.preflight.console.Charts.Series;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChartsTest {

  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static Point at(int minute, Double value) {
    return new Point(T0.plusSeconds(60L * minute), value);
  }

  @Test
  void pointsAreScaledIntoThePlotAreaFromZeroToJustAboveTheLargestValue() {
    Chart chart =
        Charts.line(
            "c",
            "Latency",
            "ms",
            List.of(new Series("p95", "s1", List.of(at(0, 0.0), at(1, 50.0), at(2, 100.0)))),
            Optional.empty());

    List<String> points = List.of(chart.lines().get(0).segments().get(0).split(" "));
    // x from the left margin to the right one; y from the bottom (0) up to 100 / 110 of the height
    assertThat(points).containsExactly("56.0,154.0", "342.0,88.5", "628.0,23.1");
    assertThat(chart.xTicks())
        .extracting(Charts.Tick::label)
        .containsExactly("10:00", "10:01", "10:02");
    assertThat(chart.yTicks())
        .extracting(Charts.Tick::label)
        .containsExactly("0 ms", "50 ms", "100 ms");
    assertThat(chart.lines().get(0).latest()).isEqualTo("100 ms");
    assertThat(chart.description()).isEqualTo("Latency, latest: p95 100 ms;");
  }

  @Test
  void aWindowWithoutAValueLeavesAGapAndTheTableSaysSo() {
    Chart chart =
        Charts.line(
            "c",
            "Drift",
            "",
            List.of(new Series("ks", "s1", List.of(at(0, 0.2), at(1, null), at(2, 0.01)))),
            Optional.of(0.05));

    assertThat(chart.lines().get(0).segments()).hasSize(2);
    assertThat(chart.lines().get(0).dots()).hasSize(2);
    assertThat(chart.rows()).extracting(r -> r.values().get(0)).containsExactly("0.2", "—", "0.01");
    assertThat(chart.threshold()).isEqualTo("0.05");
    // the threshold line at 0.05 of a 0.22 axis
    assertThat(Double.parseDouble(chart.thresholdY().orElseThrow()))
        .isCloseTo(154 - 0.05 / 0.22 * 144, org.assertj.core.data.Offset.offset(0.06));
  }

  @Test
  void aThresholdAboveEveryValueStillFitsAndAnEmptyChartSaysItHasNoData() {
    Chart high =
        Charts.line(
            "c",
            "Errors",
            "%",
            List.of(new Series("errors", "s1", List.of(at(0, 0.5)))),
            Optional.of(5.0));
    assertThat(Double.parseDouble(high.thresholdY().orElseThrow())).isGreaterThan(10.0);
    assertThat(high.lines().get(0).segments().get(0)).isEqualTo("342.0,140.9"); // 0.5 of a 5.5 axis

    Chart empty =
        Charts.line(
            "e",
            "Throughput",
            "records/s",
            List.of(new Series("r", "s1", new ArrayList<>())),
            Optional.empty());
    assertThat(empty.empty()).isTrue();
    assertThat(empty.description()).isEqualTo("Throughput: no data yet.");
  }

  @Test
  void valuesReadAsPeopleWriteThem() {
    assertThat(Charts.format(12_345.6, "records/s")).isEqualTo("12,346 records/s");
    assertThat(Charts.format(8.5, "ms")).isEqualTo("8.5 ms");
    assertThat(Charts.format(0.000123, "")).isEqualTo("0.000123");
    assertThat(Charts.format(2.0, "%")).isEqualTo("2 %");
  }

  @Test
  void coordinatesAndValuesAreWrittenAsFormatWouldWriteThem() {
    java.util.Random random = new java.util.Random(17);
    for (int i = 0; i < 10_000; i++) {
      double coordinate = random.nextDouble() * 800;
      assertThat(Charts.fixed(coordinate))
          .as("%s", coordinate)
          .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", coordinate));
    }
    assertThat(Charts.format(2.5, "ms")).isEqualTo("2.5 ms");
    assertThat(Charts.format(3.0, "")).isEqualTo("3");
    assertThat(Charts.format(0.25, "%")).isEqualTo("0.25 %");
    assertThat(Charts.format(0.5, "")).isEqualTo("0.5");
    assertThat(Charts.format(12_345, "")).isEqualTo("12,345");
  }
}

package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.console.MonitoringPages.Monitor;
import org.junit.jupiter.api.Test;

class MonitoringViewTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void theMonitorsAnswersBecomeDetectorsFirstBreachesAndChartsOfTheEvaluatedWindows()
      throws Exception {
    JsonNode status =
        json(
            """
            {"live": true, "profile": true, "records": 240, "lateRecords": 0,
             "windowSeconds": 60, "horizonSeconds": 3600,
             "latestRecordAt": "2026-12-02T10:02:30Z",
             "latestWindow": {"start": "2026-12-02T10:01:00Z", "end": "2026-12-02T10:02:00Z", "records": 120},
             "detectors": [
               {"kind": "errors", "check": "error-rate", "method": "status >= 500", "status": "ok",
                "value": 0.01, "threshold": 0.05, "sampleSize": 120, "summary": "1 of 120"},
               {"kind": "drift", "check": "feature-drift", "feature": "amount", "method": "ks",
                "status": "breach", "value": 0.001, "threshold": 0.05, "sampleSize": 120,
                "summary": "drifts"}],
             "firing": [{"check": "feature-drift", "feature": "amount",
                         "since": "2026-12-02T10:02:00Z", "summary": "drifts"}]}
            """);
    JsonNode windows =
        json(
            """
            {"windowSeconds": 60, "windows": [
              {"start": "2026-12-02T10:00:00Z", "evaluated": true, "records": 120, "errors": 0,
               "latency": {"p50Ms": 5.0, "p95Ms": 9.0, "p99Ms": 12.0}},
              {"start": "2026-12-02T10:01:00Z", "evaluated": true, "records": 120, "errors": 6,
               "latency": {"p50Ms": 6.0, "p95Ms": 10.0, "p99Ms": 20.0}},
              {"start": "2026-12-02T10:02:00Z", "evaluated": false, "records": 30, "errors": 0}]}
            """);
    JsonNode drift =
        json(
            """
            {"features": [{"feature": "amount", "check": "feature-drift", "method": "ks", "points": [
              {"start": "2026-12-02T10:00:00Z", "status": "ok", "value": 0.4, "threshold": 0.05},
              {"start": "2026-12-02T10:01:00Z", "status": "breach", "value": 0.001, "threshold": 0.05}]}]}
            """);
    JsonNode signals =
        json(
            """
            {"signals": [
              {"at": "2026-12-02T09:00:00Z", "status": "resolved", "check": "error-rate"},
              {"at": "2026-12-02T10:02:00Z", "status": "firing", "check": "feature-drift",
               "feature": "amount", "value": 0.001}]}
            """);

    Monitor monitor = MonitoringPages.monitor(status, windows, drift, signals);

    assertThat(monitor.detectors())
        .extracting(MonitoringPages.Detector::status)
        .containsExactly("breach", "ok");
    assertThat(monitor.firing())
        .extracting(MonitoringPages.Firing::check)
        .containsExactly("feature-drift");
    assertThat(monitor.summary().horizon()).isEqualTo("1 h");
    // the window still collecting is left out: its figures would dip
    assertThat(monitor.traffic().get(0).rows()).hasSize(2);
    assertThat(monitor.traffic().get(0).lines().get(0).latest()).isEqualTo("2 records/s");
    // the monitor judges the error rate as a ratio; the chart shows per cent
    assertThat(monitor.traffic().get(1).lines().get(0).latest()).isEqualTo("5 %");
    assertThat(monitor.traffic().get(1).threshold()).isEqualTo("5 %");
    assertThat(monitor.traffic().get(2).columns()).containsExactly("p50", "p95", "p99");
    assertThat(monitor.drift())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.feature()).isEqualTo("amount");
              assertThat(d.latest()).isEqualTo("breach");
              assertThat(d.chart().threshold()).isEqualTo("0.05");
            });
    // newest first
    assertThat(monitor.signals())
        .extracting(MonitoringPages.Signal::status)
        .containsExactly("firing", "resolved");
  }
}

package dev.preflight.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.monitor.detect.Observation;
import dev.preflight.monitor.detect.VersionState;
import dev.preflight.monitor.profile.FeatureProfile;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.ProfileBuilder;
import dev.preflight.monitor.profile.Thresholds;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.datasketches.kll.KllCompaction;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every detector on crafted streams: steady traffic fires nothing; a shift fires after N breaching
 * windows (2 here), once; recovery resolves after M healthy ones (2); sparse windows report
 * insufficient-data and never fire.
 */
class DetectorTopologyTest {

  static final String MODEL = "fraud";
  static final String VERSION = "1.0.0";

  private final TopologyHarness monitor = new TopologyHarness();
  private final Random random = new Random(42);

  /** Seeded values and seeded KLL compaction: the driver is single-threaded, so runs are alike. */
  @BeforeEach
  void seedCompaction() {
    KllCompaction.seed(42);
  }

  @AfterEach
  void close() {
    monitor.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Data: amount ~ N(50, 10), distance ~ N(5, 2) (small reference: KS), country DE/FR/GB 5:3:2
  // ---------------------------------------------------------------------------------------------

  private Profile profile() {
    double[] amount = new double[2000];
    for (int i = 0; i < amount.length; i++) {
      amount[i] = 50 + 10 * random.nextGaussian();
    }
    double[] distance = new double[500];
    for (int i = 0; i < distance.length; i++) {
      distance[i] = 5 + 2 * random.nextGaussian();
    }
    Map<String, FeatureProfile> features = new LinkedHashMap<>();
    features.put("amount", ProfileBuilder.numeric(amount, 0));
    features.put("distance", ProfileBuilder.numeric(distance, 0));
    features.put(
        "country",
        FeatureProfile.categorical(2000, 0, Map.of("DE", 1000L, "FR", 600L, "GB", 400L)));
    return new Profile(
        MODEL,
        VERSION,
        "fraud",
        "posted",
        OffsetDateTime.now(),
        2000,
        features,
        Optional.empty(),
        Map.of(),
        Thresholds.NONE);
  }

  private void registerWithProfile() {
    monitor.register(MODEL, VERSION);
    monitor.profile(profile());
  }

  private String country(boolean shifted) {
    double u = random.nextDouble();
    if (shifted) {
      return u < 0.1 ? "DE" : u < 0.2 ? "FR" : "GB";
    }
    return u < 0.5 ? "DE" : u < 0.8 ? "FR" : "GB";
  }

  private List<ObjectNode> traffic(
      int n, double amountShift, boolean countryShift, Consumer<ObjectNode> tweak) {
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> features = new LinkedHashMap<>();
      features.put("amount", 50 + amountShift + 10 * random.nextGaussian());
      features.put("distance", 5 + 2 * random.nextGaussian());
      features.put("country", country(countryShift));
      ObjectNode record = TopologyHarness.record(MODEL, VERSION, features);
      tweak.accept(record);
      records.add(record);
    }
    return records;
  }

  private List<ObjectNode> steady(int n) {
    return traffic(n, 0, false, r -> {});
  }

  private void windows(int count, List<ObjectNode>... perWindow) {
    for (int i = 0; i < count; i++) {
      monitor.send(
          perWindow.length == 0 ? List.of() : perWindow[Math.min(i, perWindow.length - 1)]);
      monitor.nextWindow();
    }
  }

  private List<JsonNode> firing(String check) {
    return monitor.signals(check).stream()
        .filter(s -> s.get("_type").asText().endsWith("signal.firing"))
        .toList();
  }

  private List<JsonNode> resolved(String check) {
    return monitor.signals(check).stream()
        .filter(s -> s.get("_type").asText().endsWith("signal.resolved"))
        .toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Drift
  // ---------------------------------------------------------------------------------------------

  @Test
  void steadyTrafficFiresNothingAndEveryDriftTestPasses() {
    registerWithProfile();
    for (int i = 0; i < 5; i++) {
      windows(1, steady(300));
    }
    monitor.settle();

    assertThat(monitor.signals()).isEmpty();
    Observation amount = monitor.latest(MODEL, VERSION, "feature-drift", "amount");
    assertThat(amount.method()).isEqualTo("wasserstein");
    assertThat(amount.status()).isEqualTo(Observation.OK);
    assertThat(amount.details()).containsKey("psi");
    assertThat(monitor.latest(MODEL, VERSION, "feature-drift", "distance").method())
        .isEqualTo("ks");
    assertThat(monitor.latest(MODEL, VERSION, "feature-drift", "country").method())
        .isEqualTo("chi-square");
    assertThat(monitor.latest(MODEL, VERSION, "dataset-drift", null).status())
        .isEqualTo(Observation.OK);
    assertThat(monitor.state(MODEL, VERSION).records).isEqualTo(1500);
  }

  @Test
  void aShiftedFeatureFiresAfterTwoWindowsOnceAndResolvesAfterTwoHealthyOnes() {
    registerWithProfile();
    windows(2, steady(300));
    for (int i = 0; i < 4; i++) {
      windows(1, traffic(300, 15, false, r -> {}));
    }
    monitor.settle();
    List<JsonNode> fired = firing("feature-drift");
    assertThat(fired).hasSize(1);
    JsonNode signal = fired.get(0);
    assertThat(signal.get("feature").asText()).isEqualTo("amount");
    assertThat(signal.get("method").asText()).isEqualTo("wasserstein");
    assertThat(signal.get("kind").asText()).isEqualTo("drift");
    assertThat(signal.get("measured").asDouble()).isGreaterThan(1.0);
    assertThat(signal.get("threshold").asDouble()).isEqualTo(0.1);
    assertThat(signal.get("sampleSize").asLong()).isEqualTo(300);
    // The third window is the second breaching one.
    assertThat(OffsetDateTime.parse(signal.get("windowStart").asText()).toInstant())
        .isEqualTo(TopologyHarness.START.plus(TopologyHarness.WINDOW.multipliedBy(3)));
    assertThat(resolved("feature-drift")).isEmpty();

    for (int i = 0; i < 3; i++) {
      windows(1, steady(300));
    }
    monitor.settle();
    List<JsonNode> resolved = resolved("feature-drift");
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).get("signalId").asText()).isEqualTo(signal.get("signalId").asText());
    assertThat(firing("feature-drift")).hasSize(1);
  }

  @Test
  void aCategoricalShiftFiresWithChiSquareAndTheDatasetDrifts() {
    registerWithProfile();
    for (int i = 0; i < 3; i++) {
      windows(1, traffic(300, 15, true, r -> {}));
    }
    monitor.settle();
    assertThat(firing("feature-drift"))
        .extracting(s -> s.get("feature").asText())
        .containsExactlyInAnyOrder("amount", "country");
    JsonNode country =
        firing("feature-drift").stream()
            .filter(s -> s.get("feature").asText().equals("country"))
            .findFirst()
            .orElseThrow();
    assertThat(country.get("method").asText()).isEqualTo("chi-square");
    assertThat(country.get("measured").asDouble()).isLessThan(0.05);
    assertThat(firing("dataset-drift")).hasSize(1);
    assertThat(monitor.latest(MODEL, VERSION, "feature-drift", "country").details().get("psiLevel"))
        .isEqualTo("major");
  }

  @Test
  void sparseTrafficReportsInsufficientDataAndNeverFires() {
    registerWithProfile();
    for (int i = 0; i < 5; i++) {
      windows(1, traffic(10, 30, true, r -> r.put("status", 503)));
    }
    monitor.settle();
    assertThat(monitor.signals()).isEmpty();
    assertThat(monitor.latest(MODEL, VERSION, "feature-drift", "amount").status())
        .isEqualTo(Observation.INSUFFICIENT);
    assertThat(monitor.latest(MODEL, VERSION, "error-rate", null).status())
        .isEqualTo(Observation.INSUFFICIENT);
    assertThat(monitor.latest(MODEL, VERSION, "dataset-drift", null).status())
        .isEqualTo(Observation.INSUFFICIENT);
  }

  @Test
  void lowTrafficDriftIsJudgedOnSpansOfWindowsThatReachTheMinimumSample() {
    registerWithProfile();
    // 120 records a window, the minimum drift sample 200: each window alone is short of it, two
    // merged reach it. Windows 1 and 3 collect, 2 and 4 close a span of two; fire after 2.
    for (int i = 0; i < 4; i++) {
      windows(1, traffic(120, 15, false, r -> {}));
    }
    monitor.settle();
    Observation amount = monitor.latest(MODEL, VERSION, "feature-drift", "amount");
    assertThat(amount.status()).isEqualTo(Observation.BREACH);
    assertThat(amount.sampleSize()).isEqualTo(240);
    assertThat(span(amount)).containsEntry("windows", 2).containsEntry("records", 240);
    assertThat(span(amount)).doesNotContainKey("collecting");
    // Two breaching spans fired it: the collecting window between them broke no streak.
    JsonNode fired =
        firing("feature-drift").stream()
            .filter(s -> s.get("feature").asText().equals("amount"))
            .findFirst()
            .orElseThrow();
    assertThat(fired.get("sampleSize").asLong()).isEqualTo(240);

    windows(1, traffic(120, 15, false, r -> {}));
    monitor.settle();
    amount = monitor.latest(MODEL, VERSION, "feature-drift", "amount");
    assertThat(amount.status()).isEqualTo(Observation.INSUFFICIENT);
    assertThat(amount.collecting()).isTrue();
    assertThat(span(amount)).containsEntry("windows", 1).containsEntry("records", 120);
    assertThat(resolved("feature-drift")).isEmpty();
  }

  /**
   * A backlog (the monitor restarted, or lagged): windows long past by the wall clock arrive flush
   * by flush. Each is evaluated once all its records are in, not on its first partial.
   */
  @Test
  void aBacklogIsEvaluatedOnWholeWindowsNotOnTheirFirstPartial() {
    registerWithProfile();
    for (int i = 0; i < 5; i++) {
      monitor.nextWindow();
    }
    // Windows 2, 3 and 4 while the wall clock is in window 5: three flushes each.
    for (int window = 2; window < 5; window++) {
      for (int flush = 0; flush < 3; flush++) {
        monitor.sendAt(window, steady(100));
        monitor.flush();
      }
    }
    // Past the close delay of window 4, short of window 5's end.
    for (int i = 0; i < 5; i++) {
      monitor.flush();
    }

    VersionState state = monitor.state(MODEL, VERSION);
    assertThat(state.records).isEqualTo(900);
    assertThat(state.lateRecords).isZero();
    assertThat(state.evaluatedWindows).isEqualTo(3);
    assertThat(state.latestWindowRecords).as("the last backlog window, whole").isEqualTo(300);
    assertThat(monitor.latest(MODEL, VERSION, "feature-drift", "amount").sampleSize())
        .isEqualTo(300);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> span(Observation observation) {
    return (Map<String, Object>) observation.details().get("span");
  }

  // ---------------------------------------------------------------------------------------------
  // Operational
  // ---------------------------------------------------------------------------------------------

  @Test
  void latencyAboveTheSloFiresAndResolves() {
    monitor.register(
        MODEL,
        VERSION,
        TopologyHarness.manifest(
            VERSION,
            Optional.of(
                new VersionManifest.Slos(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(100.0),
                    Optional.of(0.01),
                    Optional.empty())),
            Map.of()));
    windows(1, steady(200));
    windows(2, traffic(200, 0, false, r -> r.put("latencyMs", 50 + random.nextInt(400))));
    windows(3, steady(200));
    monitor.settle();
    assertThat(firing("p99-latency")).hasSize(1);
    assertThat(firing("p99-latency").get(0).get("threshold").asDouble()).isEqualTo(100.0);
    assertThat(firing("p99-latency").get(0).get("measured").asDouble()).isGreaterThan(300);
    assertThat(resolved("p99-latency")).hasSize(1);
    assertThat(firing("p50-latency")).isEmpty();
  }

  @Test
  void serverErrorsAboveTheRateFire() {
    monitor.register(MODEL, VERSION);
    windows(2, traffic(200, 0, false, r -> r.put("status", random.nextDouble() < 0.2 ? 500 : 200)));
    monitor.settle();
    assertThat(firing("error-rate")).hasSize(1);
    assertThat(firing("error-rate").get(0).get("kind").asText()).isEqualTo("errors");
    assertThat(firing("error-rate").get(0).get("severity").asText()).isEqualTo("critical");
  }

  @Test
  void aLiveVersionWhoseLogsStopIsDown() {
    monitor.register(MODEL, VERSION);
    monitor.promote(MODEL, VERSION);
    windows(2, steady(100));
    windows(3);
    monitor.settle();
    List<JsonNode> down = firing("inference-logs-stopped");
    assertThat(down).hasSize(1);
    assertThat(down.get(0).get("kind").asText()).isEqualTo("downtime");
    windows(3, steady(100));
    monitor.settle();
    assertThat(resolved("inference-logs-stopped")).hasSize(1);
  }

  @Test
  void aVersionNotLiveIsNotDownWhenItsLogsStop() {
    monitor.register(MODEL, VERSION);
    windows(2, steady(100));
    windows(4);
    monitor.settle();
    assertThat(monitor.signals()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Security
  // ---------------------------------------------------------------------------------------------

  @Test
  void anAuthenticationFailureBurstFromOneClientFires() {
    monitor.register(MODEL, VERSION);
    List<ObjectNode> burst = steady(200);
    for (int i = 0; i < 30; i++) {
      burst.get(i).put("clientId", "scraper").put("auth", "denied").put("status", 401);
    }
    windows(2, burst);
    monitor.settle();
    assertThat(firing("auth-failure-burst")).hasSize(1);
    assertThat(firing("auth-failure-burst").get(0).get("feature").asText())
        .isEqualTo("client:scraper");
    assertThat(firing("auth-failure-rate")).hasSize(1);
  }

  @Test
  void aClientSendingFarAboveItsOwnHistoryFires() {
    monitor.register(MODEL, VERSION);
    List<ObjectNode> usual = steady(100);
    usual.subList(0, 10).forEach(r -> r.put("clientId", "batch-job"));
    windows(12, usual);
    List<ObjectNode> surge = steady(300);
    surge.subList(0, 200).forEach(r -> r.put("clientId", "batch-job"));
    windows(2, surge);
    monitor.settle();
    assertThat(firing("client-request-rate"))
        .extracting(s -> s.get("feature").asText())
        .contains("client:batch-job");
    assertThat(firing("client-request-rate"))
        .noneMatch(s -> s.get("feature").asText().equals("client:checkout"));
  }

  @Test
  void inputsOutsideTheReferenceRangeAndOversizedPayloadsFire() {
    registerWithProfile();
    windows(
        2,
        traffic(
            200,
            0,
            false,
            r -> {
              if (random.nextDouble() < 0.3) {
                ((ObjectNode) r.get("features")).put("amount", 10_000.0);
                ((ObjectNode) r.get("features")).put("country", "KP");
                r.put("payloadBytes", 5_000_000);
              }
            }));
    monitor.settle();
    assertThat(firing("out-of-range-share")).hasSize(1);
    assertThat(firing("oversized-payloads")).hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Accuracy
  // ---------------------------------------------------------------------------------------------

  @Test
  void labelsJoinedOnRequestIdGiveTheRealisedAccuracyAgainstTraining() {
    monitor.register(
        MODEL,
        VERSION,
        TopologyHarness.manifest(
            VERSION,
            Optional.empty(),
            Map.of("accuracy", new VersionManifest.MetricTarget(0.9, 0.05))));
    for (int w = 0; w < 3; w++) {
      List<ObjectNode> records =
          traffic(
              100,
              0,
              false,
              r -> r.set("prediction", r.objectNode().put("label", "ok").put("score", 0.2)));
      monitor.send(records);
      // Labels arrive after their predictions, in the same window: 60 % say the model was right.
      for (int i = 0; i < records.size(); i++) {
        monitor.label(records.get(i).get("requestId").asText(), i < 60 ? "ok" : "fraud");
      }
      monitor.nextWindow();
    }
    monitor.settle();
    Observation accuracy = monitor.latest(MODEL, VERSION, "accuracy", null);
    assertThat(accuracy.value()).isEqualTo(0.6);
    assertThat(accuracy.threshold()).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(firing("accuracy")).hasSize(1);
  }

  /**
   * A perfect model whose predictions say {@code {"label": 1}} or {@code 0}, an integer or a float,
   * and whose ground truth says {@code true} or {@code false}, or {@code "1"} and {@code "0"}: the
   * same classes (Labels), so the realised accuracy is 1 and nothing breaches — found by a user
   * whose label source wrote booleans ("accuracy 0.000 on 400 labelled predictions").
   */
  @Test
  void predictionsAndLabelsOfOtherEncodingsAreTheSameClasses() {
    monitor.register(
        MODEL,
        VERSION,
        TopologyHarness.manifest(
            VERSION,
            Optional.empty(),
            Map.of("accuracy", new VersionManifest.MetricTarget(0.95, 0.02))));
    for (int w = 0; w < 3; w++) {
      List<ObjectNode> records = traffic(100, 0, false, r -> {});
      for (int i = 0; i < records.size(); i++) {
        boolean positive = i % 3 == 0;
        ObjectNode prediction = records.get(i).objectNode();
        // each row its own pair of encodings: int or float prediction; boolean, numeric string or
        // "TRUE"/"false" ground truth
        if (i % 2 == 0) {
          prediction.put("label", positive ? 1 : 0);
        } else {
          prediction.put("label", positive ? 1.0 : 0.0);
        }
        records.get(i).set("prediction", prediction.put("score", positive ? 0.9 : 0.1));
      }
      monitor.send(records);
      for (int i = 0; i < records.size(); i++) {
        boolean positive = i % 3 == 0;
        Object truth =
            switch (i % 5) {
              case 0, 1 -> positive;
              case 2, 3 -> positive ? "1" : "0";
              default -> positive ? "TRUE" : "false";
            };
        monitor.label(records.get(i).get("requestId").asText(), truth);
      }
      monitor.nextWindow();
    }
    monitor.settle();
    Observation accuracy = monitor.latest(MODEL, VERSION, "accuracy", null);
    assertThat(accuracy.value()).isEqualTo(1.0);
    assertThat(firing("accuracy")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs
  // ---------------------------------------------------------------------------------------------

  @Test
  void aKServeRequestAndResponsePairBecomeOneRecord() {
    monitor.register(
        MODEL,
        VERSION,
        new VersionManifest(
            VERSION,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            List.of(
                new VersionManifest.Feature("amount", "numeric"),
                new VersionManifest.Feature("country", "categorical")),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    monitor.sendRaw(
        "ignored",
        "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,2],\"datatype\":\"BYTES\",\"data\":[[12.5,\"DE\"]]}]}"
            .getBytes(StandardCharsets.UTF_8),
        kserve("evt-1", "org.kubeflow.serving.inference.request", "2026-11-28T10:00:00.100Z"));
    monitor.sendRaw(
        "other",
        ("{\"model_name\":\"fraud\",\"model_version\":\"1.0.0\",\"outputs\":[{\"name\":\"label\",\"shape\":[1],"
             + "\"datatype\":\"BYTES\",\"data\":[\"ok\"]},{\"name\":\"score\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[0.1]}]}")
            .getBytes(StandardCharsets.UTF_8),
        kserve("evt-1", "org.kubeflow.serving.inference.response", "2026-11-28T10:00:00.142Z"));
    monitor.nextWindow();
    monitor.settle();
    assertThat(monitor.state(MODEL, VERSION).records).isEqualTo(1);
    assertThat(monitor.latest(MODEL, VERSION, "p50-latency", null).value())
        .isCloseTo(42.0, org.assertj.core.data.Offset.offset(0.5));
    assertThat(monitor.deadLetters()).isEmpty();
  }

  private static List<org.apache.kafka.common.header.Header> kserve(
      String id, String type, String time) {
    return List.of(
        new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("ce_id", id.getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("ce_type", type.getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("ce_source", "http://localhost:9081/".getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("ce_time", time.getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("ce_inferenceservicename", "fraud".getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("ce_namespace", "models".getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("ce_component", "predictor".getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("ce_endpoint", "default".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void recordsOfAVersionNotRegisteredYetAreHeldThenCounted() {
    monitor.send(steady(30));
    monitor.nextWindow();
    assertThat(
            monitor
                .driver
                .<String, byte[]>getKeyValueStore(MonitorTopology.STATE_STORE)
                .get(VersionKey.of(MODEL, VERSION)))
        .isNull();
    monitor.register(MODEL, VERSION);
    monitor.nextWindow();
    monitor.settle();
    assertThat(monitor.state(MODEL, VERSION).records).isEqualTo(30);
  }

  @Test
  void recordsBreakingTheFormatAreDeadLetteredWithTheReason() {
    monitor.register(MODEL, VERSION);
    monitor.sendRaw("garbage", "{\"modelId\": 42".getBytes(StandardCharsets.UTF_8), List.of());
    ObjectNode noStatus = TopologyHarness.record(MODEL, VERSION, Map.of("amount", 1.0));
    noStatus.remove("status");
    noStatus.put("timestamp", "2026-11-28T10:00:00Z");
    monitor.sendRaw("no-status", TopologyHarness.bytes(noStatus), List.of());
    monitor.send(steady(5));
    monitor.nextWindow();
    monitor.settle();
    var dead = monitor.deadLetters();
    assertThat(dead).extracting(r -> r.key()).containsExactly("garbage", "no-status");
    assertThat(
            new String(
                dead.get(1).headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8))
        .contains("status is required");
    assertThat(monitor.state(MODEL, VERSION).records).isEqualTo(5);
  }
}

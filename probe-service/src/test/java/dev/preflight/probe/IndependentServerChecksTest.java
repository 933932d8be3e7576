package dev.preflight.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.devstack.TopicClient;
import dev.preflight.probe.IndependentOipServer.LabelOutput;
import dev.preflight.testing.KafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks against a model server this project did not tune them to ({@link
 * IndependentOipServer}: its own datatypes, its own class encodings, its own failures), with the
 * expected metrics computed here, independently of probe-service's code.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NotifierStub.class)
@WithTestResource(ServicesStub.class)
class IndependentServerChecksTest {

  private static final String MODEL = "threshold";
  private static final String VERSION = "2.3.0";
  private static final int ROWS = 300;

  private static TopicClient kafka;
  private static PhaseRuns runs;
  private static IndependentOipServer server;
  private static double[][] inputs;
  private static boolean[] truths;
  private static Expected expected;

  /** The metrics of the server's model on the validation rows, computed from their definitions. */
  record Expected(double accuracy, double f1, double rocAuc) {}

  /** How a dataset writes its ground truth. */
  enum Truth {
    INTEGER("1", "0"),
    FLOAT("1.0", "0.0"),
    BOOLEAN("true", "false"),
    NAMES("fraud", "legit");

    final String positive;
    final String negative;

    Truth(String positive, String negative) {
      this.positive = positive;
      this.negative = negative;
    }

    String csv(boolean positive) {
      return positive ? this.positive : negative;
    }

    String json(boolean positive) {
      String text = csv(positive);
      return this == NAMES ? "\"" + text + "\"" : text;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    kafka = new TopicClient(KafkaResource.bootstrapServers());
    runs = new PhaseRuns(kafka);
    server = IndependentOipServer.start(MODEL, VERSION);
    Random random = new Random(20_261_201L);
    inputs = new double[ROWS][];
    truths = new boolean[ROWS];
    for (int i = 0; i < ROWS; i++) {
      // three decimals: the CSV and JSON texts hold the values exactly
      double x1 = Math.round(random.nextDouble() * 1000) / 1000.0;
      double x2 = Math.round(random.nextDouble() * 1000) / 1000.0;
      inputs[i] = new double[] {x1, x2};
      // the model is right except on every seventh row
      truths[i] = IndependentOipServer.positive(x1, x2) ^ (i % 7 == 0);
    }
    expected = exact();
    server.file("validation.csv", csv(Truth.INTEGER));
  }

  @AfterAll
  static void stop() {
    server.close();
    kafka.close();
  }

  @AfterEach
  void heal() {
    server.labelOutput(LabelOutput.INT64).failEveryNth(0).failNext(0);
  }

  static Stream<Arguments> encodings() {
    List<Arguments> cases = new ArrayList<>();
    List<Object[]> pairs =
        List.of(
            new Object[] {Truth.INTEGER, LabelOutput.INT64},
            new Object[] {Truth.FLOAT, LabelOutput.INT64},
            new Object[] {Truth.BOOLEAN, LabelOutput.INT64},
            new Object[] {Truth.INTEGER, LabelOutput.FP32},
            new Object[] {Truth.BOOLEAN, LabelOutput.FP32},
            new Object[] {Truth.INTEGER, LabelOutput.BOOL},
            new Object[] {Truth.FLOAT, LabelOutput.BOOL},
            new Object[] {Truth.NAMES, LabelOutput.BYTES});
    for (String format : List.of("csv", "jsonl")) {
      for (Object[] pair : pairs) {
        cases.add(Arguments.of(format, pair[0], pair[1]));
      }
    }
    return cases.stream();
  }

  /**
   * Found by a user: labels 0/1 in a CSV against a model whose class output is INT64 measured
   * "accuracy 0.5850, recall 0.0000" for a healthy model, the same rows as JSON Lines passed.
   */
  @ParameterizedTest(name = "{0}: ground truth {1}, class output {2}")
  @MethodSource("encodings")
  void theValidationMetricsAreTheSameWhateverEncodesTheClasses(
      String format, Truth truth, LabelOutput output) {
    server.labelOutput(output).names("fraud", "legit");
    String file = "validation-" + truth.name().toLowerCase(Locale.ROOT) + "." + format;
    server.file(file, format.equals("csv") ? csv(truth) : jsonl(truth));

    CheckCompleted result =
        runs.run(phase(manifest(format, file), List.of(ItemIds.TEST_METRICS_MATCH)))
            .get(ItemIds.TEST_METRICS_MATCH);

    assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.PASSED);
    assertThat(result.measured().path("accuracy").asDouble())
        .isCloseTo(expected.accuracy(), within(1e-4));
    assertThat(result.measured().path("f1").asDouble()).isCloseTo(expected.f1(), within(1e-4));
    assertThat(result.measured().path("roc_auc").asDouble())
        .isCloseTo(expected.rocAuc(), within(1e-4));
  }

  @Test
  void theVersionMatchesAgainstAnotherServer() {
    CheckCompleted result =
        runs.run(phase(manifest("csv", "validation.csv"), List.of(ItemIds.TEST_VERSION_MATCHES)))
            .get(ItemIds.TEST_VERSION_MATCHES);

    assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.PASSED);
  }

  /**
   * Found by a user: one 500 on the inference made the item {@code failed} ("inference answered
   * 500") although the metadata reported the right version, and paged the team. A server error says
   * nothing about the version: the check could not verify it.
   */
  @Test
  void aServerErrorOnTheInferenceIsAnErrorNotAFailure() {
    server.file("validation.csv", csv(Truth.INTEGER)).failEveryNth(1);

    CheckCompleted result =
        runs.run(phase(manifest("csv", "validation.csv"), List.of(ItemIds.TEST_VERSION_MATCHES)))
            .get(ItemIds.TEST_VERSION_MATCHES);

    assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
    assertThat(result.summary())
        .startsWith("could not verify: inference answered 500")
        .doesNotContain("could not verify: could not verify");
  }

  /**
   * A check that could not verify is run again later ({@code error-retries}; here after 1 s), as a
   * run of its own, until it verifies: an endpoint or a Preflight service that was away for a while
   * leaves no item pending for good (found by the fault suite: a notifier restarting for longer
   * than the check's patience left creator-logged pending).
   */
  @Test
  void aCheckThatCouldNotVerifyIsRunAgainLaterUntilItDoes() {
    // the check's first attempt and its immediate re-run meet a 500
    server.failNext(2);
    PhaseEntered phase =
        phase(manifest("csv", "validation.csv"), List.of(ItemIds.TEST_VERSION_MATCHES));

    CheckCompleted first = runs.run(phase).get(ItemIds.TEST_VERSION_MATCHES);
    assertThat(first.status()).isEqualTo(CheckStatus.ERROR);

    CheckCompleted later =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(
                () -> runs.results(phase.model().modelId(), ItemIds.TEST_VERSION_MATCHES),
                results -> results.size() >= 2)
            .get(1);
    assertThat(later.runId()).isNotEqualTo(first.runId());
    assertThat(later.status()).as(later.summary()).isEqualTo(CheckStatus.PASSED);
  }

  /**
   * A phase replayed after a crash may reach another verdict than before it (error before, passed
   * after): that result must not carry the id of the earlier one, or consumers drop it as a
   * duplicate (found by the fault suite: creator-logged stayed pending). The same verdict keeps its
   * id (ProbeRunTest.aRedeliveredPhaseYieldsTheSameEventIds).
   */
  @Test
  void aReplayedPhaseThatReachesAnotherVerdictIsNotTakenForADuplicate() {
    server.failNext(1_000);
    PhaseEntered phase =
        phase(manifest("csv", "validation.csv"), List.of(ItemIds.TEST_VERSION_MATCHES));
    Event<PhaseEntered> trigger = PhaseRuns.trigger(phase);
    String runId = Event.derivedId(trigger.id(), "run");
    kafka.publish(trigger);
    assertThat(runs.awaitRun(phase.model().modelId(), runId, Duration.ofSeconds(60)))
        .extractingByKey(ItemIds.TEST_VERSION_MATCHES)
        .extracting(CheckCompleted::status)
        .isEqualTo(CheckStatus.ERROR);

    server.failNext(0);
    kafka.publish(trigger);

    List<RawEvent> ofTheRun =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> checkEvents(phase.model().modelId(), runId),
                events ->
                    events.stream().map(e -> status(e)).toList().contains(CheckStatus.PASSED));
    RawEvent error =
        ofTheRun.stream().filter(e -> status(e) == CheckStatus.ERROR).findFirst().orElseThrow();
    RawEvent passed =
        ofTheRun.stream().filter(e -> status(e) == CheckStatus.PASSED).findFirst().orElseThrow();
    assertThat(passed.id()).isNotEqualTo(error.id());
  }

  private static List<RawEvent> checkEvents(String modelId, String runId) {
    return kafka.events(Topics.PROBE_RESULTS).stream()
        .filter(e -> e.modelId().equals(modelId))
        .filter(e -> e.ceType().equals(EventType.CHECK_COMPLETED.ceType()))
        .filter(e -> check(e).runId().equals(runId))
        .toList();
  }

  private static CheckCompleted check(RawEvent event) {
    return kafka.codec().<CheckCompleted>decode(event, EventType.CHECK_COMPLETED).data();
  }

  private static CheckStatus status(RawEvent event) {
    return check(event).status();
  }

  // ---------------------------------------------------------------------------------------------

  private static Expected exact() {
    long agree = 0;
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < ROWS; i++) {
      boolean predicted = IndependentOipServer.positive(inputs[i][0], inputs[i][1]);
      agree += predicted == truths[i] ? 1 : 0;
      tp += predicted && truths[i] ? 1 : 0;
      fp += predicted && !truths[i] ? 1 : 0;
      fn += !predicted && truths[i] ? 1 : 0;
    }
    double precision = tp / (double) (tp + fp);
    double recall = tp / (double) (tp + fn);
    // ROC AUC by its definition: over every (positive, negative) pair, whether the positive scores
    // higher, ties counting half; scores as the server sends them (FP32)
    double pairs = 0;
    double wins = 0;
    for (int i = 0; i < ROWS; i++) {
      if (!truths[i]) {
        continue;
      }
      float positiveScore = (float) IndependentOipServer.score(inputs[i][0], inputs[i][1]);
      for (int j = 0; j < ROWS; j++) {
        if (truths[j]) {
          continue;
        }
        float negativeScore = (float) IndependentOipServer.score(inputs[j][0], inputs[j][1]);
        pairs++;
        wins += positiveScore > negativeScore ? 1 : positiveScore == negativeScore ? 0.5 : 0;
      }
    }
    return new Expected(
        agree / (double) ROWS, 2 * precision * recall / (precision + recall), wins / pairs);
  }

  private static String csv(Truth truth) {
    StringBuilder text = new StringBuilder("x1,x2,label\n");
    for (int i = 0; i < ROWS; i++) {
      text.append(inputs[i][0])
          .append(',')
          .append(inputs[i][1])
          .append(',')
          .append(truth.csv(truths[i]))
          .append('\n');
    }
    return text.toString();
  }

  private static String jsonl(Truth truth) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      text.append("{\"x1\": ")
          .append(inputs[i][0])
          .append(", \"x2\": ")
          .append(inputs[i][1])
          .append(", \"label\": ")
          .append(truth.json(truths[i]))
          .append("}\n");
    }
    return text.toString();
  }

  private static VersionManifest manifest(String format, String file) {
    Map<String, VersionManifest.MetricTarget> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", new VersionManifest.MetricTarget(expected.accuracy(), 0.001));
    metrics.put("f1", new VersionManifest.MetricTarget(expected.f1(), 0.001));
    metrics.put("roc_auc", new VersionManifest.MetricTarget(expected.rocAuc(), 0.001));
    return new VersionManifest(
        VERSION,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        List.of(
            new VersionManifest.Feature("x1", "numeric"),
            new VersionManifest.Feature("x2", "numeric")),
        Optional.of(
            ProbeFixtures.json(
                """
                {"type": "object", "required": ["x1", "x2"],
                 "properties": {"x1": {"type": "number"}, "x2": {"type": "number"}}}
                """)),
        Optional.empty(),
        metrics,
        Optional.of(
            new VersionManifest.Dataset(
                URI.create(server.fileUrl(file)), format, Optional.of("label"))),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static PhaseEntered phase(VersionManifest manifest, List<String> items) {
    return ProbeFixtures.phase(
        "threshold-" + UUID.randomUUID().toString().substring(0, 8),
        Phase.TEST_DEPLOYMENT,
        manifest,
        items,
        Optional.of(
            new Deployment(
                "test",
                URI.create(server.url()),
                "oip-v2",
                MODEL,
                Optional.empty(),
                Optional.empty(),
                Optional.empty())),
        Optional.empty(),
        Optional.empty());
  }
}

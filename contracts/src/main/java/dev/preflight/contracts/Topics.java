package dev.preflight.contracts;

import java.util.ArrayList;
import java.util.List;

/** The Kafka topics of Preflight's event contract (DESIGN.md, "Event contract"). */
public final class Topics {

  /** Deployment pipelines → checklist-service. */
  public static final String PIPELINE_EVENTS = "preflight.pipeline-events.v1";

  /** checklist-service → probe, monitor, notifier. */
  public static final String LIFECYCLE = "preflight.lifecycle.v1";

  /** probe-service → checklist, notifier. */
  public static final String PROBE_RESULTS = "preflight.probe-results.v1";

  /** Model servers and gateways → monitor-service; key = request id (any key accepted). */
  public static final String INFERENCE_LOGS = "preflight.inference-logs.v1";

  /** Label sources → monitor-service; key = request id. */
  public static final String INFERENCE_FEEDBACK = "preflight.inference-feedback.v1";

  /** monitor-service → notifier, checklist. */
  public static final String SIGNALS = "preflight.signals.v1";

  /** Records a consumer cannot process go to {@code <topic>.dlq}, the error in headers. */
  public static final String DEAD_LETTER_SUFFIX = ".dlq";

  private static final List<String> EVENT_TOPICS =
      List.of(
          PIPELINE_EVENTS, LIFECYCLE, PROBE_RESULTS, INFERENCE_LOGS, INFERENCE_FEEDBACK, SIGNALS);

  private Topics() {}

  public static String deadLetter(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }

  /**
   * Every topic the system needs, dead-letter topics included, with its partition count. Keyed
   * topics get several partitions so consumers can scale out; dead-letter topics need one.
   */
  public static List<TopicSpec> all(int partitions) {
    List<TopicSpec> specs = new ArrayList<>();
    for (String topic : EVENT_TOPICS) {
      specs.add(new TopicSpec(topic, partitions));
      specs.add(new TopicSpec(deadLetter(topic), 1));
    }
    return List.copyOf(specs);
  }

  /** A topic and its partition count. */
  public record TopicSpec(String name, int partitions) {}
}

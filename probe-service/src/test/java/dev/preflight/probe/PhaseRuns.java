package dev.preflight.probe;

import static org.awaitility.Awaitility.await;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.devstack.TopicClient;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Phases published on the lifecycle topic, and their runs' results read back from the broker. */
final class PhaseRuns {

  private final TopicClient kafka;

  PhaseRuns(TopicClient kafka) {
    this.kafka = kafka;
  }

  /** A {@code phase.entered} of the phase, as checklist-service publishes it. */
  static Event<PhaseEntered> trigger(PhaseEntered phase) {
    return Event.of(
        EventType.PHASE_ENTERED,
        URI.create("/preflight/checklist-service"),
        phase.model().modelId(),
        phase.version(),
        UUID.randomUUID().toString(),
        phase);
  }

  /** Publishes the phase and collects the run's results by item. */
  Map<String, CheckCompleted> run(PhaseEntered phase) {
    Event<PhaseEntered> trigger = trigger(phase);
    kafka.publish(trigger);
    return awaitRun(
        phase.model().modelId(), Event.derivedId(trigger.id(), "run"), Duration.ofSeconds(90));
  }

  /** The results of the run, by item, once its {@code probe.run.completed} is on the topic. */
  Map<String, CheckCompleted> awaitRun(String modelId, String runId, Duration patience) {
    List<RawEvent> events =
        await()
            .atMost(patience)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    kafka.events(Topics.PROBE_RESULTS).stream()
                        .filter(e -> e.modelId().equals(modelId))
                        .toList(),
                list ->
                    list.stream()
                        .anyMatch(
                            e ->
                                e.ceType().equals(EventType.PROBE_RUN_COMPLETED.ceType())
                                    && new String(e.data()).contains(runId)));
    Map<String, CheckCompleted> results = new LinkedHashMap<>();
    for (RawEvent event : events) {
      if (event.ceType().equals(EventType.CHECK_COMPLETED.ceType())) {
        CheckCompleted check =
            kafka.codec().<CheckCompleted>decode(event, EventType.CHECK_COMPLETED).data();
        if (check.runId().equals(runId)) {
          results.put(check.itemId(), check);
        }
      }
    }
    return results;
  }

  /** Every result of the item on the topic, in the order published. */
  List<CheckCompleted> results(String modelId, String itemId) {
    return kafka.events(Topics.PROBE_RESULTS).stream()
        .filter(
            e ->
                e.modelId().equals(modelId)
                    && e.ceType().equals(EventType.CHECK_COMPLETED.ceType()))
        .map(e -> kafka.codec().<CheckCompleted>decode(e, EventType.CHECK_COMPLETED).data())
        .filter(check -> check.itemId().equals(itemId))
        .toList();
  }
}

package dev.preflight.contracts;

import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.CoverageUpdated;
import dev.preflight.contracts.events.ItemUpdated;
import dev.preflight.contracts.events.ModelRegistered;
import dev.preflight.contracts.events.PhaseCompleted;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.events.PipelineEventAccepted;
import dev.preflight.contracts.events.PipelineEventRejected;
import dev.preflight.contracts.events.PipelineRetirementReported;
import dev.preflight.contracts.events.ProbeRunCompleted;
import dev.preflight.contracts.events.ProbeRunStarted;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.contracts.events.SyntheticProbed;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.events.VersionRetired;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.VersionManifest;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every CloudEvent type of the contract: its {@code ce_type}, the topic it travels on and the Java
 * record of its data. The JSON Schema of its data is {@code schemas/<name>.schema.json}.
 */
public enum EventType {
  // A pipeline's actions: the data is the body of the matching REST call.
  PIPELINE_VERSION_SUBMITTED(
      "pipeline.version.submitted", Topics.PIPELINE_EVENTS, VersionManifest.class),
  PIPELINE_DEPLOYMENT_REPORTED(
      "pipeline.deployment.reported", Topics.PIPELINE_EVENTS, Deployment.class),
  PIPELINE_RETIREMENT_REPORTED(
      "pipeline.retirement.reported", Topics.PIPELINE_EVENTS, PipelineRetirementReported.class),

  MODEL_REGISTERED("model.registered", Topics.LIFECYCLE, ModelRegistered.class),
  VERSION_REGISTERED("version.registered", Topics.LIFECYCLE, VersionRegistered.class),
  PHASE_ENTERED("phase.entered", Topics.LIFECYCLE, PhaseEntered.class),
  ITEM_UPDATED("item.updated", Topics.LIFECYCLE, ItemUpdated.class),
  PHASE_COMPLETED("phase.completed", Topics.LIFECYCLE, PhaseCompleted.class),
  VERSION_PROMOTED("version.promoted", Topics.LIFECYCLE, VersionPromoted.class),
  VERSION_RETIRED("version.retired", Topics.LIFECYCLE, VersionRetired.class),
  PIPELINE_EVENT_ACCEPTED("pipeline.event.accepted", Topics.LIFECYCLE, PipelineEventAccepted.class),
  PIPELINE_EVENT_REJECTED("pipeline.event.rejected", Topics.LIFECYCLE, PipelineEventRejected.class),

  PROBE_RUN_STARTED("probe.run.started", Topics.PROBE_RESULTS, ProbeRunStarted.class),
  CHECK_COMPLETED("check.completed", Topics.PROBE_RESULTS, CheckCompleted.class),
  PROBE_RUN_COMPLETED("probe.run.completed", Topics.PROBE_RESULTS, ProbeRunCompleted.class),

  SIGNAL_FIRING("signal.firing", Topics.SIGNALS, SignalFiring.class),
  SIGNAL_RESOLVED("signal.resolved", Topics.SIGNALS, SignalResolved.class),
  COVERAGE_UPDATED("coverage.updated", Topics.SIGNALS, CoverageUpdated.class),
  SYNTHETIC_PROBED("synthetic.probed", Topics.SIGNALS, SyntheticProbed.class);

  /** Every {@code ce_type} is this prefix followed by the event name. */
  public static final String TYPE_PREFIX = "dev.preflight.";

  private static final Map<String, EventType> BY_CE_TYPE =
      Arrays.stream(values()).collect(Collectors.toMap(EventType::ceType, Function.identity()));

  private final String eventName;
  private final String topic;
  private final Class<?> dataType;

  EventType(String eventName, String topic, Class<?> dataType) {
    this.eventName = eventName;
    this.topic = topic;
    this.dataType = dataType;
  }

  /** The short name, e.g. {@code check.completed}. */
  public String eventName() {
    return eventName;
  }

  /** The CloudEvents {@code type} attribute, e.g. {@code dev.preflight.check.completed}. */
  public String ceType() {
    return TYPE_PREFIX + eventName;
  }

  public String topic() {
    return topic;
  }

  public Class<?> dataType() {
    return dataType;
  }

  /** The file name of the JSON Schema of this type's data. */
  public String schemaFile() {
    return eventName + ".schema.json";
  }

  public static Optional<EventType> fromCeType(String ceType) {
    return Optional.ofNullable(BY_CE_TYPE.get(ceType));
  }
}

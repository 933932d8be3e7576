package dev.preflight.notifier.messaging;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.InvalidEventException;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.ItemUpdated;
import dev.preflight.contracts.events.ModelRegistered;
import dev.preflight.contracts.events.PipelineEventRejected;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.events.VersionRetired;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.notifier.alerting.AlertUpdate;
import dev.preflight.notifier.alerting.CheckAlerts;
import dev.preflight.notifier.alerting.Links;
import dev.preflight.notifier.alerting.SignalAlerts;
import dev.preflight.notifier.config.NotifierConfig;
import dev.preflight.notifier.metrics.NotifierMetrics;
import dev.preflight.notifier.service.AlertService;
import dev.preflight.notifier.service.ContactService;
import dev.preflight.notifier.service.InfoNotifier;
import dev.preflight.support.persistence.Outages;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Probe results and monitor signals become alerts; lifecycle events keep the models' contacts and
 * tell owners of notable changes. Records that are not valid events go to their topic's dead-letter
 * topic with the reason; a database that is briefly away is waited for, so a valid record never
 * ends there for it.
 */
@ApplicationScoped
public class EventConsumers {

  private static final Logger LOG = Logger.getLogger(EventConsumers.class);
  private static final int ATTEMPTS = 8;

  private final EventCodec codec;
  private final AlertService alerts;
  private final ContactService contacts;
  private final InfoNotifier info;
  private final NotifierConfig config;
  private final Links links;
  private final NotifierMetrics metrics;
  private final MutinyEmitter<byte[]> signalDeadLetters;

  public EventConsumers(
      EventCodec codec,
      AlertService alerts,
      ContactService contacts,
      InfoNotifier info,
      NotifierConfig config,
      Links links,
      NotifierMetrics metrics,
      @Channel(Channels.SIGNALS_DEAD_LETTERS) MutinyEmitter<byte[]> signalDeadLetters) {
    this.codec = codec;
    this.alerts = alerts;
    this.contacts = contacts;
    this.info = info;
    this.config = config;
    this.links = links;
    this.metrics = metrics;
    this.signalDeadLetters = signalDeadLetters;
  }

  @Incoming(Channels.PROBE_RESULTS)
  @Blocking
  public void probeResult(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    if (raw.type().orElse(null) != EventType.CHECK_COMPLETED) {
      return;
    }
    Event<CheckCompleted> event = codec.decode(raw, EventType.CHECK_COMPLETED);
    CheckCompleted check = event.data();
    if (check.status() == CheckStatus.PASSED
        || check.status() == CheckStatus.FAILED
        || check.status() == CheckStatus.ERROR) {
      AlertUpdate update =
          CheckAlerts.update(
              event.id(),
              check,
              links(check.modelId(), check.version()),
              runbook("check", check.itemId()));
      persistently(() -> alerts.apply("probe-results", List.of(update)));
      metrics.applied("check", 1);
    }
  }

  /** Signals in batches: one transaction per poll, the storm of a flapping detector included. */
  @Incoming(Channels.SIGNALS)
  @Blocking
  public void signals(ConsumerRecords<String, byte[]> records) {
    List<AlertUpdate> updates = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        signal(record).ifPresent(updates::add);
      } catch (InvalidEventException | IllegalArgumentException e) {
        deadLetter(record, e);
      }
    }
    if (!updates.isEmpty()) {
      persistently(() -> alerts.apply("signals", updates));
      metrics.applied("signal", updates.size());
    }
  }

  private Optional<AlertUpdate> signal(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    EventType type = raw.type().orElse(null);
    if (type == EventType.SIGNAL_FIRING) {
      Event<SignalFiring> event = codec.decode(raw, type);
      SignalFiring signal = event.data();
      return Optional.of(
          SignalAlerts.firing(
              event.id(),
              signal,
              links(signal.modelId(), signal.version()),
              runbook(signal.kind(), signal.check())));
    }
    if (type == EventType.SIGNAL_RESOLVED) {
      Event<SignalResolved> event = codec.decode(raw, type);
      return Optional.of(SignalAlerts.resolved(event.id(), event.data(), event.time()));
    }
    return Optional.empty();
  }

  @Incoming(Channels.LIFECYCLE)
  @Blocking
  public void lifecycle(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    EventType type = raw.type().orElse(null);
    if (type == null) {
      return;
    }
    switch (type) {
      case MODEL_REGISTERED -> {
        Event<ModelRegistered> event = codec.decode(raw, type);
        ModelRegistered model = event.data();
        persistently(
            () ->
                contacts.record(
                    event.id(), model.modelId(), model.name(), model.team(), model.owner()));
      }
      case VERSION_REGISTERED -> {
        Event<VersionRegistered> event = codec.decode(raw, type);
        var model = event.data().model();
        persistently(
            () ->
                contacts.record(
                    event.id(), model.modelId(), model.name(), model.team(), model.owner()));
      }
      case VERSION_RETIRED -> {
        Event<VersionRetired> event = codec.decode(raw, type);
        VersionRetired retired = event.data();
        persistently(
            () ->
                info.notify(
                    event.id(),
                    "PreflightVersionRetired",
                    retired.modelId(),
                    Optional.of(retired.version()),
                    Optional.of(retired.team()),
                    retired.modelId() + " " + retired.version() + " was retired",
                    retired.reason().orElse("no reason was given")));
      }
      case VERSION_PROMOTED -> {
        Event<VersionPromoted> event = codec.decode(raw, type);
        VersionPromoted promoted = event.data();
        persistently(
            () ->
                info.notify(
                    event.id(),
                    "PreflightVersionPromoted",
                    promoted.modelId(),
                    Optional.of(promoted.version()),
                    Optional.of(promoted.team()),
                    promoted.modelId()
                        + " "
                        + promoted.version()
                        + " is live in "
                        + promoted.environment(),
                    promoted.replaces().map(v -> "It replaces " + v + ".").orElse("")));
      }
      case ITEM_UPDATED -> {
        Event<ItemUpdated> event = codec.decode(raw, type);
        CheckAlerts.settled(event.id(), event.data(), event.time())
            .ifPresent(update -> persistently(() -> alerts.apply("item-updates", List.of(update))));
      }
      case PIPELINE_EVENT_REJECTED -> {
        Event<PipelineEventRejected> event = codec.decode(raw, type);
        PipelineEventRejected rejected = event.data();
        boolean gateDenied = String.valueOf(rejected.problemType()).endsWith("gate-closed");
        persistently(
            () ->
                info.notify(
                    event.id(),
                    gateDenied ? "PreflightGateDenied" : "PreflightPipelineEventRejected",
                    event.modelId(),
                    event.modelVersion(),
                    Optional.empty(),
                    (gateDenied ? "the gate denied " : "a pipeline event was refused: ")
                        + rejected.eventType()
                        + " for "
                        + event.modelId()
                        + event.modelVersion().map(v -> " " + v).orElse(""),
                    String.join("\n", rejected.reasons())));
      }
      default -> {
        // Other lifecycle events say nothing the notifier acts on.
      }
    }
  }

  /** Runs database work, waiting out a database that is briefly away. */
  private void persistently(Runnable work) {
    for (int attempt = 1; ; attempt++) {
      try {
        work.run();
        return;
      } catch (InvalidEventException | IllegalArgumentException e) {
        throw e;
      } catch (RuntimeException e) {
        // the database being down is waited out for as long as it lasts: giving up would
        // dead-letter a valid event (found by the fault suite)
        boolean outage = Outages.databaseUnavailable(e);
        if (!outage && attempt >= ATTEMPTS) {
          throw e;
        }
        long wait = Math.min(outage ? 5_000 : 30_000, 250L << Math.min(attempt, 10));
        LOG.warnf("applying an event failed (attempt %d), retrying in %d ms: %s", attempt, wait, e);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException reason) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add("dead-letter-reason", bytes(String.valueOf(reason.getMessage())));
    headers.add("dead-letter-exception-class-name", bytes(reason.getClass().getName()));
    headers.add("dead-letter-topic", bytes(record.topic()));
    headers.add("dead-letter-partition", bytes(String.valueOf(record.partition())));
    headers.add("dead-letter-offset", bytes(String.valueOf(record.offset())));
    signalDeadLetters.sendMessageAndAwait(
        Message.of(record.value() == null ? new byte[0] : record.value())
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(Topics.deadLetter(Topics.SIGNALS))
                    .withKey(record.key())
                    .withHeaders(headers)
                    .build()));
  }

  /** The alert's links: the checklist resource, and the console's page when there is one. */
  private Map<String, String> links(String modelId, String version) {
    return links.annotations(modelId, version);
  }

  private Optional<String> runbook(String kind, String check) {
    return config.runbookUrl().map(t -> t.replace("{kind}", kind).replace("{check}", check));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

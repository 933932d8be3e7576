package dev.preflight.probe.synthetic;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.contracts.events.SyntheticProbed;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.events.VersionRetired;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.Phase;
import dev.preflight.probe.check.ProbeRunner;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.messaging.Channels;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import dev.preflight.support.messaging.KafkaMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Scheduled health probes of every version in production, so that downtime is detected even when no
 * traffic flows: server-ready and model-ready on the production endpoint every interval. After
 * {@code failures-before-down} failures in a row a {@code downtime} signal fires on {@code
 * preflight.signals.v1}; the first success after that resolves it. Which versions are in production
 * comes from the lifecycle topic (the production deployment of {@code phase.entered}, then {@code
 * version.promoted}; {@code version.retired} ends it), re-read from its beginning at start-up.
 */
@ApplicationScoped
public class SyntheticProbes {

  private static final Logger LOG = Logger.getLogger(SyntheticProbes.class);
  public static final String CHECK = "synthetic-health";
  private static final String METHOD = "readiness-probe";

  record Key(String modelId, String version) {}

  /** A version in production and what its probes found. */
  static final class Target {
    final String team;
    final Deployment deployment;
    int failures;
    Optional<String> signalId = Optional.empty();
    OffsetDateTime downSince;
    String lastFailure = "";
    boolean reported;

    Target(String team, Deployment deployment) {
      this.team = team;
      this.deployment = deployment;
    }
  }

  private final Map<Key, Target> candidates = new ConcurrentHashMap<>();
  private final Map<Key, Target> active = new ConcurrentHashMap<>();
  private final OipClient oip;
  private final ProbeConfig config;
  private final EventCodec codec;
  private final MutinyEmitter<byte[]> signals;
  private final MeterRegistry meters;
  private final String bootstrapServers;
  private volatile ScheduledExecutorService scheduler;

  public SyntheticProbes(
      OipClient oip,
      ProbeConfig config,
      EventCodec codec,
      @Channel(Channels.SIGNALS) MutinyEmitter<byte[]> signals,
      MeterRegistry meters,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.oip = oip;
    this.config = config;
    this.codec = codec;
    this.signals = signals;
    this.meters = meters;
    this.bootstrapServers = bootstrapServers;
    meters.gaugeMapSize("preflight.probe.synthetic.targets", List.of(), active);
  }

  void start(@Observes StartupEvent event) {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "synthetic-probes"));
    scheduler.execute(this::rebuild);
    long interval = config.synthetic().interval().toMillis();
    scheduler.scheduleWithFixedDelay(this::probeAll, interval, interval, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** A production deployment: probed once the version is promoted. */
  public void observe(PhaseEntered phase) {
    if (phase.phase() == Phase.PROD_DEPLOYMENT && phase.deployment().isPresent()) {
      Key key = new Key(phase.model().modelId(), phase.version());
      Target target = new Target(phase.model().team(), phase.deployment().get());
      candidates.put(key, target);
      active.computeIfPresent(key, (k, old) -> target);
    }
  }

  public void promoted(VersionPromoted promoted) {
    if (!promoted.environment().equals("prod")) {
      return;
    }
    Key key = new Key(promoted.modelId(), promoted.version());
    Target target = candidates.get(key);
    if (target != null) {
      active.putIfAbsent(key, target);
    }
    promoted
        .replaces()
        .ifPresent(
            old ->
                stopProbing(new Key(promoted.modelId(), old), "replaced by " + promoted.version()));
  }

  public void retired(VersionRetired retired) {
    stopProbing(new Key(retired.modelId(), retired.version()), "retired");
  }

  /** The versions probed now, of the teams the predicate lets see them. */
  public Map<String, String> targets(java.util.function.Predicate<String> visibleTeam) {
    Map<String, String> view = new java.util.TreeMap<>();
    active.forEach(
        (key, target) -> {
          if (visibleTeam.test(target.team)) {
            view.put(
                key.modelId() + "/" + key.version(), target.signalId.isPresent() ? "down" : "up");
          }
        });
    return view;
  }

  private void stopProbing(Key key, String why) {
    candidates.remove(key);
    Target target = active.remove(key);
    if (target != null) {
      // On the probes' own thread, as every change of a target's signal: publishing waits for the
      // broker, which the lifecycle consumer (on an event loop) must not.
      onProbeThread(
          () -> {
            if (target.signalId.isPresent()) {
              resolve(key, target, "no longer probed: " + why);
            }
          });
    }
  }

  private void onProbeThread(Runnable task) {
    ScheduledExecutorService thread = scheduler;
    if (thread == null) {
      task.run();
    } else {
      thread.execute(task);
    }
  }

  void probeAll() {
    active.forEach(
        (key, target) -> {
          try {
            probe(key, target);
          } catch (RuntimeException e) {
            LOG.warnf(e, "synthetic probe of %s failed to run", key);
          }
        });
  }

  void probe(Key key, Target target) {
    OipEndpoint endpoint = OipEndpoint.of(target.deployment, key.version());
    String failure = null;
    try {
      ProbeHttp.Answer ready = oip.ready(endpoint);
      ProbeHttp.Answer model = ready.ok() ? oip.modelReady(endpoint) : ready;
      if (!model.ok()) {
        failure = (ready.ok() ? "model-ready" : "server-ready") + " answered " + model.status();
      }
    } catch (Unreachable | EgressDenied e) {
      failure = e.getMessage();
    }
    meters
        .counter("preflight.probe.synthetic", "outcome", failure == null ? "up" : "down")
        .increment();
    if (!target.reported) {
      // The first probe of this target (since this instance started): the checklist learns that
      // downtime is detected for the version now, whatever the probe found.
      publish(
          Event.of(
              EventType.SYNTHETIC_PROBED,
              ProbeRunner.SOURCE,
              key.modelId(),
              key.version(),
              "synthetic-" + key.modelId() + "/" + key.version(),
              new SyntheticProbed(
                  key.modelId(),
                  key.version(),
                  target.team,
                  target.deployment.endpointUrl(),
                  failure == null,
                  OffsetDateTime.now(ZoneOffset.UTC),
                  config.synthetic().interval().toString())));
      target.reported = true;
    }
    if (failure == null) {
      target.failures = 0;
      if (target.signalId.isPresent()) {
        resolve(key, target, target.deployment.endpointUrl() + " answers ready again");
      }
      return;
    }
    target.failures++;
    target.lastFailure = failure;
    if (target.failures == 1) {
      target.downSince = OffsetDateTime.now(ZoneOffset.UTC);
    }
    if (target.failures >= config.synthetic().failuresBeforeDown() && target.signalId.isEmpty()) {
      String signalId = UUID.randomUUID().toString();
      target.signalId = Optional.of(signalId);
      publish(
          Event.of(
              EventType.SIGNAL_FIRING,
              ProbeRunner.SOURCE,
              key.modelId(),
              key.version(),
              signalId,
              new SignalFiring(
                  signalId,
                  key.modelId(),
                  key.version(),
                  target.team,
                  "downtime",
                  CHECK,
                  Optional.empty(),
                  Optional.of(METHOD),
                  "critical",
                  target.failures,
                  config.synthetic().failuresBeforeDown(),
                  target.downSince,
                  OffsetDateTime.now(ZoneOffset.UTC),
                  target.failures,
                  key.version()
                      + " is down at "
                      + target.deployment.endpointUrl()
                      + ": "
                      + failure
                      + " ("
                      + target.failures
                      + " probes in a row)")));
    }
  }

  private void resolve(Key key, Target target, String summary) {
    String signalId = target.signalId.orElseThrow();
    target.signalId = Optional.empty();
    publish(
        Event.of(
            EventType.SIGNAL_RESOLVED,
            ProbeRunner.SOURCE,
            key.modelId(),
            key.version(),
            signalId,
            new SignalResolved(
                signalId,
                key.modelId(),
                key.version(),
                target.team,
                "downtime",
                CHECK,
                Optional.empty(),
                Optional.of(METHOD),
                0,
                config.synthetic().failuresBeforeDown(),
                target.downSince == null ? OffsetDateTime.now(ZoneOffset.UTC) : target.downSince,
                OffsetDateTime.now(ZoneOffset.UTC),
                1,
                summary)));
  }

  private void publish(Event<?> event) {
    signals
        .sendMessage(KafkaMessages.of(codec.toRecord(event)))
        .await()
        .atMost(Duration.ofSeconds(30));
  }

  /** Re-reads the lifecycle topic from its beginning: which versions are in production now. */
  void rebuild() {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-service-synthetic-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.LIFECYCLE).stream()
              .map(p -> new TopicPartition(Topics.LIFECYCLE, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          try {
            RawEvent raw = codec.read(record.headers(), record.value());
            EventType type = raw.type().orElse(null);
            if (type == EventType.PHASE_ENTERED) {
              observe(codec.<PhaseEntered>decode(raw, type).data());
            } else if (type == EventType.VERSION_PROMOTED) {
              promoted(codec.<VersionPromoted>decode(raw, type).data());
            } else if (type == EventType.VERSION_RETIRED) {
              retired(codec.<VersionRetired>decode(raw, type).data());
            }
          } catch (RuntimeException notAnEvent) {
            // the consumers dead-letter it
          }
        }
      }
      LOG.infof("synthetic probes: %d versions in production", active.size());
    } catch (RuntimeException e) {
      LOG.warnf(e, "synthetic probes could not re-read the lifecycle topic");
    }
  }
}

package dev.preflight.notifier.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.notifier.alerting.Alert;
import dev.preflight.notifier.alerting.AlertStatus;
import dev.preflight.notifier.config.NotifierConfig;
import dev.preflight.notifier.metrics.NotifierMetrics;
import dev.preflight.notifier.persistence.AlertEntity;
import dev.preflight.notifier.persistence.AlertGroupEntity;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.notifier.routing.RoutingTree;
import dev.preflight.notifier.routing.RoutingTree.EscalationPolicy;
import dev.preflight.notifier.routing.RoutingTree.Level;
import dev.preflight.notifier.service.NotificationQueue.GroupRef;
import dev.preflight.notifier.service.SilenceService.ActiveSilence;
import dev.preflight.support.work.BackgroundWorker;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Flushes aggregation groups the way Alertmanager's dispatcher does: first after {@code
 * group_wait}, then every {@code group_interval}, notifying only when the group changed (a new
 * firing alert, a resolution) or {@code repeat_interval} has passed with an alert nobody
 * acknowledged. Silenced and inhibited alerts are left out. Unacknowledged groups escalate level by
 * level. A group is claimed with {@code FOR UPDATE SKIP LOCKED} and its notifications are written
 * in the same transaction, so several instances never notify one flush twice.
 */
@ApplicationScoped
public class GroupFlusher {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};
  private static final int BATCH = 50;

  private final EntityManager entityManager;
  private final RoutingService routing;
  private final SilenceService silences;
  private final ReceiverDirectory directory;
  private final NotificationQueue queue;
  private final NotifierMetrics metrics;
  private final ObjectMapper mapper;
  private final BackgroundWorker worker;

  public GroupFlusher(
      EntityManager entityManager,
      RoutingService routing,
      SilenceService silences,
      ReceiverDirectory directory,
      NotificationQueue queue,
      NotifierMetrics metrics,
      ObjectMapper mapper,
      NotifierConfig config) {
    this.entityManager = entityManager;
    this.routing = routing;
    this.silences = silences;
    this.directory = directory;
    this.queue = queue;
    this.metrics = metrics;
    this.mapper = mapper;
    this.worker =
        new BackgroundWorker("alert-groups", config.flushInterval(), BATCH, this::flushDue);
  }

  void start(@Observes StartupEvent event) {
    worker.start();
  }

  void stop(@Observes ShutdownEvent event) {
    worker.stop();
  }

  /** What one pass knows about every group it flushes. */
  private record Pass(
      OffsetDateTime now,
      RoutingTree tree,
      List<ActiveSilence> silences,
      List<Map<String, String>> firing) {}

  /** Flushes the due groups; returns how many. */
  int flushDue() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
              @SuppressWarnings("unchecked")
              List<AlertGroupEntity> due =
                  entityManager
                      .createNativeQuery(
                          "SELECT * FROM alert_group WHERE next_flush_at <= ?1 OR"
                              + " next_escalation_at <= ?1 ORDER BY next_flush_at LIMIT ?2"
                              + " FOR UPDATE SKIP LOCKED",
                          AlertGroupEntity.class)
                      .setParameter(1, now)
                      .setParameter(2, BATCH)
                      .getResultList();
              if (due.isEmpty()) {
                return 0;
              }
              RoutingTree tree = routing.tree();
              Pass pass =
                  new Pass(
                      now,
                      tree,
                      silences.active(now),
                      tree.inhibitRules().isEmpty() ? List.of() : firingLabels());
              for (AlertGroupEntity group : due) {
                flush(group, pass);
              }
              return due.size();
            });
  }

  private void flush(AlertGroupEntity group, Pass pass) {
    List<AlertEntity> members =
        entityManager
            .createQuery(
                "SELECT a FROM AlertEntity a, GroupMember m WHERE m.fingerprint = a.fingerprint"
                    + " AND m.groupId = :group ORDER BY a.startsAt, a.fingerprint",
                AlertEntity.class)
            .setParameter("group", group.id)
            .getResultList();
    List<AlertEntity> firing = new ArrayList<>();
    List<AlertEntity> resolved = new ArrayList<>();
    int silenced = 0;
    int inhibited = 0;
    for (AlertEntity alert : members) {
      Map<String, String> labels = labels(alert.labels);
      if (pass.silences().stream().anyMatch(s -> s.mutes(labels))) {
        silenced++;
      } else if (alert.isFiring() && pass.tree().inhibited(labels, pass.firing())) {
        inhibited++;
      } else {
        (alert.isFiring() ? firing : resolved).add(alert);
      }
    }
    metrics.suppressed("silenced", silenced);
    metrics.suppressed("inhibited", inhibited);
    GroupRef ref =
        new GroupRef(
            group.id,
            group.groupKey,
            labels(group.groupLabels),
            Optional.ofNullable(group.team),
            Optional.ofNullable(group.modelId));

    if (!group.nextFlushAt.isAfter(pass.now())) {
      if (needsUpdate(group, firing, resolved, pass.now())) {
        List<Alert> alerts = new ArrayList<>();
        firing.forEach(a -> alerts.add(view(a)));
        resolved.forEach(a -> alerts.add(view(a)));
        Set<String> acknowledged =
            firing.stream()
                .filter(AlertEntity::isAcknowledged)
                .map(a -> a.fingerprint)
                .collect(Collectors.toSet());
        for (String receiver : receivers(group, pass.tree())) {
          queue.group(
              ref,
              receiver,
              directory.integrations(pass.tree(), receiver, ref.modelId(), ref.team()),
              alerts,
              acknowledged,
              NotificationEntity.GROUP);
        }
        group.notifiedFiring = json(fingerprints(firing));
        group.notifiedResolved = json(fingerprints(resolved));
        group.lastNotifiedAt = pass.now();
        if (group.firstNotifiedAt == null && !firing.isEmpty()) {
          group.firstNotifiedAt = pass.now();
        }
      } else if (!firing.isEmpty() || !resolved.isEmpty()) {
        metrics.deduplicated(firing.size() + resolved.size());
      }
      // Resolved alerts leave the group once a flush has seen them.
      List<String> gone =
          members.stream().filter(a -> !a.isFiring()).map(a -> a.fingerprint).toList();
      if (!gone.isEmpty()) {
        entityManager
            .createQuery("DELETE FROM GroupMember WHERE groupId = :group AND fingerprint IN :gone")
            .setParameter("group", group.id)
            .setParameter("gone", gone)
            .executeUpdate();
      }
      if (gone.size() == members.size()) {
        entityManager.remove(group);
        return;
      }
      group.nextFlushAt = pass.now().plus(Duration.ofMillis(group.groupIntervalMs));
    }
    escalate(group, ref, firing, pass);
  }

  /** Alertmanager's deduplication, plus: repeats only while an alert is unacknowledged. */
  private boolean needsUpdate(
      AlertGroupEntity group,
      List<AlertEntity> firing,
      List<AlertEntity> resolved,
      OffsetDateTime now) {
    Set<String> firingNow = new HashSet<>(fingerprints(firing));
    Set<String> resolvedNow = new HashSet<>(fingerprints(resolved));
    if (group.lastNotifiedAt == null) {
      return !firingNow.isEmpty();
    }
    Set<String> notifiedFiring = new HashSet<>(strings(group.notifiedFiring));
    if (!notifiedFiring.containsAll(firingNow)) {
      return true;
    }
    if (firingNow.isEmpty()) {
      return !notifiedFiring.isEmpty();
    }
    if (!new HashSet<>(strings(group.notifiedResolved)).containsAll(resolvedNow)) {
      return true;
    }
    boolean anyUnacknowledged = firing.stream().anyMatch(a -> !a.isAcknowledged());
    return anyUnacknowledged
        && !group.lastNotifiedAt.plus(Duration.ofMillis(group.repeatIntervalMs)).isAfter(now);
  }

  /** The route's receiver and every escalation level already notified. */
  private List<String> receivers(AlertGroupEntity group, RoutingTree tree) {
    List<String> receivers = new ArrayList<>();
    receivers.add(group.receiver);
    policy(group, tree)
        .ifPresent(
            policy ->
                policy.levels().stream()
                    .limit(group.escalationLevel)
                    .map(Level::receiver)
                    .filter(r -> !receivers.contains(r))
                    .forEach(receivers::add));
    return receivers;
  }

  private void escalate(AlertGroupEntity group, GroupRef ref, List<AlertEntity> firing, Pass pass) {
    Optional<EscalationPolicy> policy = policy(group, pass.tree());
    List<AlertEntity> unacknowledged = firing.stream().filter(a -> !a.isAcknowledged()).toList();
    if (policy.isEmpty() || unacknowledged.isEmpty() || group.firstNotifiedAt == null) {
      group.nextEscalationAt = null;
      if (firing.isEmpty()) {
        group.escalationLevel = 0;
        group.firstNotifiedAt = null;
      }
      return;
    }
    List<Level> levels = policy.get().levels();
    List<Alert> alerts = unacknowledged.stream().map(this::view).toList();
    while (group.escalationLevel < levels.size()) {
      Level level = levels.get(group.escalationLevel);
      if (group.firstNotifiedAt.plus(level.after()).isAfter(pass.now())) {
        break;
      }
      queue.group(
          ref,
          level.receiver(),
          directory.integrations(pass.tree(), level.receiver(), ref.modelId(), ref.team()),
          alerts,
          Set.of(),
          NotificationEntity.ESCALATION);
      group.escalationLevel++;
    }
    group.nextEscalationAt =
        group.escalationLevel < levels.size()
            ? group.firstNotifiedAt.plus(levels.get(group.escalationLevel).after())
            : null;
  }

  private static Optional<EscalationPolicy> policy(AlertGroupEntity group, RoutingTree tree) {
    return Optional.ofNullable(group.escalation).flatMap(tree::escalation);
  }

  private List<Map<String, String>> firingLabels() {
    return entityManager
        .createQuery("SELECT labels FROM AlertEntity WHERE status = 'firing'", String.class)
        .getResultList()
        .stream()
        .<Map<String, String>>map(this::labels)
        .toList();
  }

  private Alert view(AlertEntity entity) {
    return new Alert(
        labels(entity.labels),
        labels(entity.annotations),
        AlertStatus.of(entity.status),
        entity.startsAt,
        Optional.ofNullable(entity.endsAt));
  }

  private static List<String> fingerprints(List<AlertEntity> alerts) {
    return alerts.stream().map(a -> a.fingerprint).sorted(Comparator.naturalOrder()).toList();
  }

  private TreeMap<String, String> labels(String json) {
    try {
      return mapper.readValue(json, LABELS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored labels are not JSON", e);
    }
  }

  private List<String> strings(String json) {
    try {
      return mapper.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored fingerprints are not JSON", e);
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

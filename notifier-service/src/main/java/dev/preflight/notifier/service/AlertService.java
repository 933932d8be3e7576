package dev.preflight.notifier.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.notifier.alerting.Alert;
import dev.preflight.notifier.alerting.AlertStatus;
import dev.preflight.notifier.alerting.AlertUpdate;
import dev.preflight.notifier.metrics.NotifierMetrics;
import dev.preflight.notifier.persistence.AlertEntity;
import dev.preflight.notifier.persistence.AlertTransitionEntity;
import dev.preflight.notifier.routing.RoutingTree;
import dev.preflight.notifier.routing.RoutingTree.Route;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * Applies check results and monitor signals to alerts, Alertmanager-style: a new or re-firing alert
 * joins the aggregation group of every route it takes; a resolution is notified by those groups at
 * their next flush. Each batch of events is one transaction and idempotent on the event ids.
 */
@ApplicationScoped
public class AlertService {

  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

  private final EntityManager entityManager;
  private final RoutingService routing;
  private final ObjectMapper mapper;
  private final NotifierMetrics metrics;

  public AlertService(
      EntityManager entityManager,
      RoutingService routing,
      ObjectMapper mapper,
      NotifierMetrics metrics) {
    this.entityManager = entityManager;
    this.routing = routing;
    this.mapper = mapper;
    this.metrics = metrics;
  }

  /** Applies the updates in order, skipping events this consumer applied before. */
  @Transactional
  public void apply(String consumer, List<AlertUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    Set<String> fresh =
        markProcessed(consumer, updates.stream().map(AlertUpdate::eventId).toList());
    RoutingTree tree = routing.tree();
    Map<String, List<AlertEntity>> firingByVersion = new HashMap<>();
    for (AlertUpdate update : updates) {
      if (!fresh.remove(update.eventId())) {
        metrics.duplicateEvent();
        continue;
      }
      List<AlertEntity> firing =
          firingByVersion.computeIfAbsent(
              update.modelId() + "\u0000" + update.version().orElse(""),
              k -> firingAlertsOf(update.modelId(), update.version()));
      List<AlertEntity> sameCause =
          firing.stream()
              .filter(a -> labels(a.labels).entrySet().containsAll(update.identity().entrySet()))
              .toList();
      if (update.status() == AlertStatus.RESOLVED) {
        sameCause.forEach(alert -> resolve(alert, update, firing));
      } else {
        fire(update, sameCause, firing, tree);
      }
    }
  }

  private void fire(
      AlertUpdate update, List<AlertEntity> sameCause, List<AlertEntity> firing, RoutingTree tree) {
    String fingerprint = update.fingerprint();
    // A cause that changed severity is a new alert; the old one resolves.
    sameCause.stream()
        .filter(existing -> !existing.fingerprint.equals(fingerprint))
        .forEach(superseded -> resolve(superseded, update, firing));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    AlertEntity entity = entityManager.find(AlertEntity.class, fingerprint);
    if (entity != null && entity.isFiring()) {
      entity.annotations = json(update.annotations());
      entity.updatedAt = now;
      metrics.deduplicated(1);
      return;
    }
    boolean isNew = entity == null;
    if (isNew) {
      entity = new AlertEntity();
      entity.fingerprint = fingerprint;
    }
    entity.labels = json(update.labels());
    entity.annotations = json(update.annotations());
    entity.status = AlertStatus.FIRING.id();
    entity.team = update.team();
    entity.modelId = update.modelId();
    entity.version = update.version().orElse(null);
    entity.startsAt = update.at();
    entity.endsAt = null;
    entity.updatedAt = now;
    entity.acknowledgedAt = null;
    entity.acknowledgedBy = null;
    entity.ackComment = null;
    if (isNew) {
      entityManager.persist(entity);
    }
    firing.add(entity);
    transition(entity, update.annotations().get("summary"));
    entityManager.flush();
    for (Route route : tree.match(update.labels())) {
      join(entity, update, route, now);
    }
  }

  private void resolve(AlertEntity alert, AlertUpdate update, List<AlertEntity> firing) {
    if (!alert.isFiring()) {
      return;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    alert.status = AlertStatus.RESOLVED.id();
    alert.endsAt = update.at().isBefore(alert.startsAt) ? alert.startsAt : update.at();
    alert.updatedAt = now;
    firing.remove(alert);
    transition(alert, update.annotations().get("resolution"));
  }

  /** Adds the alert to its group on this route, creating the group (flushed after group_wait). */
  private void join(AlertEntity alert, AlertUpdate update, Route route, OffsetDateTime now) {
    SortedMap<String, String> groupLabels = route.groupLabels(update.labels());
    String groupKey = route.groupKey(groupLabels);
    String groupId = RoutingService.sha256(groupKey);
    entityManager
        .createNativeQuery(
            """
            INSERT INTO alert_group (id, group_key, route_id, receiver, group_labels, team, model_id,
                group_wait_ms, group_interval_ms, repeat_interval_ms, escalation, created_at,
                next_flush_at)
            VALUES (?1, ?2, ?3, ?4, cast(?5 AS jsonb), cast(?6 AS varchar), cast(?7 AS varchar),
                ?8, ?9, ?10, cast(?11 AS varchar), ?12, ?13)
            ON CONFLICT (id) DO NOTHING
            """)
        .setParameter(1, groupId)
        .setParameter(2, groupKey)
        .setParameter(3, route.id())
        .setParameter(4, route.receiver())
        .setParameter(5, json(groupLabels))
        .setParameter(6, groupLabels.getOrDefault("team", null))
        .setParameter(7, groupLabels.getOrDefault("model", null))
        .setParameter(8, route.groupWait().toMillis())
        .setParameter(9, route.groupInterval().toMillis())
        .setParameter(10, route.repeatInterval().toMillis())
        .setParameter(11, route.escalation().orElse(null))
        .setParameter(12, now)
        .setParameter(13, now.plus(route.groupWait()))
        .executeUpdate();
    entityManager
        .createNativeQuery(
            "INSERT INTO group_member (group_id, fingerprint) VALUES (?1, ?2) ON CONFLICT DO"
                + " NOTHING")
        .setParameter(1, groupId)
        .setParameter(2, alert.fingerprint)
        .executeUpdate();
  }

  private void transition(AlertEntity alert, String summary) {
    AlertTransitionEntity transition = new AlertTransitionEntity();
    transition.fingerprint = alert.fingerprint;
    transition.status = alert.status;
    transition.at = alert.isFiring() ? alert.startsAt : alert.endsAt;
    transition.summary = summary;
    entityManager.persist(transition);
  }

  private List<AlertEntity> firingAlertsOf(String modelId, Optional<String> version) {
    return new ArrayList<>(
        entityManager
            .createQuery(
                "FROM AlertEntity WHERE modelId = :model AND (version = :version OR (version IS"
                    + " NULL AND :version IS NULL)) AND status = 'firing'",
                AlertEntity.class)
            .setParameter("model", modelId)
            .setParameter("version", version.orElse(null))
            .getResultList());
  }

  /** Records the events as processed in one statement; returns those not processed before. */
  private Set<String> markProcessed(String consumer, List<String> eventIds) {
    Set<String> fresh = new HashSet<>();
    entityManager
        .unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO processed_event (consumer, event_id, processed_at) SELECT ?,"
                          + " unnest(?), now() ON CONFLICT DO NOTHING RETURNING event_id")) {
                Array ids = connection.createArrayOf("varchar", eventIds.toArray());
                insert.setString(1, consumer);
                insert.setArray(2, ids);
                try (ResultSet inserted = insert.executeQuery()) {
                  while (inserted.next()) {
                    fresh.add(inserted.getString(1));
                  }
                }
              }
            });
    return fresh;
  }

  /** The alert as stored. */
  public Alert view(AlertEntity entity) {
    return new Alert(
        labels(entity.labels),
        labels(entity.annotations),
        AlertStatus.of(entity.status),
        entity.startsAt,
        Optional.ofNullable(entity.endsAt));
  }

  TreeMap<String, String> labels(String json) {
    try {
      return mapper.readValue(json, LABELS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored labels are not JSON", e);
    }
  }

  String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}

package dev.preflight.notifier.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.notifier.alerting.Alert;
import dev.preflight.notifier.alerting.AlertStatus;
import dev.preflight.notifier.alerting.CheckAlerts;
import dev.preflight.notifier.alerting.Receiver;
import dev.preflight.notifier.alerting.WebhookPayload;
import dev.preflight.notifier.config.NotifierConfig;
import dev.preflight.notifier.persistence.AlertEntity;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.support.persistence.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Turns probe results into alerts: a failed or unverifiable check fires an alert, a later pass
 * resolves it. Each state change queues a notification to every receiver of the team, in the same
 * transaction.
 */
@ApplicationScoped
public class AlertService {

  static final String CONSUMER = "probe-results";

  private static final Logger LOG = Logger.getLogger(AlertService.class);
  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

  private final EntityManager entityManager;
  private final RouteResolver routes;
  private final NotifierConfig config;
  private final ObjectMapper mapper;
  private final jakarta.enterprise.event.Event<NotificationsQueued> queued;

  public AlertService(
      EntityManager entityManager,
      RouteResolver routes,
      NotifierConfig config,
      ObjectMapper mapper,
      jakarta.enterprise.event.Event<NotificationsQueued> queued) {
    this.entityManager = entityManager;
    this.routes = routes;
    this.config = config;
    this.mapper = mapper;
    this.queued = queued;
  }

  /** Applies one check result; idempotent on the event id. */
  @Transactional
  public void onCheck(Event<CheckCompleted> event) {
    if (!ProcessedEvents.markProcessed(entityManager, CONSUMER, event.id())) {
      return;
    }
    CheckCompleted check = event.data();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String checklist = checklistLink(check.modelId(), check.version());
    List<AlertEntity> firingForCheck =
        firingAlertsOf(CheckAlerts.identity(check), check.modelId(), check.version());

    if (check.status() == CheckStatus.PASSED) {
      firingForCheck.forEach(alert -> resolve(alert, now, checklist));
      return;
    }
    Alert alert = CheckAlerts.firing(check, checklist, now);
    firingForCheck.stream()
        .filter(existing -> !existing.fingerprint.equals(alert.fingerprint()))
        .forEach(superseded -> resolve(superseded, now, checklist));
    AlertEntity entity = entityManager.find(AlertEntity.class, alert.fingerprint());
    if (entity != null && AlertStatus.FIRING.id().equals(entity.status)) {
      // Still firing: keep the newest evidence; repeating notifications is the routing's job.
      entity.annotations = json(alert.annotations());
      entity.updatedAt = now;
      return;
    }
    boolean isNew = entity == null;
    if (isNew) {
      entity = new AlertEntity();
      entity.fingerprint = alert.fingerprint();
    }
    entity.labels = json(alert.labels());
    entity.annotations = json(alert.annotations());
    entity.status = AlertStatus.FIRING.id();
    entity.team = check.team();
    entity.modelId = check.modelId();
    entity.version = check.version();
    entity.startsAt = now;
    entity.endsAt = null;
    entity.updatedAt = now;
    if (isNew) {
      entityManager.persist(entity);
    }
    queueNotifications(entity, alert, checklist);
  }

  private void resolve(AlertEntity entity, OffsetDateTime now, String checklist) {
    entity.status = AlertStatus.RESOLVED.id();
    entity.endsAt = now;
    entity.updatedAt = now;
    queueNotifications(entity, view(entity), checklist);
  }

  private void queueNotifications(AlertEntity entity, Alert alert, String generatorUrl) {
    List<Receiver> receivers = routes.resolve(entity.team);
    if (receivers.isEmpty()) {
      LOG.warnf(
          "alert %s of team %s has no receiver: nobody is notified",
          entity.fingerprint, entity.team);
      return;
    }
    SortedMap<String, String> groupLabels = new TreeMap<>();
    groupLabels.put("model", entity.modelId);
    groupLabels.put("team", entity.team);
    Optional.ofNullable(entity.version).ifPresent(v -> groupLabels.put("version", v));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (Receiver receiver : receivers) {
      NotificationEntity notification = new NotificationEntity();
      notification.receiver = receiver.name();
      notification.receiverType = receiver.type();
      notification.target = receiver.target();
      notification.fingerprint = entity.fingerprint;
      notification.alertStatus = alert.status().id();
      notification.team = entity.team;
      notification.modelId = entity.modelId;
      notification.payload =
          json(
              WebhookPayload.of(
                  receiver,
                  groupLabels,
                  List.of(alert),
                  config.externalUrl().toString(),
                  generatorUrl));
      notification.status = NotificationEntity.PENDING;
      notification.nextAttemptAt = now;
      notification.createdAt = now;
      entityManager.persist(notification);
    }
    queued.fire(new NotificationsQueued());
  }

  private List<AlertEntity> firingAlertsOf(
      Map<String, String> identity, String modelId, String version) {
    return entityManager
        .createQuery(
            "FROM AlertEntity WHERE modelId = :model AND version = :version AND status = :firing",
            AlertEntity.class)
        .setParameter("model", modelId)
        .setParameter("version", version)
        .setParameter("firing", AlertStatus.FIRING.id())
        .getResultList()
        .stream()
        .filter(alert -> labels(alert.labels).entrySet().containsAll(identity.entrySet()))
        .toList();
  }

  /** The alert as stored, for notifications. */
  public Alert view(AlertEntity entity) {
    return new Alert(
        labels(entity.labels),
        labels(entity.annotations),
        AlertStatus.of(entity.status),
        entity.startsAt,
        Optional.ofNullable(entity.endsAt));
  }

  private String checklistLink(String modelId, String version) {
    return config.checklistUrl()
        + "/api/v1/models/"
        + modelId
        + "/versions/"
        + version
        + "/checklist";
  }

  private TreeMap<String, String> labels(String json) {
    try {
      return mapper.readValue(json, LABELS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored labels are not JSON", e);
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}

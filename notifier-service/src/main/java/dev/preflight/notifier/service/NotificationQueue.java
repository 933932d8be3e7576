package dev.preflight.notifier.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.notifier.alerting.Alert;
import dev.preflight.notifier.alerting.AlertStatus;
import dev.preflight.notifier.alerting.Links;
import dev.preflight.notifier.alerting.NotificationBodies;
import dev.preflight.notifier.metrics.NotifierMetrics;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.notifier.routing.Integration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Writes notifications to the delivery log, in the caller's transaction: a notification exists
 * before anything is sent, and is sent after the transaction that decided it commits.
 */
@ApplicationScoped
public class NotificationQueue {

  /** The group a notification is about. */
  public record GroupRef(
      String id,
      String key,
      SortedMap<String, String> labels,
      Optional<String> team,
      Optional<String> modelId) {}

  private final EntityManager entityManager;
  private final Links links;
  private final NotifierMetrics metrics;
  private final ObjectMapper mapper;
  private final Event<NotificationsQueued> queued;

  public NotificationQueue(
      EntityManager entityManager,
      Links links,
      NotifierMetrics metrics,
      ObjectMapper mapper,
      Event<NotificationsQueued> queued) {
    this.entityManager = entityManager;
    this.links = links;
    this.metrics = metrics;
    this.mapper = mapper;
    this.queued = queued;
  }

  /**
   * The group's alerts to every integration of a receiver; PagerDuty gets one event per alert
   * (acknowledged alerts are not triggered again). Returns how many notifications were queued.
   */
  public int group(
      GroupRef group,
      String receiver,
      List<Integration> integrations,
      List<Alert> alerts,
      Set<String> acknowledged,
      String kind) {
    int count = 0;
    for (Integration integration : integrations) {
      List<Alert> listed =
          integration.sendResolved()
              ? alerts
              : alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
      if (listed.isEmpty()) {
        continue;
      }
      if (integration instanceof Integration.PagerDuty pagerDuty) {
        for (Alert alert : listed) {
          boolean firing = alert.status() == AlertStatus.FIRING;
          if (firing && acknowledged.contains(alert.fingerprint())) {
            continue;
          }
          String action = firing ? "trigger" : "resolve";
          add(
              group,
              receiver,
              integration,
              kind,
              Optional.of(alert),
              alert.status(),
              NotificationBodies.pagerDuty(pagerDuty, alert, action, links),
              pagerDutyOrder(pagerDuty, alert.fingerprint()));
          count++;
        }
      } else {
        add(
            group,
            receiver,
            integration,
            kind,
            Optional.empty(),
            listed.stream().anyMatch(a -> a.status() == AlertStatus.FIRING)
                ? AlertStatus.FIRING
                : AlertStatus.RESOLVED,
            NotificationBodies.group(
                integration, receiver, group.key(), group.labels(), listed, links),
            integration.type() + "|" + integration.target() + "|" + group.id());
        count++;
      }
    }
    if (count > 0) {
      queued.fire(new NotificationsQueued());
    }
    return count;
  }

  /** Tells PagerDuty an engineer took the alert on. */
  public void acknowledge(
      GroupRef group, String receiver, Integration.PagerDuty pagerDuty, Alert alert) {
    add(
        group,
        receiver,
        pagerDuty,
        NotificationEntity.ACKNOWLEDGE,
        Optional.of(alert),
        alert.status(),
        NotificationBodies.pagerDuty(pagerDuty, alert, "acknowledge", links),
        pagerDutyOrder(pagerDuty, alert.fingerprint()));
    queued.fire(new NotificationsQueued());
  }

  private static String pagerDutyOrder(Integration.PagerDuty pagerDuty, String fingerprint) {
    return "pagerduty|" + pagerDuty.routingKey() + "|" + fingerprint;
  }

  private void add(
      GroupRef group,
      String receiver,
      Integration integration,
      String kind,
      Optional<Alert> alert,
      AlertStatus status,
      JsonNode payload,
      String orderKey) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    NotificationEntity notification = new NotificationEntity();
    notification.receiver = receiver;
    notification.receiverType = integration.type();
    notification.target = integration.target();
    notification.groupId = group.id();
    notification.kind = kind;
    notification.orderKey = orderKey.length() > 400 ? orderKey.substring(0, 400) : orderKey;
    notification.fingerprint = alert.map(Alert::fingerprint).orElse(null);
    notification.alertStatus = status.id();
    notification.team = group.team().orElse(null);
    notification.modelId = group.modelId().orElse(null);
    notification.payload = json(payload);
    notification.status = NotificationEntity.PENDING;
    notification.nextAttemptAt = now;
    notification.createdAt = now;
    entityManager.persist(notification);
    metrics.queued(integration.type(), kind, 1);
  }

  private String json(JsonNode payload) {
    try {
      return mapper.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a notification", e);
    }
  }
}

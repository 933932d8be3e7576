package dev.preflight.notifier.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.notifier.persistence.AcknowledgementEntity;
import dev.preflight.notifier.persistence.AlertEntity;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.notifier.routing.Integration;
import dev.preflight.notifier.service.NotificationQueue.GroupRef;
import dev.preflight.support.rest.ConflictException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An engineer acknowledges a firing alert: its group stops repeating it and stops escalating, and
 * every PagerDuty service it triggered is told ({@code acknowledge}). The acknowledgement lasts
 * until the alert resolves.
 */
@ApplicationScoped
public class AcknowledgementService {

  private final EntityManager entityManager;
  private final AlertService alerts;
  private final NotificationQueue queue;
  private final ObjectMapper mapper;

  public AcknowledgementService(
      EntityManager entityManager,
      AlertService alerts,
      NotificationQueue queue,
      ObjectMapper mapper) {
    this.entityManager = entityManager;
    this.alerts = alerts;
    this.queue = queue;
    this.mapper = mapper;
  }

  /** Acknowledges; acknowledging an acknowledged alert changes nothing. */
  @Transactional
  public AlertEntity acknowledge(String fingerprint, Optional<String> comment, Caller caller) {
    AlertEntity alert = entityManager.find(AlertEntity.class, fingerprint);
    if (alert == null) {
      throw new NotFoundException("alert " + fingerprint + " does not exist");
    }
    caller.requireWritable(
        alert.team, () -> new NotFoundException("alert " + fingerprint + " does not exist"));
    if (!alert.isFiring()) {
      throw new ConflictException(
          "alert " + fingerprint + " is resolved; only a firing alert can be acknowledged");
    }
    if (alert.isAcknowledged()) {
      return alert;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    alert.acknowledgedAt = now;
    alert.acknowledgedBy = caller.name();
    alert.ackComment = comment.orElse(null);
    alert.updatedAt = now;
    AcknowledgementEntity ack = new AcknowledgementEntity();
    ack.fingerprint = fingerprint;
    ack.acknowledgedBy = caller.name();
    ack.comment = comment.orElse(null);
    ack.team = alert.team;
    ack.modelId = alert.modelId;
    ack.version = alert.version;
    ack.createdAt = now;
    entityManager.persist(ack);
    forwardToPagerDuty(alert);
    return alert;
  }

  /** Every PagerDuty service this alert was triggered on gets an {@code acknowledge} event. */
  private void forwardToPagerDuty(AlertEntity alert) {
    List<NotificationEntity> triggers =
        entityManager
            .createQuery(
                "FROM NotificationEntity WHERE fingerprint = :fp AND receiverType = 'pagerduty'"
                    + " AND kind IN ('group', 'escalation') AND alertStatus = 'firing'"
                    + " ORDER BY id",
                NotificationEntity.class)
            .setParameter("fp", alert.fingerprint)
            .getResultList();
    Set<String> told = new HashSet<>();
    for (NotificationEntity trigger : triggers) {
      JsonNode payload = tree(trigger.payload);
      String routingKey = payload.path("routing_key").asText();
      if (!told.add(routingKey + "|" + trigger.target)) {
        continue;
      }
      queue.acknowledge(
          new GroupRef(
              trigger.groupId,
              "",
              new TreeMap<>(),
              Optional.ofNullable(trigger.team),
              Optional.ofNullable(trigger.modelId)),
          trigger.receiver,
          new Integration.PagerDuty(routingKey, trigger.target, true),
          alerts.view(alert));
    }
  }

  public List<AcknowledgementEntity> list(Optional<String> modelId, Caller caller) {
    return entityManager
        .createQuery(
            "FROM AcknowledgementEntity WHERE (:model IS NULL OR modelId = :model)"
                + " AND (:all = TRUE OR team IN :teams) ORDER BY id DESC",
            AcknowledgementEntity.class)
        .setParameter("model", modelId.orElse(null))
        .setParameter("all", caller.readsAllTeams())
        .setParameter("teams", caller.teams().isEmpty() ? Set.of("") : caller.teams())
        .setMaxResults(500)
        .getResultList();
  }

  private JsonNode tree(String json) {
    try {
      return mapper.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException("stored notification is not JSON", e);
    }
  }
}

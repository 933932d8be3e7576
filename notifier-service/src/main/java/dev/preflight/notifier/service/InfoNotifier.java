package dev.preflight.notifier.service;

import dev.preflight.notifier.alerting.Alert;
import dev.preflight.notifier.alerting.AlertStatus;
import dev.preflight.notifier.alerting.Links;
import dev.preflight.notifier.persistence.ModelContactEntity;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.notifier.routing.Integration;
import dev.preflight.notifier.routing.RoutingTree;
import dev.preflight.notifier.routing.RoutingTree.Route;
import dev.preflight.notifier.service.NotificationQueue.GroupRef;
import dev.preflight.support.persistence.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Notable lifecycle changes (a version retired or promoted, a pipeline event refused because the
 * gate is closed) told once to the receivers their routes name, with severity {@code info}: no
 * group, no repeat, no escalation, never a page.
 */
@ApplicationScoped
public class InfoNotifier {

  static final String CONSUMER = "lifecycle-info";

  private final EntityManager entityManager;
  private final RoutingService routing;
  private final SilenceService silences;
  private final ReceiverDirectory directory;
  private final NotificationQueue queue;
  private final Links links;

  public InfoNotifier(
      EntityManager entityManager,
      RoutingService routing,
      SilenceService silences,
      ReceiverDirectory directory,
      NotificationQueue queue,
      Links links) {
    this.entityManager = entityManager;
    this.routing = routing;
    this.silences = silences;
    this.directory = directory;
    this.queue = queue;
    this.links = links;
  }

  /**
   * @param team empty when the event does not say; the model's registration tells
   */
  @Transactional
  public void notify(
      String eventId,
      String alertName,
      String modelId,
      Optional<String> version,
      Optional<String> team,
      String summary,
      String description) {
    if (!ProcessedEvents.markProcessed(entityManager, CONSUMER, eventId)) {
      return;
    }
    Optional<String> owningTeam =
        team.or(
            () ->
                Optional.ofNullable(entityManager.find(ModelContactEntity.class, modelId))
                    .map(c -> c.team));
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put("alertname", alertName);
    labels.put("model", modelId);
    version.ifPresent(v -> labels.put("version", v));
    owningTeam.ifPresent(t -> labels.put("team", t));
    labels.put("kind", "lifecycle");
    labels.put("severity", "info");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (silences.active(now).stream().anyMatch(s -> s.mutes(labels))) {
      return;
    }
    SortedMap<String, String> annotations = new TreeMap<>();
    annotations.put("summary", summary);
    annotations.put("description", description);
    version.ifPresent(v -> annotations.putAll(links.annotations(modelId, v)));
    Alert alert = new Alert(labels, annotations, AlertStatus.FIRING, now, Optional.of(now));
    RoutingTree tree = routing.tree();
    for (Route route : tree.match(labels)) {
      SortedMap<String, String> groupLabels = route.groupLabels(labels);
      String key = route.groupKey(groupLabels) + "/" + eventId;
      List<Integration> integrations =
          directory.integrations(tree, route.receiver(), Optional.of(modelId), owningTeam).stream()
              .filter(i -> !(i instanceof Integration.PagerDuty))
              .toList();
      queue.group(
          new GroupRef(
              RoutingService.sha256(key), key, groupLabels, owningTeam, Optional.of(modelId)),
          route.receiver(),
          integrations,
          List.of(alert),
          Set.of(),
          NotificationEntity.INFO);
    }
  }
}

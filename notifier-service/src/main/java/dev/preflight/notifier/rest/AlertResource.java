package dev.preflight.notifier.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.notifier.persistence.AlertEntity;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Alerts and the delivery log, for on-call engineers of the alerts' teams. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
@SecurityRequirement(name = "SecurityScheme")
public class AlertResource {

  private static final int LIMIT = 500;

  private final EntityManager entityManager;
  private final Caller caller;
  private final com.fasterxml.jackson.databind.ObjectMapper mapper;

  public AlertResource(
      EntityManager entityManager,
      Caller caller,
      com.fasterxml.jackson.databind.ObjectMapper mapper) {
    this.entityManager = entityManager;
    this.caller = caller;
    this.mapper = mapper;
  }

  public record AlertView(
      String fingerprint,
      String status,
      JsonNode labels,
      JsonNode annotations,
      OffsetDateTime startsAt,
      Optional<OffsetDateTime> endsAt) {}

  public record NotificationView(
      long id,
      String receiver,
      String receiverType,
      String fingerprint,
      String alertStatus,
      String modelId,
      String status,
      int attempts,
      Optional<Integer> lastStatusCode,
      Optional<String> lastError,
      OffsetDateTime createdAt,
      Optional<OffsetDateTime> deliveredAt) {}

  @GET
  @Path("/alerts")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<AlertView> alerts(
      @QueryParam("modelId") String modelId, @QueryParam("status") String status) {
    return entityManager
        .createQuery(
            "FROM AlertEntity WHERE (:model IS NULL OR modelId = :model) AND (:status IS NULL OR"
                + " status = :status) AND (:all = TRUE OR team IN :teams) ORDER BY updatedAt DESC",
            AlertEntity.class)
        .setParameter("model", modelId)
        .setParameter("status", status)
        .setParameter("all", caller.readsAllTeams())
        .setParameter("teams", teams())
        .setMaxResults(LIMIT)
        .getResultList()
        .stream()
        .map(
            a ->
                new AlertView(
                    a.fingerprint,
                    a.status,
                    tree(a.labels),
                    tree(a.annotations),
                    a.startsAt,
                    Optional.ofNullable(a.endsAt)))
        .toList();
  }

  /** The delivery log: every notification, its attempts and its outcome. */
  @GET
  @Path("/notifications")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<NotificationView> notifications(@QueryParam("modelId") String modelId) {
    return entityManager
        .createQuery(
            "FROM NotificationEntity WHERE (:model IS NULL OR modelId = :model)"
                + " AND (:all = TRUE OR team IN :teams) ORDER BY id DESC",
            NotificationEntity.class)
        .setParameter("model", modelId)
        .setParameter("all", caller.readsAllTeams())
        .setParameter("teams", teams())
        .setMaxResults(LIMIT)
        .getResultList()
        .stream()
        .map(
            n ->
                new NotificationView(
                    n.id,
                    n.receiver,
                    n.receiverType,
                    n.fingerprint,
                    n.alertStatus,
                    n.modelId,
                    n.status,
                    n.attempts,
                    Optional.ofNullable(n.lastStatusCode),
                    Optional.ofNullable(n.lastError),
                    n.createdAt,
                    Optional.ofNullable(n.deliveredAt)))
        .toList();
  }

  /** A query parameter list must not be empty. */
  private Set<String> teams() {
    Set<String> teams = caller.teams();
    return teams.isEmpty() ? Set.of("") : teams;
  }

  private JsonNode tree(String json) {
    try {
      return mapper.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }
}

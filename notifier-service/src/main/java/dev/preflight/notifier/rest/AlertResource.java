package dev.preflight.notifier.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.notifier.persistence.AcknowledgementEntity;
import dev.preflight.notifier.persistence.AlertEntity;
import dev.preflight.notifier.persistence.AlertGroupEntity;
import dev.preflight.notifier.persistence.AlertTransitionEntity;
import dev.preflight.notifier.persistence.GroupMember;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.notifier.service.AcknowledgementService;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Alerts, their history and acknowledgements, and the delivery log, for the alerts' teams. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
@SecurityRequirement(name = "SecurityScheme")
public class AlertResource {

  private static final int LIMIT = 500;

  private final EntityManager entityManager;
  private final Caller caller;
  private final ObjectMapper mapper;
  private final AcknowledgementService acknowledgements;

  public AlertResource(
      EntityManager entityManager,
      Caller caller,
      ObjectMapper mapper,
      AcknowledgementService acknowledgements) {
    this.entityManager = entityManager;
    this.caller = caller;
    this.mapper = mapper;
    this.acknowledgements = acknowledgements;
  }

  public record Acknowledged(String by, OffsetDateTime at, Optional<String> comment) {}

  public record AlertView(
      String fingerprint,
      String status,
      JsonNode labels,
      JsonNode annotations,
      OffsetDateTime startsAt,
      Optional<OffsetDateTime> endsAt,
      Optional<Acknowledged> acknowledged) {}

  public record Transition(String status, OffsetDateTime at, Optional<String> summary) {}

  public record AlertDetail(AlertView alert, List<Transition> history) {}

  public record AcknowledgementRequest(Optional<String> comment) {}

  public record AcknowledgementView(
      long id,
      String fingerprint,
      String acknowledgedBy,
      Optional<String> comment,
      String modelId,
      Optional<String> version,
      OffsetDateTime at) {}

  public record NotificationView(
      long id,
      String kind,
      String receiver,
      String receiverType,
      Optional<String> fingerprint,
      Optional<String> groupId,
      Optional<String> alertStatus,
      Optional<String> modelId,
      String status,
      int attempts,
      Optional<Integer> lastStatusCode,
      Optional<String> lastError,
      OffsetDateTime createdAt,
      Optional<OffsetDateTime> sentAt) {}

  /** An aggregation group as the routing tree made it, and the alerts in it. */
  public record GroupView(
      String id,
      String receiver,
      String routeId,
      JsonNode groupLabels,
      Optional<String> team,
      Optional<String> modelId,
      Optional<OffsetDateTime> lastNotifiedAt,
      List<String> fingerprints) {}

  /**
   * The aggregation groups that hold alerts, as Alertmanager's {@code /api/v2/alerts/groups}: which
   * receiver each notifies and which alerts it holds; most recently notified first.
   */
  @GET
  @Path("/alert-groups")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<GroupView> groups(
      @QueryParam("receiver") String receiver, @QueryParam("team") String team) {
    List<AlertGroupEntity> groups =
        entityManager
            .createQuery(
                "FROM AlertGroupEntity g WHERE (:receiver IS NULL OR g.receiver = :receiver)"
                    + " AND (:team IS NULL OR g.team = :team)"
                    + " AND (:all = TRUE OR g.team IN :teams)"
                    + " AND EXISTS (SELECT 1 FROM GroupMember m WHERE m.groupId = g.id)"
                    + " ORDER BY g.lastNotifiedAt DESC NULLS FIRST, g.createdAt DESC",
                AlertGroupEntity.class)
            .setParameter("receiver", receiver)
            .setParameter("team", team)
            .setParameter("all", caller.readsAllTeams())
            .setParameter("teams", teams())
            .setMaxResults(LIMIT)
            .getResultList();
    Map<String, List<String>> members = new HashMap<>();
    if (!groups.isEmpty()) {
      entityManager
          .createQuery(
              "FROM GroupMember WHERE groupId IN :ids ORDER BY fingerprint", GroupMember.class)
          .setParameter("ids", groups.stream().map(g -> g.id).toList())
          .getResultList()
          .forEach(
              m -> members.computeIfAbsent(m.groupId, id -> new ArrayList<>()).add(m.fingerprint));
    }
    return groups.stream()
        .map(
            g ->
                new GroupView(
                    g.id,
                    g.receiver,
                    g.routeId,
                    tree(g.groupLabels),
                    Optional.ofNullable(g.team),
                    Optional.ofNullable(g.modelId),
                    Optional.ofNullable(g.lastNotifiedAt),
                    members.getOrDefault(g.id, List.of())))
        .toList();
  }

  /** Active alerts ({@code status=firing}) and past ones, newest change first. */
  @GET
  @Path("/alerts")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<AlertView> alerts(
      @QueryParam("modelId") String modelId,
      @QueryParam("version") String version,
      @QueryParam("team") String team,
      @QueryParam("status") String status) {
    return entityManager
        .createQuery(
            "FROM AlertEntity WHERE (:model IS NULL OR modelId = :model)"
                + " AND (:version IS NULL OR version = :version)"
                + " AND (:team IS NULL OR team = :team)"
                + " AND (:status IS NULL OR status = :status)"
                + " AND (:all = TRUE OR team IN :teams) ORDER BY updatedAt DESC",
            AlertEntity.class)
        .setParameter("model", modelId)
        .setParameter("version", version)
        .setParameter("team", team)
        .setParameter("status", status)
        .setParameter("all", caller.readsAllTeams())
        .setParameter("teams", teams())
        .setMaxResults(LIMIT)
        .getResultList()
        .stream()
        .map(this::view)
        .toList();
  }

  /** One alert and every firing and resolution of it. */
  @GET
  @Path("/alerts/{fingerprint}")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public AlertDetail alert(@PathParam("fingerprint") String fingerprint) {
    AlertEntity alert = visible(fingerprint);
    List<Transition> history =
        entityManager
            .createQuery(
                "FROM AlertTransitionEntity WHERE fingerprint = :fp ORDER BY id",
                AlertTransitionEntity.class)
            .setParameter("fp", fingerprint)
            .getResultList()
            .stream()
            .map(t -> new Transition(t.status, t.at, Optional.ofNullable(t.summary)))
            .toList();
    return new AlertDetail(view(alert), history);
  }

  /**
   * An engineer takes the alert on: its repeats and escalation stop, and PagerDuty is told.
   * Acknowledging twice changes nothing; a resolved alert cannot be acknowledged (409).
   */
  @POST
  @Path("/alerts/{fingerprint}/acknowledgement")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ENGINEER, Roles.ADMIN})
  public AlertView acknowledge(
      @PathParam("fingerprint") String fingerprint, AcknowledgementRequest request) {
    Optional<String> comment =
        Optional.ofNullable(request).flatMap(AcknowledgementRequest::comment);
    return view(acknowledgements.acknowledge(fingerprint, comment, caller));
  }

  @GET
  @Path("/acknowledgements")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<AcknowledgementView> acknowledgements(@QueryParam("modelId") String modelId) {
    return acknowledgements.list(Optional.ofNullable(modelId), caller).stream()
        .map(AlertResource::view)
        .toList();
  }

  /** The delivery log: every notification, its attempts and its outcome. */
  @GET
  @Path("/notifications")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<NotificationView> notifications(
      @QueryParam("modelId") String modelId,
      @QueryParam("status") String status,
      @QueryParam("receiver") String receiver,
      @QueryParam("fingerprint") String fingerprint,
      @QueryParam("groupId") String groupId) {
    return entityManager
        .createQuery(
            "FROM NotificationEntity WHERE (:model IS NULL OR modelId = :model)"
                + " AND (:status IS NULL OR status = :status)"
                + " AND (:receiver IS NULL OR receiver = :receiver)"
                + " AND (:fp IS NULL OR fingerprint = :fp)"
                + " AND (:group IS NULL OR groupId = :group)"
                + " AND (:all = TRUE OR team IN :teams) ORDER BY id DESC",
            NotificationEntity.class)
        .setParameter("model", modelId)
        .setParameter("status", status)
        .setParameter("receiver", receiver)
        .setParameter("fp", fingerprint)
        .setParameter("group", groupId)
        .setParameter("all", caller.readsAllTeams())
        .setParameter("teams", teams())
        .setMaxResults(LIMIT)
        .getResultList()
        .stream()
        .map(
            n ->
                new NotificationView(
                    n.id,
                    n.kind,
                    n.receiver,
                    n.receiverType,
                    Optional.ofNullable(n.fingerprint),
                    Optional.ofNullable(n.groupId),
                    Optional.ofNullable(n.alertStatus),
                    Optional.ofNullable(n.modelId),
                    n.status,
                    n.attempts,
                    Optional.ofNullable(n.lastStatusCode),
                    Optional.ofNullable(n.lastError),
                    n.createdAt,
                    Optional.ofNullable(n.deliveredAt)))
        .toList();
  }

  private AlertEntity visible(String fingerprint) {
    AlertEntity alert = entityManager.find(AlertEntity.class, fingerprint);
    if (alert == null || !caller.mayRead(alert.team)) {
      throw new NotFoundException("alert " + fingerprint + " does not exist");
    }
    return alert;
  }

  private AlertView view(AlertEntity a) {
    return new AlertView(
        a.fingerprint,
        a.status,
        tree(a.labels),
        tree(a.annotations),
        a.startsAt,
        Optional.ofNullable(a.endsAt),
        Optional.ofNullable(a.acknowledgedAt)
            .map(at -> new Acknowledged(a.acknowledgedBy, at, Optional.ofNullable(a.ackComment))));
  }

  private static AcknowledgementView view(AcknowledgementEntity a) {
    return new AcknowledgementView(
        a.id,
        a.fingerprint,
        a.acknowledgedBy,
        Optional.ofNullable(a.comment),
        a.modelId,
        Optional.ofNullable(a.version),
        a.createdAt);
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

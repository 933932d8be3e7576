package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.console.Json2.Fact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The alerts page's model: the notifier's aggregation groups as the routing tree made them, each
 * with its alerts (labels, annotations, state, acknowledgement) and the notifications sent for
 * them, narrowed by the filters in the query string. Alerts no group holds (silenced or inhibited
 * before they were grouped, or out of every route) are listed apart.
 */
final class AlertBoard {

  static final List<String> STATES = List.of("firing", "resolved", "all");
  static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

  /** Labels every Preflight alert has, shown in the alert's heading rather than its label list. */
  private static final Set<String> HEADLINE = Set.of("alertname", "model", "version", "severity");

  private AlertBoard() {}

  /** What the page shows, as the query string says it. Empty means any. */
  public record Filters(String receiver, String team, String severity, String state) {

    static Filters of(String receiver, String team, String severity, String state) {
      return new Filters(
          clean(receiver),
          clean(team),
          clean(severity),
          STATES.contains(clean(state)) ? clean(state) : "firing");
    }

    boolean shows(Alert alert) {
      return (severity.isEmpty() || severity.equals(alert.severity()))
          && (team.isEmpty() || team.equals(alert.team()))
          && (state.equals("all") || state.equals(alert.status()));
    }

    boolean shows(Group group) {
      return receiver.isEmpty() || receiver.equals(group.receiver());
    }

    /** The page's query string, for links back to it. */
    public String query() {
      StringBuilder query = new StringBuilder("state=").append(Json2.query(state));
      if (!receiver.isEmpty()) {
        query.append("&receiver=").append(Json2.query(receiver));
      }
      if (!team.isEmpty()) {
        query.append("&team=").append(Json2.query(team));
      }
      if (!severity.isEmpty()) {
        query.append("&severity=").append(Json2.query(severity));
      }
      return query.toString();
    }

    private static String clean(String value) {
      return value == null ? "" : value.strip();
    }
  }

  /** One alert as the page shows it. */
  public record Alert(
      String fingerprint,
      String name,
      String status,
      String severity,
      String summary,
      String modelId,
      String version,
      String team,
      List<Fact> labels,
      List<Fact> annotations,
      String startsAt,
      String endsAt,
      Optional<Acknowledged> acknowledged,
      List<Delivery> deliveries) {

    public boolean firing() {
      return status.equals("firing");
    }

    public String versionLink() {
      return "/models/" + Json2.segment(modelId) + "/versions/" + Json2.segment(version);
    }

    public String link() {
      return "/alerts/" + Json2.segment(fingerprint);
    }

    /** The silence form, its matchers taken from this alert. */
    public String silenceLink() {
      return "/silences/new?alert=" + Json2.query(fingerprint);
    }
  }

  public record Acknowledged(String by, String at, String comment) {}

  /** One notification sent for an alert or its group, with its delivery attempts. */
  public record Delivery(
      String receiver,
      String receiverType,
      String kind,
      String alertStatus,
      String status,
      int attempts,
      String lastStatusCode,
      String lastError,
      String createdAt,
      String sentAt) {}

  /** An aggregation group with the alerts of it the filters show. */
  public record Group(
      String id,
      String receiver,
      String team,
      List<Fact> groupLabels,
      String lastNotifiedAt,
      List<Alert> alerts,
      int index,
      Set<String> shownBefore) {

    /**
     * What an alert's card is known by on the page: its fingerprint where it first appears, with
     * the group's index where it appears again (an alert routed to two receivers is in two groups).
     */
    public String key(Alert alert) {
      return shownBefore.contains(alert.fingerprint())
          ? alert.fingerprint() + "-" + index
          : alert.fingerprint();
    }

    public String title() {
      return groupLabels.isEmpty()
          ? "every alert of the route"
          : String.join(", ", groupLabels.stream().map(f -> f.name() + "=" + f.value()).toList());
    }

    public long firing() {
      return alerts.stream().filter(Alert::firing).count();
    }
  }

  /** The page: its groups and what the filters may choose from. */
  public record Board(
      List<Group> groups,
      List<String> receivers,
      List<String> teams,
      List<String> severities,
      long alerts,
      long firing) {}

  /** One alert by itself, with its history: the alert's own page. */
  static Alert alert(JsonNode alert, JsonNode notifications, Set<String> groups) {
    return alert(alert, deliveries(notifications), groups);
  }

  static Board of(JsonNode groups, JsonNode alerts, JsonNode notifications, Filters filters) {
    Map<String, JsonNode> byFingerprint = new LinkedHashMap<>();
    for (JsonNode alert : alerts) {
      byFingerprint.put(Json2.text(alert, "fingerprint"), alert);
    }
    List<JsonNode> deliveries = deliveries(notifications);
    Map<String, Set<String>> groupsOf = new LinkedHashMap<>();
    for (JsonNode group : groups) {
      for (JsonNode fingerprint : group.path("fingerprints")) {
        groupsOf
            .computeIfAbsent(fingerprint.asText(), f -> new HashSet<>())
            .add(Json2.text(group, "id"));
      }
    }
    Set<String> receivers = new TreeSet<>();
    Set<String> teams = new TreeSet<>();
    Set<String> severities = new TreeSet<>(SEVERITIES);
    Map<String, Alert> shown = new LinkedHashMap<>();
    for (JsonNode json : byFingerprint.values()) {
      Alert alert =
          alert(json, deliveries, groupsOf.getOrDefault(Json2.text(json, "fingerprint"), Set.of()));
      if (!alert.team().isEmpty()) {
        teams.add(alert.team());
      }
      if (!alert.severity().isEmpty()) {
        severities.add(alert.severity());
      }
      if (filters.shows(alert)) {
        shown.put(alert.fingerprint(), alert);
      }
    }
    List<Group> board = new ArrayList<>();
    Set<String> grouped = new HashSet<>();
    for (JsonNode json : groups) {
      receivers.add(Json2.text(json, "receiver"));
      List<Alert> members = new ArrayList<>();
      for (JsonNode fingerprint : json.path("fingerprints")) {
        Alert alert = shown.get(fingerprint.asText());
        if (alert != null) {
          members.add(alert);
        }
      }
      Group group =
          new Group(
              Json2.text(json, "id"),
              Json2.text(json, "receiver"),
              Json2.text(json, "team"),
              Json2.facts(json.path("groupLabels")),
              Json2.time(Json2.text(json, "lastNotifiedAt")),
              sorted(members),
              board.size(),
              Set.copyOf(grouped));
      if (!members.isEmpty() && filters.shows(group)) {
        board.add(group);
        members.forEach(a -> grouped.add(a.fingerprint()));
      }
    }
    List<Alert> loose =
        shown.values().stream().filter(a -> !groupsOf.containsKey(a.fingerprint())).toList();
    if (!loose.isEmpty() && filters.receiver().isEmpty()) {
      board.add(new Group("", "", "", List.of(), "", sorted(loose), board.size(), Set.of()));
      loose.forEach(a -> grouped.add(a.fingerprint()));
    }
    long firing =
        shown.values().stream()
            .filter(a -> grouped.contains(a.fingerprint()) && a.firing())
            .count();
    return new Board(
        board,
        List.copyOf(receivers),
        List.copyOf(teams),
        List.copyOf(severities),
        grouped.size(),
        firing);
  }

  /** Firing first, then the most severe, then the newest. */
  private static List<Alert> sorted(List<Alert> alerts) {
    return alerts.stream()
        .sorted(
            Comparator.comparing((Alert a) -> !a.firing())
                .thenComparing(a -> rank(a.severity()))
                .thenComparing(Alert::startsAt, Comparator.reverseOrder()))
        .toList();
  }

  private static int rank(String severity) {
    int rank = SEVERITIES.indexOf(severity);
    return rank < 0 ? SEVERITIES.size() : rank;
  }

  private static List<JsonNode> deliveries(JsonNode notifications) {
    List<JsonNode> list = new ArrayList<>();
    notifications.forEach(list::add);
    return list;
  }

  private static Alert alert(JsonNode alert, List<JsonNode> notifications, Set<String> groups) {
    JsonNode labels = alert.path("labels");
    JsonNode annotations = alert.path("annotations");
    String fingerprint = Json2.text(alert, "fingerprint");
    List<Fact> shownLabels = new ArrayList<>();
    for (Fact label : Json2.facts(labels)) {
      if (!HEADLINE.contains(label.name())) {
        shownLabels.add(label);
      }
    }
    List<Fact> shownAnnotations = new ArrayList<>();
    for (Fact annotation : Json2.facts(annotations)) {
      if (!annotation.name().equals("summary")) {
        shownAnnotations.add(annotation);
      }
    }
    JsonNode ack = alert.path("acknowledged");
    Optional<Acknowledged> acknowledged =
        ack.isObject()
            ? Optional.of(
                new Acknowledged(
                    Json2.text(ack, "by"),
                    Json2.time(Json2.text(ack, "at")),
                    Json2.text(ack, "comment")))
            : Optional.empty();
    List<Delivery> deliveries = new ArrayList<>();
    for (JsonNode n : notifications) {
      String of = Json2.text(n, "fingerprint");
      boolean forAlert =
          of.isEmpty() ? groups.contains(Json2.text(n, "groupId")) : of.equals(fingerprint);
      if (forAlert) {
        deliveries.add(
            new Delivery(
                Json2.text(n, "receiver"),
                Json2.text(n, "receiverType"),
                Json2.text(n, "kind"),
                Json2.text(n, "alertStatus"),
                Json2.text(n, "status"),
                n.path("attempts").asInt(),
                Json2.text(n, "lastStatusCode"),
                Json2.text(n, "lastError"),
                Json2.time(Json2.text(n, "createdAt")),
                Json2.time(Json2.text(n, "sentAt"))));
      }
    }
    return new Alert(
        fingerprint,
        Json2.text(labels, "alertname"),
        Json2.text(alert, "status"),
        Json2.text(labels, "severity"),
        annotations.path("summary").asText(Json2.text(labels, "alertname")),
        Json2.text(labels, "model"),
        Json2.text(labels, "version"),
        Json2.text(labels, "team"),
        shownLabels,
        shownAnnotations,
        Json2.time(Json2.text(alert, "startsAt")),
        Json2.time(Json2.text(alert, "endsAt")),
        acknowledged,
        deliveries);
  }
}

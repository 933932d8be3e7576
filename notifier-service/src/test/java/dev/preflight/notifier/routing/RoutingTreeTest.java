package dev.preflight.notifier.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.notifier.routing.RoutingTree.InvalidRoutingException;
import dev.preflight.notifier.routing.RoutingTree.Route;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTreeTest {

  private static final String DOCUMENT =
      """
      route:
        receiver: owner
        group_by: [model, version]
        routes:
          - matchers: ['severity="critical"', 'team=~"fraud|risk"']
            receiver: pager
            group_wait: 10s
            continue: true
            routes:
              - matchers: ['kind="downtime"']
                receiver: sre
          - matchers: ['team!="recsys"']
            receiver: chat
            repeat_interval: 1h
          - matchers: ['team!~"rec.*"']
            receiver: never-reached
      receivers:
        - name: pager
          pagerduty_configs: [{routing_key: abc}]
        - name: sre
          webhook_configs: [{url: 'https://sre.acme.dev/hook'}]
        - name: chat
          slack_configs: [{api_url: 'https://hooks.slack.com/services/T/B/X', channel: '#ml'}]
        - name: never-reached
          email_configs: [{to: 'x@acme.dev'}]
      """;

  private final RoutingTree tree = RoutingDocuments.compile(DOCUMENT);

  @Test
  void theDeepestMatchingRouteWinsAndContinueLetsSiblingsMatch() {
    List<Route> critical =
        tree.match(Map.of("severity", "critical", "team", "fraud", "kind", "drift"));
    assertThat(critical).extracting(Route::receiver).containsExactly("pager", "chat");

    List<Route> down =
        tree.match(Map.of("severity", "critical", "team", "risk", "kind", "downtime"));
    assertThat(down).extracting(Route::receiver).containsExactly("sre", "chat");

    assertThat(tree.match(Map.of("team", "recsys")))
        .extracting(Route::receiver)
        .containsExactly("owner");
    assertThat(tree.match(Map.of("team", "fraud", "severity", "warning")))
        .extracting(Route::receiver)
        .containsExactly("chat");
  }

  @Test
  void childrenInheritTimersAndGroupingAndTheDefaultsAreAlertmanagers() {
    Route pager = tree.match(Map.of("severity", "critical", "team", "fraud")).get(0);
    assertThat(pager.groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(pager.groupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(pager.repeatInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(pager.groupBy()).containsExactly("model", "version");
    Route chat = tree.match(Map.of("team", "fraud")).get(0);
    assertThat(chat.repeatInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(chat.groupWait()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theOwnerReceiverAlwaysGroupsPerModelAndTheGroupKeyNamesRouteAndLabels() {
    Route owner = tree.match(Map.of("team", "recsys", "model", "m", "version", "1")).get(0);
    assertThat(owner.groupBy()).contains("model", "team", "version");
    Map<String, String> labels =
        Map.of("team", "recsys", "model", "m", "version", "1", "kind", "x");
    assertThat(owner.groupKey(owner.groupLabels(labels)))
        .isEqualTo("{}:{model=\"m\", team=\"recsys\", version=\"1\"}");
    Route pager = tree.match(Map.of("severity", "critical", "team", "fraud")).get(0);
    assertThat(pager.id()).isEqualTo("{}/{severity=\"critical\",team=~\"fraud|risk\"}/0");
  }

  @Test
  void matchersFollowAlertmanagerSemantics() {
    assertThat(Matcher.parse("team=~\"fraud|risk\"").matches(Map.of("team", "fraud"))).isTrue();
    assertThat(Matcher.parse("team=~\"fraud\"").matches(Map.of("team", "fraudulent"))).isFalse();
    assertThat(Matcher.parse("team!~\"rec.*\"").matches(Map.of("team", "recsys"))).isFalse();
    assertThat(Matcher.parse("team!=\"a\"").matches(Map.of())).isTrue();
    assertThat(Matcher.parse("team=\"\"").matches(Map.of())).isTrue();
    assertThat(Matcher.parse("severity=critical").value()).isEqualTo("critical");
    assertThat(Matcher.parse("summary=\"a \\\"quoted\\\" word\"").value())
        .isEqualTo("a \"quoted\" word");
    assertThat(Matcher.parse(Matcher.parse("x=~\"a|b\"").toString()))
        .isEqualTo(Matcher.parse("x=~\"a|b\""));
    assertThatThrownBy(() -> Matcher.parse("team=~\"(\""))
        .hasMessageContaining("regular expression");
    assertThatThrownBy(() -> Matcher.parse("9team=\"x\"")).hasMessageContaining("not of the form");
  }

  @Test
  void theDefaultDocumentSendsToTheOwnerAndDowntimeInhibitsItsSymptoms() {
    RoutingTree defaults = RoutingDocuments.compile(RoutingDocuments.DEFAULT);
    Map<String, String> downtime =
        Map.of("model", "m", "version", "1", "kind", "downtime", "team", "t");
    Map<String, String> latency =
        Map.of("model", "m", "version", "1", "kind", "latency", "team", "t");
    Map<String, String> otherVersion =
        Map.of("model", "m", "version", "2", "kind", "latency", "team", "t");
    Map<String, String> accuracy =
        Map.of("model", "m", "version", "1", "kind", "accuracy", "team", "t");
    assertThat(defaults.match(latency)).extracting(Route::receiver).containsExactly("owner");
    assertThat(defaults.inhibited(latency, List.of(downtime))).isTrue();
    assertThat(defaults.inhibited(otherVersion, List.of(downtime))).isFalse();
    assertThat(defaults.inhibited(accuracy, List.of(downtime))).isFalse();
    assertThat(defaults.inhibited(downtime, List.of(downtime))).isFalse();
  }

  @Test
  void anInvalidDocumentListsEveryProblemWithItsPath() {
    String invalid =
        """
        route:
          receiver: nobody
          group_wait: soon
          routes:
            - matchers: ['team=~"("']
              escalation: missing
        receivers:
          - name: owner
          - name: hook
            webhook_configs: [{url: 'ftp://x'}]
        escalation_policies:
          - name: p
            levels:
              - {after: 5m, receiver: hook}
              - {after: 1m, receiver: ghost}
        """;
    assertThatThrownBy(() -> RoutingDocuments.compile(invalid))
        .isInstanceOfSatisfying(
            InvalidRoutingException.class,
            e ->
                assertThat(e.errors())
                    .anyMatch(m -> m.startsWith("receivers[0].name"))
                    .anyMatch(m -> m.startsWith("receivers[1].webhook_configs[0].url"))
                    .anyMatch(m -> m.startsWith("escalation_policies[0].levels[1].receiver"))
                    .anyMatch(m -> m.startsWith("escalation_policies[0].levels[1].after"))
                    .anyMatch(m -> m.startsWith("route.receiver"))
                    .anyMatch(m -> m.startsWith("route.group_wait"))
                    .anyMatch(m -> m.startsWith("route.routes[0].matchers[0]"))
                    .anyMatch(m -> m.startsWith("route.routes[0].escalation")));
    assertThatThrownBy(() -> RoutingDocuments.compile("route: {receiver: owner, grup_by: [a]}"))
        .hasMessageContaining("unknown field 'grup_by'");
  }

  @Test
  void durationsReadAsInPrometheus() {
    assertThat(PromDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(PromDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(PromDuration.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThatThrownBy(() -> PromDuration.parse("5 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

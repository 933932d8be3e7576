package dev.preflight.notifier.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The routing document in Alertmanager's shape (YAML or JSON): a routing tree, receivers,
 * inhibition rules, and Preflight's escalation policies. The built-in receiver {@code owner} is the
 * model's owner (e-mail from the registration) and its team's channel.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingConfig(
    RouteSpec route,
    List<ReceiverSpec> receivers,
    @JsonProperty("inhibit_rules") List<InhibitRuleSpec> inhibitRules,
    @JsonProperty("escalation_policies") List<EscalationPolicySpec> escalationPolicies) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RouteSpec(
      String receiver,
      List<String> matchers,
      @JsonProperty("group_by") List<String> groupBy,
      @JsonProperty("group_wait") String groupWait,
      @JsonProperty("group_interval") String groupInterval,
      @JsonProperty("repeat_interval") String repeatInterval,
      @JsonProperty("continue") Boolean continueMatching,
      String escalation,
      List<RouteSpec> routes) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReceiverSpec(
      String name,
      @JsonProperty("webhook_configs") List<WebhookSpec> webhookConfigs,
      @JsonProperty("slack_configs") List<SlackSpec> slackConfigs,
      @JsonProperty("pagerduty_configs") List<PagerDutySpec> pagerdutyConfigs,
      @JsonProperty("email_configs") List<EmailSpec> emailConfigs) {}

  /**
   * @param secret signs the body (HMAC-SHA256); the service-wide webhook secret when absent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WebhookSpec(
      String url,
      String secret,
      @JsonProperty("send_resolved") Boolean sendResolved,
      @JsonProperty("max_alerts") Integer maxAlerts) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SlackSpec(
      @JsonProperty("api_url") String apiUrl,
      String channel,
      String username,
      @JsonProperty("send_resolved") Boolean sendResolved) {}

  /**
   * @param url the Events API v2 endpoint; PagerDuty's when absent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PagerDutySpec(
      @JsonProperty("routing_key") String routingKey,
      String url,
      @JsonProperty("send_resolved") Boolean sendResolved) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EmailSpec(String to, @JsonProperty("send_resolved") Boolean sendResolved) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InhibitRuleSpec(
      @JsonProperty("source_matchers") List<String> sourceMatchers,
      @JsonProperty("target_matchers") List<String> targetMatchers,
      List<String> equal) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EscalationPolicySpec(String name, List<LevelSpec> levels) {}

  /**
   * @param after how long after the group's first notification its alerts may stay unacknowledged
   *     before this level is notified
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LevelSpec(String after, String receiver) {}
}

package dev.preflight.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of notifier-service ({@code preflight.notifier.*}). */
@ConfigMapping(prefix = "preflight.notifier")
public interface NotifierConfig {

  /**
   * The URL on-call engineers reach this service at; the {@code externalURL} of webhook payloads.
   */
  @WithDefault("http://127.0.0.1:8084")
  URI externalUrl();

  /** checklist-service's public URL; alerts link to the version's checklist there. */
  @WithDefault("http://127.0.0.1:8081")
  URI checklistUrl();

  /**
   * The console's public URL: notifications link people to its pages of the alert and the version
   * (they sign in there). Without it, they link to the REST resources.
   */
  Optional<URI> consoleUrl();

  /**
   * The webhook of teams that have none of their own; {@code {team}} is replaced by the team, e.g.
   * {@code https://hooks.acme.dev/preflight/{team}}.
   */
  Optional<String> defaultWebhookUrl();

  /** Signs webhook bodies ({@code X-Preflight-Signature}, HMAC-SHA256) when set. */
  Optional<String> webhookSecret();

  /**
   * The routing document (YAML, Alertmanager's shape) imported at start when it changed since its
   * last import; {@code PUT /api/v1/routing} replaces it at run time. Without one, every alert goes
   * to the model's owner and team channel.
   */
  Optional<String> routingFile();

  /** A link to the runbook of an alert; {@code {kind}} and {@code {check}} are filled in. */
  Optional<String> runbookUrl();

  /** Whether the built-in {@code owner} receiver e-mails the model's owner (needs SMTP). */
  @WithDefault("true")
  boolean ownerEmail();

  /** Channels per team, e.g. {@code preflight.notifier.teams.fraud.webhook-url}. */
  Map<String, Team> teams();

  /** Aggregation groups: how often due groups are looked for. */
  @WithDefault("1S")
  Duration flushInterval();

  /** Delivery of notifications: retries and pacing. */
  Delivery delivery();

  /** A team's channel: what the built-in {@code owner} receiver posts to besides the owner. */
  interface Team {
    /** The team's webhook (Alertmanager v4 payload). */
    Optional<String> webhookUrl();

    /** The team's Slack incoming webhook. */
    Optional<String> slackUrl();

    /** The team's PagerDuty Events v2 routing key: critical alerts page the team. */
    Optional<String> pagerdutyRoutingKey();

    /** The Events API endpoint. */
    @WithDefault("https://events.pagerduty.com/v2/enqueue")
    String pagerdutyUrl();
  }

  interface Delivery {
    /** How often pending deliveries are looked for, besides right after new alerts. */
    @WithDefault("1S")
    Duration pollInterval();

    /** Attempts before a delivery is given up as failed. */
    @WithDefault("12")
    int maxAttempts();

    /** The wait after the first failed attempt; it doubles with each further failure. */
    @WithDefault("1S")
    Duration initialBackoff();

    /** The longest wait between attempts. */
    @WithDefault("5M")
    Duration maxBackoff();

    /** How long a receiver may take to answer. */
    @WithDefault("10S")
    Duration timeout();

    /** Deliveries one pass claims. */
    @WithDefault("20")
    int batchSize();

    /** Consecutive failures of one receiver that open its circuit. */
    @WithDefault("5")
    int circuitFailures();

    /** How long an open circuit holds a receiver's deliveries back before one is tried again. */
    @WithDefault("30S")
    Duration circuitOpenFor();
  }
}

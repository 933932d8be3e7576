package dev.preflight.notifier.alerting;

/**
 * Where notifications go.
 *
 * @param type {@code webhook} (Alertmanager v4 payload); Slack, PagerDuty and e-mail follow
 * @param target the URL or address
 */
public record Receiver(String name, String type, String target) {
  public static final String WEBHOOK = "webhook";
}

package dev.preflight.notifier.routing;

import java.util.Optional;

/** One way a receiver is reached: Alertmanager's {@code *_configs}. */
public sealed interface Integration {

  String WEBHOOK = "webhook";
  String SLACK = "slack";
  String PAGERDUTY = "pagerduty";
  String EMAIL = "email";

  /** {@code webhook}, {@code slack}, {@code pagerduty} or {@code email}. */
  String type();

  /** Where the notification is sent: a URL or an e-mail address. */
  String target();

  /** Whether resolved alerts are notified too. */
  boolean sendResolved();

  record Webhook(String url, Optional<String> secret, boolean sendResolved, int maxAlerts)
      implements Integration {
    public String type() {
      return WEBHOOK;
    }

    public String target() {
      return url;
    }
  }

  record Slack(
      String url, Optional<String> channel, Optional<String> username, boolean sendResolved)
      implements Integration {
    public String type() {
      return SLACK;
    }

    public String target() {
      return url;
    }
  }

  record PagerDuty(String routingKey, String url, boolean sendResolved) implements Integration {
    public static final String EVENTS_API = "https://events.pagerduty.com/v2/enqueue";

    public String type() {
      return PAGERDUTY;
    }

    public String target() {
      return url;
    }
  }

  record Email(String to, boolean sendResolved) implements Integration {
    public String type() {
      return EMAIL;
    }

    public String target() {
      return to;
    }
  }
}

package dev.preflight.notifier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.preflight.devstack.WebhookInbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real receivers for the notifier: an HTTP inbox for webhooks, Slack and PagerDuty, and GreenMail
 * for SMTP; and a routing document with short timers that points at them. Team {@code fraud} posts
 * to {@code /hooks/fraud}, other teams to {@code /hooks/<team>} through the default webhook.
 */
public class ReceiversResource implements QuarkusTestResourceLifecycleManager {

  public static final String SECRET = "test-secret";
  public static final String PAGING_SECRET = "paging-secret";
  private static WebhookInbox inbox;
  private static GreenMail mail;

  @Override
  public Map<String, String> start() {
    try {
      inbox = WebhookInbox.start(0);
      int smtpPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        smtpPort = socket.getLocalPort();
      }
      mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      mail.start();
      Path routing = Files.createTempFile("routing", ".yaml");
      Files.writeString(routing, routing());
      routing.toFile().deleteOnExit();
      return Map.ofEntries(
          Map.entry("preflight.notifier.teams.fraud.webhook-url", inbox.url("/hooks/fraud")),
          Map.entry(
              "preflight.notifier.teams.chat.slack-url", inbox.url("/slack/services/T0/B0/chat")),
          Map.entry("preflight.notifier.teams.retrying.pagerduty-routing-key", "key-retrying"),
          Map.entry("preflight.notifier.teams.retrying.pagerduty-url", inbox.url("/pd/retrying")),
          Map.entry("preflight.notifier.default-webhook-url", inbox.url("/hooks/{team}")),
          Map.entry("preflight.notifier.webhook-secret", SECRET),
          Map.entry("preflight.notifier.routing-file", routing.toString()),
          Map.entry("quarkus.mailer.host", "127.0.0.1"),
          Map.entry("quarkus.mailer.port", String.valueOf(smtpPort)),
          Map.entry("quarkus.mailer.start-tls", "DISABLED"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Short timers; team "paging" pages, escalates and is signed with its own secret. */
  private static String routing() {
    return """
    route:
      receiver: owner
      group_by: [model, version]
      group_wait: 1s
      group_interval: 2s
      repeat_interval: 6s
      routes:
        - matchers: ['team="paging"']
          receiver: paging
          escalation: paging-escalation
          repeat_interval: 1h
        - matchers: ['team="mailing"']
          receiver: mailing
        - matchers: ['team="unrecorded"']
          receiver: owner
          repeat_interval: 1h
    receivers:
      - name: paging
        pagerduty_configs:
          - routing_key: key-paging
            url: %s
        webhook_configs:
          - url: %s
            secret: %s
      - name: paging-secondary
        webhook_configs:
          - url: %s
      - name: mailing
        email_configs:
          - to: oncall@acme.dev
    inhibit_rules:
      - source_matchers: ['kind="downtime"']
        target_matchers: ['kind=~"latency|errors|drift"']
        equal: [model, version]
    escalation_policies:
      - name: paging-escalation
        levels:
          - after: 3s
            receiver: paging-secondary
    """
        .formatted(
            inbox.url("/pagerduty/v2/enqueue"),
            inbox.url("/hooks/paging-primary"),
            PAGING_SECRET,
            inbox.url("/hooks/paging-secondary"));
  }

  public static WebhookInbox inbox() {
    return inbox;
  }

  public static GreenMail mail() {
    return mail;
  }

  @Override
  public void stop() {
    if (inbox != null) {
      inbox.close();
    }
    if (mail != null) {
      mail.stop();
    }
  }
}

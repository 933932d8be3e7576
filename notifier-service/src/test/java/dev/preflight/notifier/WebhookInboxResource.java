package dev.preflight.notifier;

import dev.preflight.devstack.WebhookInbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real HTTP receiver for the notifier's webhooks: team {@code fraud} posts to {@code
 * /hooks/fraud}, every other team to {@code /hooks/<team>} through the default webhook.
 */
public class WebhookInboxResource implements QuarkusTestResourceLifecycleManager {

  public static final String SECRET = "test-secret";
  private static WebhookInbox inbox;

  @Override
  public Map<String, String> start() {
    try {
      inbox = WebhookInbox.start(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "preflight.notifier.teams.fraud.webhook-url", inbox.url("/hooks/fraud"),
        "preflight.notifier.default-webhook-url", inbox.url("/hooks/{team}"),
        "preflight.notifier.webhook-secret", SECRET);
  }

  public static WebhookInbox inbox() {
    return inbox;
  }

  @Override
  public void stop() {
    if (inbox != null) {
      inbox.close();
    }
  }
}

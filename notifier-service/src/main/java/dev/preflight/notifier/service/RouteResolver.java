package dev.preflight.notifier.service;

import dev.preflight.notifier.alerting.Receiver;
import dev.preflight.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Which receivers get a team's alerts: the team's own webhook if configured, else the default
 * webhook with the team filled in.
 */
@ApplicationScoped
public class RouteResolver {

  private final NotifierConfig config;

  public RouteResolver(NotifierConfig config) {
    this.config = config;
  }

  public List<Receiver> resolve(String team) {
    Optional<String> url =
        Optional.ofNullable(config.teams().get(team))
            .flatMap(NotifierConfig.Team::webhookUrl)
            .or(() -> config.defaultWebhookUrl().map(template -> template.replace("{team}", team)));
    return url.map(u -> List.of(new Receiver("team-" + team + "-webhook", Receiver.WEBHOOK, u)))
        .orElse(List.of());
  }
}

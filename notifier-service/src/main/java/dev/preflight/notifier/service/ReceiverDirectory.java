package dev.preflight.notifier.service;

import dev.preflight.notifier.config.NotifierConfig;
import dev.preflight.notifier.persistence.ModelContactEntity;
import dev.preflight.notifier.routing.Integration;
import dev.preflight.notifier.routing.RoutingTree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who a receiver is: a configured receiver's integrations, or, for the built-in {@code owner}, the
 * model's owner (e-mail from its registration) and the team's channels.
 */
@ApplicationScoped
public class ReceiverDirectory {

  private final EntityManager entityManager;
  private final NotifierConfig config;

  public ReceiverDirectory(EntityManager entityManager, NotifierConfig config) {
    this.entityManager = entityManager;
    this.config = config;
  }

  public List<Integration> integrations(
      RoutingTree tree, String receiver, Optional<String> modelId, Optional<String> team) {
    if (!RoutingTree.OWNER.equals(receiver)) {
      return tree.integrations(receiver);
    }
    List<Integration> integrations = new ArrayList<>();
    Optional<ModelContactEntity> contact =
        modelId.map(id -> entityManager.find(ModelContactEntity.class, id));
    if (config.ownerEmail()) {
      contact
          .map(c -> c.ownerEmail)
          .filter(email -> !email.isBlank())
          .ifPresent(email -> integrations.add(new Integration.Email(email, true)));
    }
    team.or(() -> contact.map(c -> c.team)).ifPresent(t -> integrations.addAll(teamChannels(t)));
    return integrations;
  }

  /** The team's configured channels, else the default webhook with the team filled in. */
  public List<Integration> teamChannels(String team) {
    Optional<NotifierConfig.Team> channels = Optional.ofNullable(config.teams().get(team));
    List<Integration> integrations = new ArrayList<>();
    channels
        .flatMap(NotifierConfig.Team::webhookUrl)
        .or(() -> config.defaultWebhookUrl().map(template -> template.replace("{team}", team)))
        .ifPresent(
            url -> integrations.add(new Integration.Webhook(url, Optional.empty(), true, 0)));
    channels
        .flatMap(NotifierConfig.Team::slackUrl)
        .ifPresent(
            url ->
                integrations.add(
                    new Integration.Slack(url, Optional.empty(), Optional.empty(), true)));
    channels.ifPresent(
        c ->
            c.pagerdutyRoutingKey()
                .ifPresent(
                    key ->
                        integrations.add(new Integration.PagerDuty(key, c.pagerdutyUrl(), true))));
    return integrations;
  }
}

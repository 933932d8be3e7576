package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Owner;
import dev.preflight.probe.notifier.NotifierClient;
import dev.preflight.probe.notifier.NotifierClient.Receiver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@code creator-logged}: the owner's name and a deliverable contact are registered, and the
 * notifier resolves at least one route for the model's alerts.
 */
@ApplicationScoped
public class CreatorLoggedCheck implements Check {

  private final NotifierClient notifier;
  private final Dependencies dependencies;

  public CreatorLoggedCheck(@RestClient NotifierClient notifier, Dependencies dependencies) {
    this.notifier = notifier;
    this.dependencies = dependencies;
  }

  @Override
  public String itemId() {
    return ItemIds.CREATOR_LOGGED;
  }

  @Override
  public String description() {
    return "The owner's name and a deliverable e-mail address are registered, and notifier-service"
        + " resolves at least one route for the model's alerts.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Owner owner = phase.model().owner();
    List<String> observations = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    ObjectNode measured = JsonNodeFactory.instance.objectNode();
    measured.put("ownerName", owner.name());
    owner
        .email()
        .ifPresentOrElse(
            email -> measured.put("ownerEmail", email), () -> measured.putNull("ownerEmail"));

    if (owner.name().isBlank()) {
      problems.add("the owner's name is blank");
    } else {
      observations.add("owner: " + owner.name());
    }
    if (owner.email().isEmpty()) {
      problems.add("no contact is registered for the owner");
    } else {
      Optional<String> undeliverable = EmailAddresses.undeliverableReason(owner.email().get());
      undeliverable.ifPresentOrElse(
          problems::add, () -> observations.add("contact: " + owner.email().get()));
    }

    List<Receiver> receivers;
    try {
      receivers =
          dependencies
              .callUntilKnown(() -> notifier.resolve(phase.model().modelId(), phase.model().team()))
              .receivers();
    } catch (RuntimeException e) {
      observations.addAll(problems);
      observations.add("notifier-service did not answer: " + e.getMessage());
      return new CheckResult(
          CheckStatus.ERROR,
          measured,
          expected(),
          "cannot resolve the model's alert routes",
          observations);
    }
    measured.set(
        "routes",
        JsonNodeFactory.instance
            .arrayNode()
            .addAll(
                receivers.stream()
                    .map(r -> JsonNodeFactory.instance.textNode(r.type() + ":" + r.name()))
                    .toList()));
    if (receivers.isEmpty()) {
      problems.add("notifier-service resolves no route for team '" + phase.model().team() + "'");
    } else {
      receivers.forEach(
          r ->
              observations.add(
                  "alerts route to " + r.type() + " " + r.name() + " (" + r.target() + ")"));
    }

    if (problems.isEmpty()) {
      return new CheckResult(
          CheckStatus.PASSED,
          measured,
          expected(),
          "owner "
              + owner.name()
              + " is reachable and alerts route to "
              + receivers.size()
              + " receiver(s)",
          observations);
    }
    return new CheckResult(
        CheckStatus.FAILED, measured, expected(), String.join("; ", problems), observations);
  }

  private static ObjectNode expected() {
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    expected.put("ownerName", "present");
    expected.put("ownerEmail", "a deliverable address");
    expected.put("routes", "at least one");
    return expected;
  }
}

package dev.preflight.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Owner;
import dev.preflight.probe.Phases;
import dev.preflight.probe.notifier.NotifierClient;
import dev.preflight.probe.notifier.NotifierClient.Receiver;
import dev.preflight.probe.notifier.NotifierClient.ResolvedRoutes;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CreatorLoggedCheckTest {

  private static final ResolvedRoutes ONE_ROUTE =
      new ResolvedRoutes(
          List.of(new Receiver("team-fraud-webhook", "webhook", "https://hooks.acme.dev/fraud")));

  @Test
  void passesWithANamedOwnerADeliverableAddressAndARoute() {
    CheckResult result =
        check(ONE_ROUTE).run(phase(new Owner("Ada Lovelace", Optional.of("ada@acme.dev"))));

    assertThat(result.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(result.measured().get("routes").get(0).asText())
        .isEqualTo("webhook:team-fraud-webhook");
    assertThat(result.observations()).contains("contact: ada@acme.dev");
  }

  @Test
  void failsWithoutAContact() {
    CheckResult result = check(ONE_ROUTE).run(phase(new Owner("Ada Lovelace", Optional.empty())));

    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.summary()).contains("no contact");
    assertThat(result.measured().get("ownerEmail").isNull()).isTrue();
  }

  @Test
  void failsWithAnAddressNoMailReaches() {
    CheckResult result =
        check(ONE_ROUTE).run(phase(new Owner("Ada Lovelace", Optional.of("ada@example.com"))));

    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.summary()).contains("reserved");
  }

  @Test
  void failsWhenNoRouteDeliversTheAlerts() {
    CheckResult result =
        check(new ResolvedRoutes(List.of()))
            .run(phase(new Owner("Ada Lovelace", Optional.of("ada@acme.dev"))));

    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.summary()).contains("no route");
  }

  @Test
  void reportsAnErrorWhenTheNotifierCannotBeAsked() {
    NotifierClient down =
        (modelId, team) -> {
          throw new IllegalStateException("connection refused");
        };

    CheckResult result =
        new CreatorLoggedCheck(down, new Dependencies(Duration.ofMillis(10)))
            .run(phase(new Owner("Ada Lovelace", Optional.of("ada@acme.dev"))));

    assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
    assertThat(result.observations()).anySatisfy(o -> assertThat(o).contains("connection refused"));
  }

  /**
   * Found by the fault suite: a notifier restarting during the look-up, or behind on the lifecycle
   * topic after it, left the item in error.
   */
  @Test
  void waitsOutANotifierThatIsRestartingOrBehind() {
    AtomicInteger calls = new AtomicInteger();
    NotifierClient restarting =
        (modelId, team) -> {
          int call = calls.incrementAndGet();
          if (call == 1) {
            throw new ProcessingException("Connection refused");
          }
          if (call == 2) {
            // up again, and not yet through the lifecycle topic to the model's registration
            throw new WebApplicationException(404);
          }
          return new ResolvedRoutes(
              List.of(new Receiver("owner", "webhook", "http://hooks/fraud")));
        };

    CheckResult result =
        new CreatorLoggedCheck(restarting, new Dependencies(Duration.ofSeconds(10)))
            .run(phase(new Owner("Ada Lovelace", Optional.of("ada@acme.dev"))));

    assertThat(result.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(calls).hasValue(3);
  }

  private static CreatorLoggedCheck check(ResolvedRoutes routes) {
    return new CreatorLoggedCheck(
        (modelId, team) -> routes, new Dependencies(Duration.ofMillis(10)));
  }

  private static PhaseEntered phase(Owner owner) {
    return Phases.afterTraining("fraud-detector", "fraud", owner);
  }
}

package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyTest {

  private static Reply answered(int status) {
    return new Reply(
        Service.NOTIFIER, status, MissingNode.getInstance(), Optional.empty(), Optional.empty());
  }

  @Test
  void aPageAnswersWithTheServicesOwnClientError() {
    assertThat(answered(400).pageStatus()).isEqualTo(400);
    assertThat(answered(403).pageStatus()).isEqualTo(403);
    assertThat(answered(404).pageStatus()).isEqualTo(404);
    assertThat(answered(409).pageStatus()).isEqualTo(409);
    assertThat(answered(422).pageStatus()).isEqualTo(422);
  }

  @Test
  void aServiceThatCannotServeMakesThePageUnavailableAndOtherFailuresABadGateway() {
    assertThat(Reply.unreachable(Service.NOTIFIER, "connection refused").pageStatus())
        .isEqualTo(503);
    assertThat(answered(504).pageStatus()).isEqualTo(503);
    assertThat(answered(500).pageStatus()).isEqualTo(502);
  }
}

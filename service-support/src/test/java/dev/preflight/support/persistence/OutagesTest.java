package dev.preflight.support.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutagesTest {

  /** Found by the fault suite: requests while PostgreSQL restarted were answered 500. */
  @Test
  void aDatabaseThatIsDownOrRestartingIsAnOutageNotABug() {
    SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
    SQLException shuttingDown = new SQLException("terminating connection", "57P01");
    assertThat(
            Outages.databaseUnavailable(
                new IllegalStateException("Unable to acquire JDBC Connection", refused)))
        .isTrue();
    assertThat(Outages.databaseUnavailable(new RuntimeException(shuttingDown))).isTrue();
    assertThat(
            Outages.databaseUnavailable(
                new RuntimeException(new SQLException("duplicate key", "23505"))))
        .isFalse();
    assertThat(Outages.databaseUnavailable(new NullPointerException())).isFalse();
    assertThat(Outages.sqlState(new RuntimeException(new SQLException("duplicate key", "23505"))))
        .hasValue("23505");
  }

  /**
   * Found by the fault suite: a pipeline event met during a PostgreSQL restart was dead-lettered.
   */
  @Test
  void workIsRunAgainUntilTheDatabaseIsBackAndOtherFailuresAreThrownAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    String result =
        Outages.waitingOut(
            "test",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException(new SQLException("refused", "08001"));
              }
              return "applied";
            });
    assertThat(result).isEqualTo("applied");
    assertThat(attempts).hasValue(3);

    AtomicInteger invalid = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Outages.waitingOut(
                    "test",
                    () -> {
                      invalid.incrementAndGet();
                      throw new IllegalArgumentException("not an event");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(invalid).hasValue(1);
  }
}

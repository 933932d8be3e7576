package dev.preflight.support.persistence;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The database being down or restarting is an outage to wait out, not a verdict on the input: a
 * consumer that gave up on such a record would dead-letter a valid event (found by the fault suite:
 * a pipeline event consumed while PostgreSQL restarted landed in the dead-letter topic, and its
 * version was never registered).
 */
public final class Outages {

  private static final Logger LOG = Logger.getLogger(Outages.class);
  private static final long MAX_WAIT_MILLIS = 5_000;

  private Outages() {}

  /**
   * Whether the failure is the database being unreachable: SQLSTATE class 08 (connection exception)
   * or 57P01–57P03 (shut down by an administrator, crash, cannot connect now).
   */
  public static boolean databaseUnavailable(Throwable failure) {
    return sqlState(failure).filter(s -> s.startsWith("08") || s.startsWith("57P")).isPresent();
  }

  /** The SQLSTATE of the first {@link SQLException} among the failure's causes that has one. */
  public static Optional<String> sqlState(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return Optional.of(sql.getSQLState());
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * Runs the work; while it fails because the database is unavailable, waits (backing off to five
   * seconds) and runs it again, for as long as the outage lasts. Any other failure is thrown at
   * once.
   */
  public static <T> T waitingOut(String what, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        if (!databaseUnavailable(e)) {
          throw e;
        }
        long wait = Math.min(MAX_WAIT_MILLIS, 250L << Math.min(attempt, 10));
        LOG.warnf(
            "%s: the database is unavailable (attempt %d), retrying in %d ms", what, attempt, wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  public static void waitingOut(String what, Runnable work) {
    waitingOut(
        what,
        () -> {
          work.run();
          return null;
        });
  }
}

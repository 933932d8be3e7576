package dev.preflight.probe.check;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Calls to Preflight's own services (notifier, monitor, checklist) from checks. They restart, and a
 * check that meets one restarting waits it out for a while instead of reporting {@code error} for
 * good: the fault suite saw {@code creator-logged} stay in error because notifier-service was being
 * restarted for the eight seconds its look-up ran in.
 */
@ApplicationScoped
public class Dependencies {

  private final Duration patience;

  public Dependencies(
      @ConfigProperty(name = "probe.dependency-patience", defaultValue = "PT30S")
          Duration patience) {
    this.patience = patience;
  }

  /**
   * The call's answer; an unreachable service or its 5xx is tried again, once a second, until
   * patience runs out, and then thrown. Any other answer (a 404, say) is the caller's to judge.
   */
  public <T> T call(Supplier<T> call) {
    return call(call, false);
  }

  /**
   * As {@link #call(Supplier)}, and a 404 is waited out too: for what the other service learns from
   * the lifecycle topic (notifier-service the model's contacts), and may not have read yet when it
   * is behind — after a restart, say (found by the fault suite).
   */
  public <T> T callUntilKnown(Supplier<T> call) {
    return call(call, true);
  }

  private <T> T call(Supplier<T> call, boolean notFoundIsNotYet) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return call.get();
      } catch (ProcessingException | WebApplicationException e) {
        int status = e instanceof WebApplicationException web ? web.getResponse().getStatus() : 0;
        boolean transient_ = status == 0 || status >= 500 || (notFoundIsNotYet && status == 404);
        if (!transient_ || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a Preflight service", e);
      }
    }
  }
}

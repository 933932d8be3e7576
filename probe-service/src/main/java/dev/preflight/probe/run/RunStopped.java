package dev.preflight.probe.run;

/**
 * A probe run ended because the service is stopping, not because of what it verified: its trigger
 * stays unacknowledged and is replayed.
 */
public class RunStopped extends RuntimeException {

  public RunStopped(String message, Throwable cause) {
    super(message, cause);
  }
}

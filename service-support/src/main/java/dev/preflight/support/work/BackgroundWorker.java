package dev.preflight.support.work;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * A thread that runs passes over pending work (outbox rows, deliveries): right away when woken
 * after a commit, at least every poll interval otherwise, and again at once while a pass finds a
 * full batch.
 */
public final class BackgroundWorker {

  private static final Logger LOG = Logger.getLogger(BackgroundWorker.class);

  private final String name;
  private final Duration pollInterval;
  private final int batchSize;
  private final IntSupplier pass;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private ExecutorService thread;

  /**
   * @param pass does one batch of work and returns how many items it handled
   */
  public BackgroundWorker(String name, Duration pollInterval, int batchSize, IntSupplier pass) {
    this.name = name;
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
    this.pass = pass;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
    thread.submit(this::loop);
  }

  /** Runs a pass soon: there is new work. */
  public void wake() {
    wake.release();
  }

  public synchronized void stop() {
    running = false;
    wake.release();
    if (thread != null) {
      thread.shutdown();
      try {
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
          thread.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    while (running) {
      int handled = 0;
      try {
        handled = pass.getAsInt();
      } catch (RuntimeException e) {
        LOG.warnf("%s: pass failed, retrying in %s: %s", name, pollInterval, e.getMessage());
      }
      if (handled >= batchSize) {
        continue;
      }
      try {
        wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

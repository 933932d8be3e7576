package dev.preflight.support.work;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slow work taken off a consumer's thread: at most {@code capacity} items at a time, items of one
 * key one after another in the order they were accepted, items of different keys side by side.
 *
 * <p>A consumer that held its record while slow work ran (a probe run, a dataset download) would
 * trip SmallRye's throttled commit limit after 60 s and lose its channel for good. Instead it hands
 * the work here and acknowledges the record when the work is done; the record's offset is committed
 * only then, so a crash mid-work replays it. {@link #accept} completes once the work has a place,
 * which is how a full queue pushes back on the consumer (its partitions pause; it keeps polling).
 */
public final class KeyedWork implements AutoCloseable {

  private final int capacity;
  private final ExecutorService threads;
  private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
  private final Deque<CompletableFuture<Void>> waitingForPlace = new ArrayDeque<>();
  private final AtomicInteger running = new AtomicInteger();
  private int placed;

  public KeyedWork(String name, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Accepts the work: the first stage completes once it has a place (at once while fewer than
   * {@code capacity} items are accepted and not done), the second when it is done, exceptionally
   * with what it threw.
   */
  public Accepted accept(String key, Runnable work) {
    CompletableFuture<Void> place = new CompletableFuture<>();
    synchronized (this) {
      if (placed < capacity) {
        placed++;
        place.complete(null);
      } else {
        waitingForPlace.add(place);
      }
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    place.thenRun(() -> start(key, work, done));
    return new Accepted(place, done);
  }

  /** Two moments of one accepted item of work. */
  public record Accepted(CompletionStage<Void> placed, CompletionStage<Void> done) {}

  /** Items accepted and not done, queued behind their key included. */
  public synchronized int inFlight() {
    return placed;
  }

  /** Items executing right now. */
  public int running() {
    return running.get();
  }

  private void start(String key, Runnable work, CompletableFuture<Void> done) {
    CompletableFuture<Void> previous;
    CompletableFuture<Void> mine = new CompletableFuture<>();
    synchronized (tails) {
      previous = tails.getOrDefault(key, CompletableFuture.completedFuture(null));
      tails.put(key, mine);
    }
    previous.whenComplete(
        (ignored, failure) -> {
          try {
            threads.execute(() -> execute(key, work, done, mine));
          } catch (RejectedExecutionException closed) {
            finish(key, mine);
            done.completeExceptionally(closed);
          }
        });
  }

  private void execute(
      String key, Runnable work, CompletableFuture<Void> done, CompletableFuture<Void> mine) {
    running.incrementAndGet();
    Throwable failure = null;
    try {
      work.run();
    } catch (Throwable t) {
      failure = t;
    } finally {
      running.decrementAndGet();
      finish(key, mine);
    }
    if (failure == null) {
      done.complete(null);
    } else {
      done.completeExceptionally(failure);
    }
  }

  private void finish(String key, CompletableFuture<Void> mine) {
    synchronized (tails) {
      tails.remove(key, mine);
    }
    mine.complete(null);
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waitingForPlace.poll();
      if (next == null) {
        placed--;
      }
    }
    if (next != null) {
      next.complete(null);
    }
  }

  /** Interrupts what runs; what was not done stays unacknowledged and is replayed. */
  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.preflight.probe.check;

import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.oip.InferenceResult;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop latency measurement: {@code concurrency} workers each send one request after the
 * other until {@code requests} are done. Every request's latency (including failed ones, which take
 * time too) goes into an HdrHistogram; a closed loop has no schedule to fall behind, so there is no
 * coordinated omission to correct, and the figures are what one of {@code concurrency} callers
 * sees.
 */
public final class LatencyRun {

  /** Requests sent before the measurement, per run. */
  static final int WARM_UP = 20;

  private LatencyRun() {}

  private static void warmUp(
      OipClient oip,
      OipEndpoint endpoint,
      List<Map<String, Object>> rows,
      int count,
      int concurrency) {
    ExecutorService workers =
        Executors.newFixedThreadPool(concurrency, r -> new Thread(r, "latency-warm-up"));
    AtomicInteger next = new AtomicInteger();
    for (int w = 0; w < concurrency; w++) {
      workers.submit(
          () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              try {
                oip.inferOnce(endpoint, List.of(rows.get(i % rows.size())));
              } catch (Unreachable | EgressDenied e) {
                return;
              }
            }
          });
    }
    workers.shutdown();
    try {
      workers.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a run measured, in milliseconds. */
  public record Report(
      int requests,
      int errors,
      int unanswered,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs,
      String firstError) {

    public double errorRate() {
      return requests == 0 ? 0 : errors / (double) requests;
    }

    public String describe() {
      return String.format(
          Locale.ROOT,
          "%d requests: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors",
          requests,
          p50Ms,
          p95Ms,
          p99Ms,
          maxMs,
          errors);
    }
  }

  public static Report closedLoop(
      OipClient oip,
      OipEndpoint endpoint,
      List<Map<String, Object>> rows,
      int requests,
      int concurrency) {
    // Warm-up, not recorded: the first requests open the connections and pay for class loading and
    // JIT compilation in the probe, which the endpoint's callers would not see.
    warmUp(oip, endpoint, rows, Math.min(WARM_UP, requests), concurrency);
    Recorder recorder = new Recorder(3);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger unanswered = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>("");
    ExecutorService workers =
        Executors.newFixedThreadPool(concurrency, r -> new Thread(r, "latency-probe"));
    for (int w = 0; w < concurrency; w++) {
      workers.submit(
          () -> {
            for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
              long started = System.nanoTime();
              try {
                InferenceResult result =
                    oip.inferOnce(endpoint, List.of(rows.get(i % rows.size())));
                if (!result.ok()) {
                  errors.incrementAndGet();
                  firstError.compareAndSet("", result.status() + ": " + result.error());
                }
              } catch (Unreachable | EgressDenied e) {
                errors.incrementAndGet();
                unanswered.incrementAndGet();
                firstError.compareAndSet("", e.getMessage());
              }
              recorder.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
            }
          });
    }
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
    Histogram histogram = recorder.getIntervalHistogram();
    return new Report(
        requests,
        errors.get(),
        unanswered.get(),
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(95) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getMaxValue() / 1000.0,
        firstError.get());
  }
}

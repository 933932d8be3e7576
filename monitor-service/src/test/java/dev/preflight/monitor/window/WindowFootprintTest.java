package dev.preflight.monitor.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.Json;
import java.util.Locale;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

/**
 * What a window of one version holds for its numeric features, serialised (what the window store,
 * its changelog and a partial carry; the heap holds the same arrays): exact counts up to 2,048
 * distinct values, a k = 1,000 sketch with its tails beyond — against the k = 200 sketch alone of
 * format 1. Printed for ADR 0013; the assertion is the cap.
 */
class WindowFootprintTest {

  private static final int FEATURES = 10;

  @Test
  void aWindowsNumericStateStaysWithinItsCap() {
    Random random = new Random(3);
    System.out.println(
        "records  continuous(B)  discrete(B)  format-1 k=200 sketch(B)  per window, 10 features");
    for (int records : new int[] {100, 1_000, 10_000, 100_000}) {
      WindowAggregate continuous = new WindowAggregate();
      WindowAggregate discrete = new WindowAggregate();
      KllDoublesSketch[] before = new KllDoublesSketch[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        before[f] = KllDoublesSketch.newHeapInstance(200);
      }
      for (int i = 0; i < records; i++) {
        ObjectNode c = Json.mapper().createObjectNode();
        ObjectNode d = Json.mapper().createObjectNode();
        for (int f = 0; f < FEATURES; f++) {
          double x = random.nextGaussian();
          c.put("x" + f, x);
          d.put("x" + f, Math.round(5 * x));
          before[f].update(x);
        }
        continuous.add(i, c, null, 1, 200, null, null, -1, Reference.NONE);
        discrete.add(i, d, null, 1, 200, null, null, -1, Reference.NONE);
      }
      long formerBytes = 0;
      for (KllDoublesSketch s : before) {
        formerBytes += s.toByteArray().length;
      }
      int continuousBytes = continuous.toBytes().length;
      int discreteBytes = discrete.toBytes().length;
      System.out.printf(
          Locale.ROOT,
          "%7d  %13d  %11d  %24d%n",
          records,
          continuousBytes,
          discreteBytes,
          formerBytes);
      // Exact: 16 bytes a distinct value; sketched: the k = 1,000 sketch and 2 × 256 tail values.
      assertThat(continuousBytes).isLessThan(FEATURES * 48 * 1024);
    }
  }
}

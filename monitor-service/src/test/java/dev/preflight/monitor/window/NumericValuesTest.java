package dev.preflight.monitor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.preflight.monitor.stats.Distribution;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class NumericValuesTest {

  private final Random random = new Random(5);

  private static NumericValues roundTrip(NumericValues values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    values.write(new DataOutputStream(bytes));
    return NumericValues.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void partialsUpToTheCapMergeIntoTheExactDistribution() throws IOException {
    double[] data = new double[NumericValues.MAX_DISTINCT];
    NumericValues merged = new NumericValues();
    for (int p = 0; p < 4; p++) {
      NumericValues partial = new NumericValues();
      for (int i = p; i < data.length; i += 4) {
        data[i] = random.nextGaussian();
        partial.add(data[i]);
      }
      merged.merge(roundTrip(partial));
    }
    merged = roundTrip(merged);
    assertThat(merged.exact()).isTrue();
    assertThat(merged.n()).isEqualTo(data.length);
    Distribution exact = Distribution.of(data);
    assertThat(Distribution.kolmogorovSmirnov(merged.distribution(), exact)).isZero();
    assertThat(Distribution.wasserstein(merged.distribution(), exact)).isZero();
  }

  @Test
  void aDiscreteFeatureStaysExactAtAnyVolume() {
    NumericValues values = new NumericValues();
    double[] data = new double[200_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextInt(300);
      values.add(data[i]);
    }
    assertThat(values.exact()).isTrue();
    assertThat(Distribution.wasserstein(values.distribution(), Distribution.of(data))).isZero();
  }

  @Test
  void pastTheCapTheTailsStayExactAndTheRestWithinTheSketchError() throws IOException {
    int n = 50_000;
    double[] data = new double[n];
    NumericValues merged = new NumericValues();
    for (int p = 0; p < 4; p++) {
      NumericValues partial = new NumericValues();
      for (int i = p; i < n; i += 4) {
        data[i] = Math.pow(1 - random.nextDouble(), -1 / 1.5); // Pareto: a heavy tail
        partial.add(data[i]);
      }
      merged.merge(roundTrip(partial));
    }
    assertThat(merged.exact()).isFalse();
    assertThat(merged.n()).isEqualTo(n);
    double[] sorted = data.clone();
    Arrays.sort(sorted);
    Distribution d = roundTrip(merged).distribution();
    for (int rank : new int[] {1, 10, 100, Tails.SIZE - 1}) {
      assertThat(d.cdf(sorted[rank - 1])).isEqualTo((double) rank / n);
      assertThat(d.cdf(sorted[n - rank - 1])).isEqualTo((double) (n - rank) / n);
    }
    for (double q = 0.01; q < 1; q += 0.01) {
      double x = sorted[(int) (q * n)];
      assertThat(d.cdf(x)).isCloseTo(Distribution.of(data).cdf(x), within(d.rankError()));
    }
  }

  @Test
  void aWindowSketchOfTheFirstFormatIsStillRead() throws IOException {
    KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(200);
    for (int i = 0; i < 10_000; i++) {
      sketch.update(random.nextGaussian());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    byte[] serialised = sketch.toByteArray();
    out.writeInt(serialised.length);
    out.write(serialised);
    NumericValues read =
        NumericValues.readSketchOnly(
            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(read.n()).isEqualTo(10_000);
    assertThat(read.exact()).isFalse();
    NumericValues more = new NumericValues();
    more.add(1.0);
    read.merge(more);
    assertThat(read.n()).isEqualTo(10_001);
    assertThat(read.distribution().n()).isEqualTo(10_001);
  }
}

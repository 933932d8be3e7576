package dev.preflight.monitor.window;

import dev.preflight.monitor.stats.Distribution;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * The values of one numeric feature in a window: exact — each distinct value with its count — while
 * there are at most {@link #MAX_DISTINCT} distinct values, a KLL sketch beyond.
 *
 * <p>Exact covers a continuous feature up to a few thousand values (a minute of most models'
 * traffic) and a discrete one (counts, flags, ratings, a sparse feature that is mostly 0) at any
 * volume, and merging exact partials stays exact. Found by a user: windows merged from many small
 * per-partition sketches put a normalised Wasserstein distance 6 % off on ordinary features and
 * 0.104 instead of 0.022 on a feature that is 0 in 99.5 % of rows (a compaction turns one non-zero
 * value into a weight of 2 or 0). Once sketched, a window takes the exact values of later partials
 * as weighted updates of the one sketch — the order in which KLL is most accurate — and merges
 * sketches only with partials that were sketches themselves.
 */
public final class NumericValues {

  /** Distinct values kept exactly; beyond it the values go into a sketch. */
  public static final int MAX_DISTINCT = 2048;

  /**
   * KLL accuracy parameter of a window sketch (its rank error: {@link Distribution#rankError()}).
   */
  public static final int SKETCH_K = 1000;

  /** Smallest and largest values a sketched window (and a stepped reference) keeps exactly. */
  public static final int TAIL = Tails.SIZE;

  private static final int BUFFER = 512;

  /** Unsorted values not yet counted. */
  private double[] buffer = new double[16];

  private int buffered;

  /** Distinct values in ascending order and their counts; null once sketched. */
  private double[] values = new double[0];

  private long[] counts = new long[0];
  private KllDoublesSketch sketch;

  /** With the sketch: the smallest and largest values exactly; null for a format-1 sketch. */
  private Tails tails;

  private long n;

  public void add(double value) {
    n++;
    if (sketch != null) {
      sketched(value);
      return;
    }
    if (buffered == buffer.length) {
      if (buffer.length < BUFFER) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      } else {
        count();
        if (sketch != null) {
          sketched(value);
          return;
        }
      }
    }
    buffer[buffered++] = value;
  }

  /** Adds another window's (or partial's) values. */
  public void merge(NumericValues other) {
    if (other.n == 0) {
      return;
    }
    count();
    if (other.sketch != null) {
      if (sketch == null) {
        toSketch();
      }
      sketch.merge(other.sketch);
      if (tails != null && other.tails != null) {
        tails.merge(other.tails);
      } else {
        tails = null;
      }
      n += other.n;
      return;
    }
    if (sketch != null) {
      for (int i = 0; i < other.values.length; i++) {
        sketched(other.values[i], other.counts[i]);
      }
      for (int i = 0; i < other.buffered; i++) {
        sketched(other.buffer[i]);
      }
      n += other.n;
      return;
    }
    mergeCounted(other.values, other.counts);
    long pending = other.buffered;
    for (int i = 0; i < other.buffered; i++) {
      add(other.buffer[i]);
    }
    n += other.n - pending;
  }

  public NumericValues copy() {
    NumericValues copy = new NumericValues();
    copy.merge(this);
    return copy;
  }

  /** Values in the window. */
  public long n() {
    return n;
  }

  /**
   * The sum of the values while every value is kept — summed over the distinct values in ascending
   * order, so the same values give the same sum however partials were merged; NaN once sketched.
   */
  public double sum() {
    if (sketch != null) {
      return Double.NaN;
    }
    count();
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i] * counts[i];
    }
    return sum;
  }

  /** The smallest value; NaN when there is none. */
  public double min() {
    if (n == 0) {
      return Double.NaN;
    }
    if (sketch != null) {
      return sketch.getMinItem();
    }
    count();
    return values[0];
  }

  /** The largest value; NaN when there is none. */
  public double max() {
    if (n == 0) {
      return Double.NaN;
    }
    if (sketch != null) {
      return sketch.getMaxItem();
    }
    count();
    return values[values.length - 1];
  }

  /**
   * True while every value is kept: the statistics computed from {@link #distribution()} are exact.
   */
  public boolean exact() {
    return sketch == null;
  }

  /**
   * The window's step function: exact while every value is kept; once sketched, the exact tails
   * with the sketch in between (within the sketch's rank error there, exact in the tails).
   */
  public Distribution distribution() {
    if (sketch != null) {
      return tails == null ? Distribution.of(sketch) : spliced();
    }
    count();
    return Distribution.ofCounts(values, counts, 0);
  }

  /** Counts the buffered values into the distinct values; sketches them all past the cap. */
  private void count() {
    if (buffered == 0 || sketch != null) {
      return;
    }
    double[] sorted = Arrays.copyOf(buffer, buffered);
    Arrays.sort(sorted);
    double[] distinct = new double[sorted.length];
    long[] times = new long[sorted.length];
    int d = 0;
    for (double v : sorted) {
      if (d > 0 && distinct[d - 1] == v) {
        times[d - 1]++;
      } else {
        distinct[d] = v;
        times[d++] = 1;
      }
    }
    buffered = 0;
    mergeCounted(Arrays.copyOf(distinct, d), Arrays.copyOf(times, d));
  }

  /** Merges sorted distinct values and their counts into this window's (counts only, not n). */
  private void mergeCounted(double[] theirValues, long[] theirCounts) {
    double[] mergedValues = new double[values.length + theirValues.length];
    long[] mergedCounts = new long[mergedValues.length];
    int i = 0;
    int j = 0;
    int m = 0;
    while (i < values.length || j < theirValues.length) {
      if (j >= theirValues.length || (i < values.length && values[i] < theirValues[j])) {
        mergedValues[m] = values[i];
        mergedCounts[m++] = counts[i++];
      } else if (i >= values.length || theirValues[j] < values[i]) {
        mergedValues[m] = theirValues[j];
        mergedCounts[m++] = theirCounts[j++];
      } else {
        mergedValues[m] = values[i];
        mergedCounts[m++] = counts[i++] + theirCounts[j++];
      }
    }
    values = Arrays.copyOf(mergedValues, m);
    counts = Arrays.copyOf(mergedCounts, m);
    if (m > MAX_DISTINCT) {
      toSketch();
    }
  }

  private void toSketch() {
    count();
    sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);
    tails = new Tails();
    for (int i = 0; i < values.length; i++) {
      sketched(values[i], counts[i]);
    }
    values = null;
    counts = null;
  }

  private void sketched(double value) {
    sketch.update(value);
    if (tails != null) {
      tails.add(value);
    }
  }

  /** A weighted update costs a small sketch of its own: a value seen once is a plain one. */
  private void sketched(double value, long count) {
    if (count == 1) {
      sketch.update(value);
    } else {
      sketch.update(value, count);
    }
    if (tails != null) {
      tails.add(value, count);
    }
  }

  /**
   * The exact tails, and between them the sketch's items with their cumulative weights held to the
   * ranks the tails leave: the values below the largest of the low tail are all in it, so their
   * ranks are exact; likewise above the smallest of the high tail.
   */
  private Distribution spliced() {
    DoublesSortedView view = sketch.getSortedView();
    double[] quantiles = view.getQuantiles();
    long[] weights = view.getCumulativeWeights();
    int lows = tails.lowSize();
    int highs = tails.highSize();
    double lowMax = tails.low(lows - 1);
    double highMin = tails.high(0);
    double[] points = new double[lows + quantiles.length + highs];
    long[] ranks = new long[points.length];
    int p = 0;
    for (int i = 0; i < lows; i++) {
      points[p] = tails.low(i);
      ranks[p++] = i + 1;
    }
    for (int i = 0; i < quantiles.length; i++) {
      if (quantiles[i] >= lowMax && quantiles[i] <= highMin) {
        points[p] = quantiles[i];
        ranks[p++] = Math.max(lows, Math.min(n - highs, weights[i]));
      }
    }
    for (int i = 0; i < highs; i++) {
      points[p] = tails.high(i);
      ranks[p++] = n - highs + i + 1;
    }
    for (int i = 1; i < p; i++) {
      ranks[i] = Math.max(ranks[i], ranks[i - 1]);
    }
    return Distribution.ofCumulative(
        Arrays.copyOf(points, p),
        Arrays.copyOf(ranks, p),
        n,
        KllSketch.getNormalizedRankError(SKETCH_K, true),
        lowMax,
        highMin);
  }

  // Serialised form (window aggregate format 2): a mode byte, then the counts or the sketch.

  private static final byte EXACT = 0;
  private static final byte SKETCHED = 1;
  private static final byte SKETCHED_WITH_TAILS = 2;

  void write(DataOutputStream out) throws IOException {
    count();
    out.writeLong(n);
    if (sketch != null) {
      out.writeByte(tails == null ? SKETCHED : SKETCHED_WITH_TAILS);
      byte[] bytes = sketch.toByteArray();
      out.writeInt(bytes.length);
      out.write(bytes);
      if (tails != null) {
        tails.write(out);
      }
      return;
    }
    out.writeByte(EXACT);
    out.writeInt(values.length);
    // In one write: a call per value through DataOutputStream was a fifth of the monitor's time.
    ByteBuffer pairs = ByteBuffer.allocate(values.length * 16);
    for (int i = 0; i < values.length; i++) {
      pairs.putDouble(values[i]).putLong(counts[i]);
    }
    out.write(pairs.array());
  }

  static NumericValues read(DataInputStream in) throws IOException {
    NumericValues v = new NumericValues();
    v.n = in.readLong();
    byte mode = in.readByte();
    if (mode == SKETCHED || mode == SKETCHED_WITH_TAILS) {
      v.sketch = readSketch(in);
      v.tails = mode == SKETCHED_WITH_TAILS ? Tails.read(in) : null;
      v.values = null;
      v.counts = null;
      return v;
    }
    if (mode != EXACT) {
      throw new IOException("unknown numeric values mode " + mode);
    }
    int distinct = in.readInt();
    if (distinct < 0 || distinct > MAX_DISTINCT) {
      throw new IOException("a window with " + distinct + " distinct values");
    }
    byte[] bytes = new byte[distinct * 16];
    in.readFully(bytes);
    ByteBuffer pairs = ByteBuffer.wrap(bytes);
    v.values = new double[distinct];
    v.counts = new long[distinct];
    for (int i = 0; i < distinct; i++) {
      v.values[i] = pairs.getDouble();
      v.counts[i] = pairs.getLong();
    }
    return v;
  }

  /** Format 1 (before exact values): a sketch of every value. */
  static NumericValues readSketchOnly(DataInputStream in) throws IOException {
    NumericValues v = new NumericValues();
    v.sketch = readSketch(in);
    v.values = null;
    v.counts = null;
    v.n = v.sketch.getN();
    return v;
  }

  private static KllDoublesSketch readSketch(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return KllDoublesSketch.heapify(Memory.wrap(bytes));
  }
}

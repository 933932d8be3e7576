package dev.preflight.monitor.window;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The {@link #SIZE} smallest and {@link #SIZE} largest values of a sketched window, exactly and
 * with their repeats. A KLL sketch's rank error is the same number of ranks everywhere, and in the
 * tail of a heavy-tailed feature a few ranks are a long way: kept exactly, the tails make the
 * Wasserstein distance of a Pareto feature as good as that of a normal one. Merging keeps the
 * smallest and largest of both.
 */
final class Tails {

  static final int SIZE = 256;

  /** Ascending; {@code lowSize} smallest values. */
  private final double[] low = new double[SIZE];

  private int lowSize;

  /** Ascending; {@code highSize} largest values. */
  private final double[] high = new double[SIZE];

  private int highSize;

  void add(double value) {
    if (lowSize < SIZE || value < low[SIZE - 1]) {
      lowSize = insert(low, lowSize, value, true);
    }
    if (highSize < SIZE || value > high[0]) {
      highSize = insert(high, highSize, value, false);
    }
  }

  void add(double value, long count) {
    for (long i = 0; i < Math.min(count, SIZE); i++) {
      add(value);
    }
  }

  void merge(Tails other) {
    for (int i = 0; i < other.lowSize; i++) {
      if (lowSize < SIZE || other.low[i] < low[SIZE - 1]) {
        lowSize = insert(low, lowSize, other.low[i], true);
      }
    }
    for (int i = 0; i < other.highSize; i++) {
      if (highSize < SIZE || other.high[i] > high[0]) {
        highSize = insert(high, highSize, other.high[i], false);
      }
    }
  }

  /**
   * Inserts in ascending order; a full array drops its largest ({@code keepSmallest}) or smallest.
   */
  private static int insert(double[] a, int size, double value, boolean keepSmallest) {
    int at = Arrays.binarySearch(a, 0, size, value);
    at = at < 0 ? -at - 1 : at;
    if (size < a.length) {
      System.arraycopy(a, at, a, at + 1, size - at);
      a[at] = value;
      return size + 1;
    }
    if (keepSmallest) {
      System.arraycopy(a, at, a, at + 1, size - 1 - at);
      a[at] = value;
    } else {
      at--; // the smallest leaves; everything below the insertion point moves down one
      System.arraycopy(a, 1, a, 0, at);
      a[at] = value;
    }
    return size;
  }

  int lowSize() {
    return lowSize;
  }

  double low(int i) {
    return low[i];
  }

  int highSize() {
    return highSize;
  }

  double high(int i) {
    return high[i];
  }

  void write(DataOutputStream out) throws IOException {
    out.writeShort(lowSize);
    for (int i = 0; i < lowSize; i++) {
      out.writeDouble(low[i]);
    }
    out.writeShort(highSize);
    for (int i = 0; i < highSize; i++) {
      out.writeDouble(high[i]);
    }
  }

  static Tails read(DataInputStream in) throws IOException {
    Tails t = new Tails();
    t.lowSize = in.readShort();
    for (int i = 0; i < t.lowSize; i++) {
      t.low[i] = in.readDouble();
    }
    t.highSize = in.readShort();
    for (int i = 0; i < t.highSize; i++) {
      t.high[i] = in.readDouble();
    }
    return t;
  }
}

package dev.preflight.monitor.profile;

import java.util.Arrays;

/** Bin i of a numeric feature holds the values in (edge[i−1], edge[i]]; the last bin the rest. */
public final class Bins {

  private Bins() {}

  public static int index(double[] edges, double x) {
    int i = Arrays.binarySearch(edges, x);
    return i >= 0 ? i : -i - 1;
  }
}

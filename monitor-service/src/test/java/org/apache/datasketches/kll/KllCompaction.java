package org.apache.datasketches.kll;

/**
 * Makes KLL compaction reproducible in tests. A KLL sketch keeps a random half of each level it
 * compacts, drawn from one {@link java.util.Random} shared by every sketch of the JVM ({@code
 * KllSketch.random}, package-private, unseeded): an assertion on a sketched value then holds or
 * fails by chance from run to run. Seeding it before a test makes the same updates compact the same
 * way every run, so a test either always passes or always fails.
 */
public final class KllCompaction {

  private KllCompaction() {}

  public static void seed(long seed) {
    KllSketch.random.setSeed(seed);
  }
}

package dev.preflight.monitor.streams;

/**
 * A record after parsing: either valid (its key now names the model version) or headed for the
 * dead-letter topic with its original bytes.
 */
record Routed(boolean valid, String value, byte[] original) {

  static Routed valid(String value) {
    return new Routed(true, value, null);
  }

  static Routed deadLetter(byte[] original) {
    return new Routed(false, null, original);
  }
}

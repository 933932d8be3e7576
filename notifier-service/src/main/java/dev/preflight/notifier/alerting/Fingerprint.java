package dev.preflight.notifier.alerting;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's identity: a hash of its labels, computed as Prometheus and Alertmanager do (64-bit
 * FNV-1a over the label names and values in name order, each followed by the byte 0xff), so on-call
 * engineers see the same fingerprints in both.
 */
public final class Fingerprint {

  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;

  private Fingerprint() {}

  /** 16 lower-case hex digits. */
  public static String of(Map<String, String> labels) {
    long hash = OFFSET_BASIS;
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      hash = add(hash, label.getKey());
      hash = addByte(hash, SEPARATOR);
      hash = add(hash, label.getValue());
      hash = addByte(hash, SEPARATOR);
    }
    return String.format("%016x", hash);
  }

  private static long add(long hash, String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = addByte(hash, b & 0xff);
    }
    return hash;
  }

  private static long addByte(long hash, int b) {
    return (hash ^ b) * PRIME;
  }
}

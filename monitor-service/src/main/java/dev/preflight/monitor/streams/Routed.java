package dev.preflight.monitor.streams;

/**
 * A record on its way through the topology: where it goes next, and its bytes. The record key says
 * what it is keyed by on that route.
 */
record Routed(Route route, byte[] bytes) {

  enum Route {
    /** To the dead-letter topic of its source, original bytes and the reason in headers. */
    DEAD_LETTER,
    /** A partial window aggregate or a joined label, keyed by model version. */
    BY_VERSION,
    /** A prediction or label waiting for its counterpart, keyed by request id. */
    BY_REQUEST,
    /** Half of a KServe request/response pair, keyed by CloudEvent id. */
    BY_EVENT_ID,
    /** A native inference record made from a KServe pair. */
    PAIRED,
    /** What the lifecycle says of a version, keyed by model version. */
    VERSION_INFO,
    /** A signal event, keyed by model id, CloudEvents headers on the record. */
    SIGNAL
  }

  static Routed of(Route route, byte[] bytes) {
    return new Routed(route, bytes);
  }

  boolean is(Route other) {
    return route == other;
  }
}

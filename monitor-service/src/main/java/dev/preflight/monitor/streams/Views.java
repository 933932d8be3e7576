package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.contracts.Json;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.VersionInfo;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the two global stores: versions (from the lifecycle) and profiles. */
public final class Views {

  static final ObjectMapper MAPPER = Json.mapper();

  private Views() {}

  public static Optional<VersionInfo> info(
      ReadOnlyKeyValueStore<String, byte[]> store, String key) {
    return read(store.get(key), VersionInfo.class);
  }

  /** The profile; a failed build (stored with its error) counts as none. */
  public static Optional<Profile> profile(ReadOnlyKeyValueStore<String, byte[]> store, String key) {
    byte[] bytes = store.get(key);
    return bytes == null ? Optional.empty() : profile(bytes);
  }

  static Optional<Profile> profile(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node.has("error")) {
        return Optional.empty();
      }
      return Optional.of(MAPPER.treeToValue(node, Profile.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public static Optional<dev.preflight.monitor.detect.VersionState> readState(byte[] bytes) {
    return read(bytes, dev.preflight.monitor.detect.VersionState.class);
  }

  public static java.util.List<dev.preflight.monitor.detect.SignalRecord> readHistory(
      byte[] bytes) {
    return VersionEvaluator.history(bytes);
  }

  static <T> Optional<T> read(byte[] bytes, Class<T> type) {
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(bytes, type));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}

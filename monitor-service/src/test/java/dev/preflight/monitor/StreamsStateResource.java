package dev.preflight.monitor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Gives each test run its own Kafka Streams state directory: state of an earlier broker must not
 * leak in.
 */
public class StreamsStateResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    try {
      return Map.of(
          "kafka-streams.state.dir",
          Files.createTempDirectory("preflight-monitor-test-").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}
}

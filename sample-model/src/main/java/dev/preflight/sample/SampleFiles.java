package dev.preflight.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The files that belong to the sample model's version — weights, dependency list, the packaged
 * model, the labelled validation set and the reference set — which the server also serves under
 * {@code /files/}, as an artifact store would.
 */
public final class SampleFiles {

  /** The files the server serves, by name. */
  public static final List<String> NAMES =
      List.of(
          "weights.json",
          "requirements.txt",
          "model.zip",
          "validation.csv",
          "reference.csv",
          "training-metrics.json");

  private SampleFiles() {}

  public static Optional<byte[]> read(String name) {
    if (!NAMES.contains(name)) {
      return Optional.empty();
    }
    try (InputStream in = SampleFiles.class.getResourceAsStream("/sample-model/" + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return new ObjectMapper()
          .readTree(read(name).orElseThrow(() -> new IllegalStateException(name + " is missing")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

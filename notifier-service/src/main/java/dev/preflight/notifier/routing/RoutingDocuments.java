package dev.preflight.notifier.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;

/** Reads and writes routing documents (YAML; JSON is YAML too). */
public final class RoutingDocuments {

  /** What applies when nobody configured routing: owner and team, downtime mutes its symptoms. */
  public static final String DEFAULT =
      """
      # Every alert goes to the model's owner and its team's channel, grouped per version.
      route:
        receiver: owner
        group_by: [model, version]
        group_wait: 30s
        group_interval: 5m
        repeat_interval: 4h
      inhibit_rules:
        # A version that is down is not also paged for its latency, errors and drift.
        - source_matchers: ['kind="downtime"']
          target_matchers: ['kind=~"latency|errors|error|drift"']
          equal: [model, version]
      """;

  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private RoutingDocuments() {}

  /** Parses and compiles a document; {@link RoutingTree.InvalidRoutingException} lists problems. */
  public static RoutingTree compile(String document) {
    return RoutingTree.compile(parse(document));
  }

  public static RoutingConfig parse(String document) {
    if (document == null || document.isBlank()) {
      throw new RoutingTree.InvalidRoutingException(List.of("the routing document is empty"));
    }
    try {
      return YAML.readValue(document, RoutingConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new RoutingTree.InvalidRoutingException(
          List.of(
              path(e)
                  + ": unknown field '"
                  + e.getPropertyName()
                  + "' (known: "
                  + e.getKnownPropertyIds()
                  + ")"));
    } catch (JsonProcessingException e) {
      throw new RoutingTree.InvalidRoutingException(
          List.of(path(e) + ": " + e.getOriginalMessage()));
    }
  }

  public static String yaml(RoutingConfig config) {
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the routing document", e);
    }
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
        && !mapping.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (var ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
      return path.toString();
    }
    return e.getLocation() == null
        ? "document"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}

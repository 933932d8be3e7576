package dev.preflight.monitor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Topics;
import dev.preflight.monitor.config.MonitorConfig;
import dev.preflight.support.messaging.KafkaMessages;
import dev.preflight.support.rest.ProblemException;
import dev.preflight.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Where a KServe InferenceService's payload logger ({@code logger.url}) points: request and
 * response CloudEvents, binary or structured, become records on the inference-logs topic in the
 * Kafka binary binding (key = event id), so they pair and evaluate exactly like those a KServe
 * Kafka sink writes. Answers 202 once the broker has the event.
 */
@Path("/api/v1/cloudevents")
@Tag(name = "cloudevents")
public class CloudEventsResource {

  static final Set<String> TYPES =
      Set.of("org.kubeflow.serving.inference.request", "org.kubeflow.serving.inference.response");

  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> ROLES = Set.of(Roles.SERVICE, Roles.PIPELINE, Roles.ADMIN);

  private final MutinyEmitter<byte[]> out;
  private final SecurityIdentity identity;
  private final boolean tokenRequired;

  public CloudEventsResource(
      @Channel("monitor-out") MutinyEmitter<byte[]> out,
      SecurityIdentity identity,
      MonitorConfig config) {
    this.out = out;
    this.identity = identity;
    this.tokenRequired = config.cloudevents().tokenRequired();
  }

  @POST
  @PermitAll
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Receive KServe payload-logger CloudEvents (binary or structured mode)",
      description = "org.kubeflow.serving.inference.request and .response, paired by ce-id.")
  public Response receive(@Context HttpHeaders headers, byte[] body) {
    authorize();
    String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
    List<Map<String, String>> attributes = new ArrayList<>();
    List<byte[]> data = new ArrayList<>();
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents+json")) {
      structured(parse(body), attributes, data);
    } else if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents-batch+json")) {
      JsonNode batch = parse(body);
      if (!batch.isArray()) {
        throw invalid("a batch must be a JSON array of structured CloudEvents");
      }
      batch.forEach(event -> structured(event, attributes, data));
    } else {
      Map<String, String> binary = new LinkedHashMap<>();
      headers
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith("ce-") && !values.isEmpty()) {
                  binary.put(lower.substring(3), values.get(0));
                }
              });
      JsonNode json = parse(body);
      if (!json.isObject()) {
        throw invalid("the event's data must be a JSON object");
      }
      attributes.add(binary);
      data.add(body);
    }
    List<String> ids = new ArrayList<>();
    for (Map<String, String> event : attributes) {
      check(event);
      ids.add(event.get("id"));
    }
    for (int i = 0; i < attributes.size(); i++) {
      RecordHeaders recordHeaders = new RecordHeaders();
      attributes
          .get(i)
          .forEach(
              (name, value) ->
                  recordHeaders.add("ce_" + name, value.getBytes(StandardCharsets.UTF_8)));
      recordHeaders.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
      out.sendMessage(
              KafkaMessages.of(
                  new ProducerRecord<>(
                      Topics.INFERENCE_LOGS,
                      null,
                      attributes.get(i).get("id"),
                      data.get(i),
                      recordHeaders)))
          .await()
          .atMost(PUBLISH_TIMEOUT);
    }
    return Response.accepted(Map.of("accepted", ids)).build();
  }

  private void authorize() {
    if (!tokenRequired) {
      return;
    }
    if (identity.isAnonymous()) {
      throw new ProblemException(
          401, "unauthenticated", "Unauthenticated", "a bearer token is required", Map.of());
    }
    if (identity.getRoles().stream().noneMatch(ROLES::contains)) {
      throw new ProblemException(
          403,
          "forbidden",
          "Forbidden",
          "posting inference events needs role service, pipeline or admin",
          Map.of());
    }
  }

  private static void structured(
      JsonNode event, List<Map<String, String>> attributes, List<byte[]> data) {
    if (!event.isObject()) {
      throw invalid("a structured CloudEvent must be a JSON object");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("data")
          && !field.getKey().equals("data_base64")
          && field.getValue().isValueNode()) {
        attrs.put(field.getKey(), field.getValue().asText());
      }
    }
    attrs.remove("datacontenttype");
    byte[] payload;
    if (event.has("data_base64")) {
      payload = java.util.Base64.getDecoder().decode(event.get("data_base64").asText());
      if (!parse(payload).isObject()) {
        throw invalid("the event's data must be a JSON object");
      }
    } else if (event.path("data").isObject()) {
      payload = event.get("data").toString().getBytes(StandardCharsets.UTF_8);
    } else {
      throw invalid("the event's data must be a JSON object");
    }
    attributes.add(attrs);
    data.add(payload);
  }

  private static void check(Map<String, String> event) {
    for (String required : List.of("specversion", "id", "source", "type")) {
      if (event.getOrDefault(required, "").isBlank()) {
        throw invalid("CloudEvent attribute '" + required + "' is required");
      }
    }
    if (!TYPES.contains(event.get("type"))) {
      throw new ProblemException(
          400,
          "unsupported-event-type",
          "Unsupported event type",
          "type '"
              + event.get("type")
              + "' is not a KServe inference event ("
              + String.join(", ", TYPES)
              + ")",
          Map.of());
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = StateQueries.mapper().readTree(body);
      if (node == null) {
        throw invalid("empty body");
      }
      return node;
    } catch (IOException e) {
      throw invalid("the body is not JSON: " + e.getMessage());
    }
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(400, "invalid-cloudevent", "Invalid CloudEvent", detail, Map.of());
  }
}

package dev.preflight.checklist;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.TestTokens;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A pipeline's three actions, sent one way: the REST calls, CloudEvents over HTTP (binary,
 * structured or batch mode) or CloudEvents on the pipeline-events topic. Each answers with the
 * outcome the pipeline learns: the HTTP status, or the status in the outcome event on the lifecycle
 * topic.
 */
abstract class PipelineIngress {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SOURCE = "https://ci.acme.dev/fraud/pipelines/";

  static final RestAssuredConfig AS_IS =
      RestAssuredConfig.config()
          .encoderConfig(
              EncoderConfig.encoderConfig()
                  .appendDefaultContentCharsetToContentTypeIfUndefined(false));

  /** What became of one action. */
  record Outcome(int status, Optional<String> problemType, String body) {
    boolean accepted() {
      return status < 300;
    }
  }

  abstract String name();

  abstract Outcome send(
      EventType type, String modelId, Optional<String> version, String data, String eventId);

  Outcome submit(String modelId, String manifest) {
    return send(EventType.PIPELINE_VERSION_SUBMITTED, modelId, Optional.empty(), manifest, newId());
  }

  Outcome deploy(String modelId, String version, String deployment) {
    return send(
        EventType.PIPELINE_DEPLOYMENT_REPORTED, modelId, Optional.of(version), deployment, newId());
  }

  Outcome retire(String modelId, String version, String reason) {
    return send(
        EventType.PIPELINE_RETIREMENT_REPORTED,
        modelId,
        Optional.of(version),
        "{\"reason\": \"" + reason + "\"}",
        newId());
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  @Override
  public String toString() {
    return name();
  }

  /** The REST calls, for the state the events must reach too. */
  static final class Rest extends PipelineIngress {
    @Override
    String name() {
      return "REST";
    }

    @Override
    Outcome send(
        EventType type, String modelId, Optional<String> version, String data, String eventId) {
      String path =
          switch (type) {
            case PIPELINE_VERSION_SUBMITTED -> "/api/v1/models/" + modelId + "/versions";
            case PIPELINE_DEPLOYMENT_REPORTED ->
                "/api/v1/models/" + modelId + "/versions/" + version.orElseThrow() + "/deployments";
            default ->
                "/api/v1/models/" + modelId + "/versions/" + version.orElseThrow() + "/retirement";
          };
      return outcome(
          given()
              .auth()
              .oauth2(TestTokens.pipeline("fraud"))
              .contentType(ContentType.JSON)
              .body(data)
              .post(path));
    }
  }

  /** CloudEvents over HTTP in one of the binding's modes. */
  static final class Http extends PipelineIngress {
    enum Mode {
      BINARY,
      STRUCTURED,
      BATCH
    }

    private final Mode mode;
    private final String token;

    Http(Mode mode) {
      this(mode, TestTokens.pipeline("fraud"));
    }

    Http(Mode mode, String token) {
      this.mode = mode;
      this.token = token;
    }

    @Override
    String name() {
      return "HTTP " + mode.name().toLowerCase();
    }

    @Override
    Outcome send(
        EventType type, String modelId, Optional<String> version, String data, String eventId) {
      return switch (mode) {
        case BINARY -> binary(token, type, modelId, version, data, eventId);
        case STRUCTURED ->
            outcome(
                given()
                    .config(AS_IS)
                    .auth()
                    .oauth2(token)
                    .contentType("application/cloudevents+json")
                    .body(structured(type, modelId, version, data, eventId).toString())
                    .post("/api/v1/events"));
        case BATCH -> {
          Response response =
              given()
                  .config(AS_IS)
                  .auth()
                  .oauth2(token)
                  .contentType("application/cloudevents-batch+json")
                  .body("[" + structured(type, modelId, version, data, eventId) + "]")
                  .post("/api/v1/events");
          if (response.statusCode() != 207) {
            yield outcome(response);
          }
          JsonNode first = read(response.asString()).get(0);
          yield new Outcome(
              first.path("status").asInt(),
              Optional.ofNullable(first.path("problem").path("type").textValue()),
              first.toString());
        }
      };
    }

    static Outcome binary(
        String token,
        EventType type,
        String modelId,
        Optional<String> version,
        String data,
        String eventId) {
      var request =
          given()
              .config(AS_IS)
              .auth()
              .oauth2(token)
              .header("ce-specversion", "1.0")
              .header("ce-id", eventId)
              .header("ce-source", SOURCE + "42")
              .header("ce-type", type.ceType())
              .header("ce-modelid", modelId)
              .contentType("application/json")
              .body(data);
      if (version.isPresent()) {
        request.header("ce-modelversion", version.get());
      }
      return outcome(request.post("/api/v1/events"));
    }
  }

  /** CloudEvents on the pipeline-events topic; the outcome comes back on the lifecycle topic. */
  static final class Kafka extends PipelineIngress {
    private final TopicClient kafka;

    Kafka(TopicClient kafka) {
      this.kafka = kafka;
    }

    @Override
    String name() {
      return "Kafka";
    }

    @Override
    Outcome send(
        EventType type, String modelId, Optional<String> version, String data, String eventId) {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(
              Topics.PIPELINE_EVENTS, modelId, data.getBytes(StandardCharsets.UTF_8));
      record.headers().add("ce_specversion", bytes("1.0"));
      record.headers().add("ce_id", bytes(eventId));
      record.headers().add("ce_source", bytes(SOURCE + "kafka"));
      record.headers().add("ce_type", bytes(type.ceType()));
      record.headers().add("ce_modelid", bytes(modelId));
      version.ifPresent(v -> record.headers().add("ce_modelversion", bytes(v)));
      record.headers().add("content-type", bytes("application/json"));
      kafka.send(record);
      return awaitOutcome(kafka, eventId, SOURCE + "kafka");
    }

    static Outcome awaitOutcome(TopicClient kafka, String eventId, String eventSource) {
      RawEvent outcome =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> outcomeOf(kafka, eventId, eventSource), Optional::isPresent)
              .orElseThrow();
      JsonNode data = read(new String(outcome.data(), StandardCharsets.UTF_8));
      return new Outcome(
          data.path("status").asInt(),
          Optional.ofNullable(data.path("problemType").textValue()),
          data.toString());
    }

    /**
     * The outcome of one event: CloudEvents identify an event by its id and its source together.
     */
    static Optional<RawEvent> outcomeOf(TopicClient kafka, String eventId, String eventSource) {
      List<String> types =
          List.of(
              EventType.PIPELINE_EVENT_ACCEPTED.ceType(),
              EventType.PIPELINE_EVENT_REJECTED.ceType());
      return kafka.events(Topics.LIFECYCLE).stream()
          .filter(e -> types.contains(e.ceType()))
          .filter(
              e -> {
                JsonNode data = read(new String(e.data(), StandardCharsets.UTF_8));
                return data.path("eventId").asText().equals(eventId)
                    && data.path("eventSource").asText().equals(eventSource);
              })
          .reduce((a, b) -> b);
    }

    private static byte[] bytes(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
  }

  static ObjectNode structured(
      EventType type, String modelId, Optional<String> version, String data, String eventId) {
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", eventId);
    event.put("source", SOURCE + "42");
    event.put("type", type.ceType());
    event.put("modelid", modelId);
    version.ifPresent(v -> event.put("modelversion", v));
    event.put("datacontenttype", "application/json");
    event.set("data", read(data));
    return event;
  }

  static Outcome outcome(Response response) {
    String body = response.asString();
    Optional<String> problemType =
        response.statusCode() >= 400
            ? Optional.ofNullable(read(body).path("type").textValue())
            : Optional.empty();
    return new Outcome(response.statusCode(), problemType, body);
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

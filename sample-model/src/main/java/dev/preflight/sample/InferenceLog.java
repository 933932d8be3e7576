package dev.preflight.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.inference.InferenceRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes every inference to {@code preflight.inference-logs.v1} in Preflight's native format,
 * one record per row, keyed by request id — what a payload logger next to a model server does.
 * Without Kafka it logs nothing.
 */
final class InferenceLog implements AutoCloseable {

  private final ObjectMapper mapper = Json.mapper();

  /** Empty when no Kafka is configured: nothing is logged. */
  private final Optional<KafkaProducer<String, String>> producer;

  private InferenceLog(Optional<KafkaProducer<String, String>> producer) {
    this.producer = producer;
  }

  static InferenceLog to(Optional<String> bootstrap) {
    return new InferenceLog(
        bootstrap.map(
            servers ->
                new KafkaProducer<>(
                    Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.ACKS_CONFIG,
                        "1",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        5000),
                    new StringSerializer(),
                    new StringSerializer())));
  }

  void succeeded(
      String modelId,
      String version,
      String requestId,
      List<Map<String, Object>> rows,
      List<SampleModel.Prediction> predictions,
      double latencyMs,
      Authenticator.Verdict verdict,
      long payloadBytes) {
    for (int i = 0; i < rows.size(); i++) {
      String rowId = rows.size() == 1 ? requestId : requestId + "-" + i;
      SampleModel.Prediction prediction = predictions.get(i);
      send(
          new InferenceRecord(
              modelId,
              version,
              rowId,
              OffsetDateTime.now(ZoneOffset.UTC),
              rows.get(i),
              Optional.of(
                  JsonNodeFactory.instance
                      .objectNode()
                      .put("label", prediction.label())
                      .put("score", prediction.score())),
              latencyMs,
              200,
              verdict.client(),
              Optional.of(verdict.auth()),
              Optional.of(payloadBytes / Math.max(1, rows.size())),
              Map.of()));
    }
  }

  void failed(
      String modelId,
      String version,
      int status,
      Authenticator.Verdict verdict,
      long payloadBytes) {
    send(
        new InferenceRecord(
            modelId,
            version,
            UUID.randomUUID().toString(),
            OffsetDateTime.now(ZoneOffset.UTC),
            Map.of(),
            Optional.empty(),
            0,
            status,
            verdict.client(),
            Optional.of(verdict.auth()),
            Optional.of(payloadBytes),
            Map.of()));
  }

  private void send(InferenceRecord record) {
    if (producer.isEmpty()) {
      return;
    }
    try {
      producer
          .get()
          .send(
              new ProducerRecord<>(
                  Topics.INFERENCE_LOGS, record.requestId(), mapper.writeValueAsString(record)));
    } catch (Exception e) {
      // Logging must never fail an inference.
      System.err.println("inference log not sent: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    producer.ifPresent(p -> p.close(java.time.Duration.ofSeconds(5)));
  }
}

package dev.preflight.contracts;

/** Names of the CloudEvents attributes and extensions the contract uses. */
public final class CloudEventAttributes {
  /** Extension: the model id. */
  public static final String MODEL_ID = "modelid";

  /** Extension: the model version; absent for model-level events. */
  public static final String MODEL_VERSION = "modelversion";

  /** Extension: ties together every event caused by one pipeline action. */
  public static final String CORRELATION_ID = "correlationid";

  /** Kafka binary binding: attribute headers are {@code ce_<name>}. */
  public static final String KAFKA_HEADER_PREFIX = "ce_";

  public static final String JSON = "application/json";

  private CloudEventAttributes() {}
}

package dev.preflight.checklist.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.checklist.messaging.Outbox;
import dev.preflight.checklist.persistence.ModelEntity;
import dev.preflight.checklist.persistence.ModelRepository;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.rest.LifecycleResource;
import dev.preflight.checklist.service.EventSource;
import dev.preflight.checklist.service.LifecycleService;
import dev.preflight.checklist.service.Registered;
import dev.preflight.checklist.service.VersionService;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.PipelineEventAccepted;
import dev.preflight.contracts.events.PipelineEventRejected;
import dev.preflight.contracts.events.PipelineRetirementReported;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.rest.Problem;
import dev.preflight.support.rest.ProblemException;
import dev.preflight.support.rest.Problems;
import dev.preflight.support.rest.RequestReader;
import dev.preflight.support.security.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Applies a pipeline's actions that arrive as CloudEvents, over HTTP or Kafka, with the validation,
 * authorisation and audit of the matching REST call, and exactly once per event: an event is
 * identified by its {@code source} and {@code id}, and the same event again answers with the
 * recorded outcome without applying anything. Every outcome, accepted or rejected, is published on
 * the lifecycle topic ({@code pipeline.event.accepted} / {@code pipeline.event.rejected}, carrying
 * the event's correlation id) in the transaction that decides it.
 */
@ApplicationScoped
public class PipelineEvents {

  /** How a pipeline event arrived. */
  public enum Channel {
    HTTP,
    KAFKA;

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Where rejections point: the ingress endpoint. */
  static final String INSTANCE = "/api/v1/events";

  /** The model id an outcome carries when the event named none that could exist. */
  static final String UNKNOWN_MODEL = "_unknown";

  private static final Pattern MODEL_ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
  private static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$");

  private final VersionService versions;
  private final LifecycleService lifecycle;
  private final ModelRepository models;
  private final RequestReader requests;
  private final Outbox outbox;
  private final EntityManager entityManager;
  private final ObjectMapper mapper;
  private final MeterRegistry meters;

  public PipelineEvents(
      VersionService versions,
      LifecycleService lifecycle,
      ModelRepository models,
      RequestReader requests,
      Outbox outbox,
      EntityManager entityManager,
      ObjectMapper mapper,
      MeterRegistry meters) {
    this.versions = versions;
    this.lifecycle = lifecycle;
    this.models = models;
    this.requests = requests;
    this.outbox = outbox;
    this.entityManager = entityManager;
    this.mapper = mapper;
    this.meters = meters;
  }

  /**
   * Applies the event for the caller, or rejects it. An unforeseen failure (the database down) is
   * thrown, and nothing is recorded: the event may be delivered again.
   */
  public PipelineOutcome apply(PipelineEvent event, Caller caller, Channel channel) {
    PipelineOutcome outcome;
    try {
      outcome = applyOrReplay(event, caller, channel);
    } catch (RuntimeException e) {
      return reject(event, Problems.of(e, INSTANCE).orElseThrow(() -> e), channel);
    }
    count(event, outcome, channel);
    return outcome;
  }

  /**
   * Rejects an event, or input that could not be read as one: nothing of it is applied, and the
   * rejection is published so that its producer learns why.
   */
  public PipelineOutcome reject(PipelineEvent event, Problem problem, Channel channel) {
    PipelineOutcome outcome = PipelineOutcome.rejected(event, problem);
    QuarkusTransaction.requiringNew().run(() -> outbox.append(rejection(event, outcome)));
    count(event, outcome, channel);
    return outcome;
  }

  private void count(PipelineEvent event, PipelineOutcome outcome, Channel channel) {
    meters
        .counter(
            "preflight.pipeline.events",
            "channel",
            channel.id(),
            "outcome",
            outcome.outcome(),
            "type",
            event.type().map(EventType::eventName).orElse("unknown"))
        .increment();
  }

  private PipelineOutcome applyOrReplay(PipelineEvent event, Caller caller, Channel channel) {
    event.requireValidEnvelope();
    JsonNode body = data(event);
    Action action = action(event, body);
    // Over the data as JSON, so that the same event in another mode of the binding (other spacing,
    // other key order) is the same event.
    String fingerprint = event.fingerprint(canonical(body));
    // Twice at most: a concurrent delivery of the same event may record it between the look-up and
    // the insert, and then its outcome is the answer.
    for (int attempt = 0; attempt < 2; attempt++) {
      Optional<PipelineOutcome> recorded =
          QuarkusTransaction.requiringNew().call(() -> recorded(event, fingerprint, caller));
      if (recorded.isPresent()) {
        return recorded.get();
      }
      try {
        return QuarkusTransaction.requiringNew()
            .call(() -> applyOnce(event, action, fingerprint, caller, channel));
      } catch (AlreadyRecorded e) {
        // Recorded by a concurrent delivery; read its outcome.
      }
    }
    throw new IllegalStateException("event " + event + " is neither applied nor recorded");
  }

  /** The data bound to the REST call's body, after the same validation. */
  private Action action(PipelineEvent event, JsonNode body) {
    EventType type = event.type().orElseThrow();
    String modelId = event.modelId().orElseThrow();
    return switch (type) {
      case PIPELINE_VERSION_SUBMITTED -> {
        VersionManifest manifest =
            requests.read(body, RequestReader.VERSION_MANIFEST, VersionManifest.class);
        if (event.modelVersion().isPresent()
            && !event.modelVersion().get().equals(manifest.version())) {
          throw new InvalidRequestException(
              "the event's version and its manifest's differ",
              List.of(
                  new Problem.FieldError(
                      "modelversion",
                      "'"
                          + event.modelVersion().get()
                          + "' is not the manifest's version '"
                          + manifest.version()
                          + "'")));
        }
        yield new Action.Submit(modelId, manifest);
      }
      case PIPELINE_DEPLOYMENT_REPORTED ->
          new Action.Deploy(
              modelId,
              event.modelVersion().orElseThrow(),
              requests.read(body, LifecycleResource.DEPLOYMENT_REPORT, Deployment.class));
      case PIPELINE_RETIREMENT_REPORTED ->
          new Action.Retire(
              modelId,
              event.modelVersion().orElseThrow(),
              body == null
                  ? Optional.empty()
                  : requests
                      .read(body, LifecycleResource.RETIREMENT, PipelineRetirementReported.class)
                      .reason());
      default -> throw new IllegalStateException("not a pipeline action: " + type);
    };
  }

  private JsonNode data(PipelineEvent event) {
    if (event.data().length == 0) {
      return null;
    }
    try {
      return mapper.readTree(event.data());
    } catch (IOException e) {
      throw new InvalidRequestException(
          "the event's data is not JSON",
          List.of(new Problem.FieldError("data", e.getMessage().lines().findFirst().orElse(""))));
    }
  }

  /** The JSON text of the data with every object's keys sorted; empty for no data. */
  private String canonical(JsonNode body) {
    if (body == null) {
      return "";
    }
    try {
      return mapper.writeValueAsString(sorted(body));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = mapper.createObjectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      names.forEach(name -> copy.set(name, sorted(node.get(name))));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = mapper.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** The outcome recorded for this event, if it was applied before. */
  private Optional<PipelineOutcome> recorded(
      PipelineEvent event, String fingerprint, Caller caller) {
    List<?> rows =
        entityManager
            .createNativeQuery(
                "SELECT fingerprint, model_id, status, resource, model_version FROM pipeline_event"
                    + " WHERE source = ?1 AND event_id = ?2")
            .setParameter(1, event.source())
            .setParameter(2, event.id())
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = (Object[]) rows.get(0);
    String modelId = (String) row[1];
    String modelVersion = (String) row[4];
    // A replay is answered only to those who may make the call; others learn nothing of it.
    ModelEntity model =
        Optional.ofNullable(models.findById(modelId))
            .orElseThrow(() -> new NotFoundException("model '" + modelId + "' is not registered"));
    caller.requireWritable(
        model.team, () -> new NotFoundException("model '" + modelId + "' is not registered"));
    if (!row[0].equals(fingerprint)) {
      throw new ProblemException(
          409,
          "duplicate-event-id",
          "Event id already used",
          "event id '"
              + event.id()
              + "' from source '"
              + event.source()
              + "' was applied already, with other content; a new event needs a new id",
          Map.of("eventId", event.id(), "source", event.source()));
    }
    PipelineOutcome outcome =
        PipelineOutcome.accepted(
            event, modelId, modelVersion, ((Number) row[2]).intValue(), true, (String) row[3]);
    outbox.append(acceptance(event, outcome));
    return Optional.of(outcome);
  }

  private PipelineOutcome applyOnce(
      PipelineEvent event, Action action, String fingerprint, Caller caller, Channel channel) {
    String correlationId = event.correlationId();
    PipelineOutcome outcome;
    if (action instanceof Action.Submit submit) {
      Registered<ModelVersionEntity> registered =
          versions.register(submit.modelId(), submit.manifest(), caller, correlationId);
      outcome =
          PipelineOutcome.accepted(
              event,
              submit.modelId(),
              submit.version(),
              registered.created() ? 201 : 200,
              false,
              versionPath(submit.modelId(), submit.version()));
    } else if (action instanceof Action.Deploy deploy) {
      Registered<ModelVersionEntity> deployed =
          lifecycle.deploy(
              deploy.modelId(), deploy.version(), deploy.deployment(), caller, correlationId);
      outcome =
          PipelineOutcome.accepted(
              event,
              deploy.modelId(),
              deploy.version(),
              deployed.created() ? 201 : 200,
              false,
              versionPath(deploy.modelId(), deploy.version())
                  + "/deployments/"
                  + deploy.deployment().environment());
    } else {
      Action.Retire retire = (Action.Retire) action;
      lifecycle.retire(retire.modelId(), retire.version(), retire.reason(), caller, correlationId);
      outcome =
          PipelineOutcome.accepted(
              event,
              retire.modelId(),
              retire.version(),
              200,
              false,
              versionPath(retire.modelId(), retire.version()));
    }
    int inserted =
        entityManager
            .createNativeQuery(
                "INSERT INTO pipeline_event (source, event_id, event_type, model_id, model_version,"
                    + " fingerprint, channel, actor, status, resource, received_at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                    + " ON CONFLICT DO NOTHING")
            .setParameter(1, event.source())
            .setParameter(2, event.id())
            .setParameter(3, event.ceType())
            .setParameter(4, action.modelId())
            .setParameter(5, action.version())
            .setParameter(6, fingerprint)
            .setParameter(7, channel.id())
            .setParameter(8, caller.name())
            .setParameter(9, outcome.status())
            .setParameter(10, outcome.resource().orElse(null))
            .setParameter(11, OffsetDateTime.now(ZoneOffset.UTC))
            .executeUpdate();
    if (inserted == 0) {
      // Another delivery of this event committed first: undo this one.
      throw new AlreadyRecorded();
    }
    outbox.append(acceptance(event, outcome));
    return outcome;
  }

  private static String versionPath(String modelId, String version) {
    return "/api/v1/models/" + modelId + "/versions/" + version;
  }

  private static Event<PipelineEventAccepted> acceptance(
      PipelineEvent event, PipelineOutcome outcome) {
    return outcomeEvent(
        EventType.PIPELINE_EVENT_ACCEPTED,
        event,
        outcome.version(),
        new PipelineEventAccepted(
            event.id(),
            event.source(),
            event.ceType(),
            outcome.status(),
            outcome.replayed(),
            outcome.resource()));
  }

  private static Event<PipelineEventRejected> rejection(
      PipelineEvent event, PipelineOutcome outcome) {
    Problem problem = outcome.problem().orElseThrow();
    return outcomeEvent(
        EventType.PIPELINE_EVENT_REJECTED,
        event,
        event.modelVersion().filter(v -> VERSION.matcher(v).matches()),
        new PipelineEventRejected(
            PipelineEvent.clip(event.id()),
            PipelineEvent.clip(event.source()),
            PipelineEvent.clip(event.ceType()),
            problem.status(),
            problem.type(),
            Problems.reasons(problem)));
  }

  /**
   * An outcome is about the event's model version, and carries its correlation id; an event that
   * named no valid model is reported under {@value #UNKNOWN_MODEL}, which no model can be called.
   */
  private static <T> Event<T> outcomeEvent(
      EventType type, PipelineEvent event, Optional<String> version, T data) {
    String modelId =
        event.modelId().filter(id -> MODEL_ID.matcher(id).matches()).orElse(UNKNOWN_MODEL);
    return new Event<>(
        UUID.randomUUID().toString(),
        type,
        EventSource.CHECKLIST_SERVICE,
        OffsetDateTime.now(ZoneOffset.UTC),
        modelId,
        version,
        event.correlationId(),
        data);
  }

  /** A pipeline action, its data bound. */
  private sealed interface Action {
    String modelId();

    String version();

    record Submit(String modelId, VersionManifest manifest) implements Action {
      @Override
      public String version() {
        return manifest.version();
      }
    }

    record Deploy(String modelId, String version, Deployment deployment) implements Action {}

    record Retire(String modelId, String version, Optional<String> reason) implements Action {}
  }

  /** Another delivery of the event was recorded first. */
  private static final class AlreadyRecorded extends RuntimeException {
    AlreadyRecorded() {
      super(null, null, false, false);
    }
  }
}

package dev.preflight.checklist.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.rest.Views;
import dev.preflight.checklist.service.VersionService;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.Problem;
import dev.preflight.support.rest.ProblemMappers;
import dev.preflight.support.rest.Problems;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The pipeline's actions as CloudEvents over HTTP: the binary, structured and batch modes of the
 * CloudEvents HTTP binding. One event answers exactly as the matching REST call would; a batch
 * answers 207 with one outcome per event, in order.
 */
@Path("/api/v1/events")
@Tag(name = "events", description = "Pipeline actions as CloudEvents")
@SecurityRequirement(name = "SecurityScheme")
public class PipelineEventResource {

  public static final String STRUCTURED = "application/cloudevents+json";
  public static final String BATCH = "application/cloudevents-batch+json";

  /** The most events one batch may hold. */
  public static final int MAX_BATCH = 100;

  private static final String BINARY_EXAMPLE =
      """
      {"environment": "test", "endpointUrl": "http://fraud-detector.test.svc:8080",
       "protocol": "oip-v2", "modelName": "fraud-detector"}
      """;

  private final PipelineEvents events;
  private final VersionService versions;
  private final Views views;
  private final Caller caller;
  private final ObjectMapper mapper;
  private final JsonFormat format = new JsonFormat();

  public PipelineEventResource(
      PipelineEvents events,
      VersionService versions,
      Views views,
      Caller caller,
      ObjectMapper mapper) {
    this.events = events;
    this.versions = versions;
    this.views = views;
    this.caller = caller;
    this.mapper = mapper;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @RolesAllowed({Roles.PIPELINE, Roles.ADMIN})
  @Operation(
      summary = "Submit pipeline actions as CloudEvents",
      description =
          "Types dev.preflight.pipeline.version.submitted, .deployment.reported and"
              + " .retirement.reported; the data is the body of the matching REST call, the model"
              + " and version are the modelid and modelversion extension attributes. Binary mode"
              + " (ce-* headers, the data as the body), structured mode"
              + " (application/cloudevents+json) or batch mode (application/cloudevents-batch+json,"
              + " at most 100 events). One event answers as the REST call would (201/200 with the"
              + " version, or a problem); a batch answers 207 with an outcome per event. The same"
              + " event (source and id) again applies nothing and answers with its recorded"
              + " outcome; its id with other content is refused (409 duplicate-event-id). Every"
              + " outcome is also published on preflight.lifecycle.v1 as pipeline.event.accepted or"
              + " pipeline.event.rejected.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "binary mode data", value = BINARY_EXAMPLE)))
  @APIResponse(responseCode = "201", description = "Applied; created the resource")
  @APIResponse(responseCode = "200", description = "Applied; it changed nothing, or a replay")
  @APIResponse(responseCode = "207", description = "A batch: one outcome per event")
  @APIResponse(responseCode = "400", description = "Not a valid pipeline event")
  @APIResponse(responseCode = "409", description = "Conflict, gate closed, or a reused event id")
  public Response submit(@Context HttpHeaders headers, byte[] body) {
    String contentType = mediaType(headers);
    if (contentType.equals(BATCH)) {
      return batch(body);
    }
    PipelineEvent event;
    try {
      event = PipelineEvent.of(read(headers, body));
    } catch (UnreadableEvent e) {
      return answer(events.reject(e.partial, e.problem, PipelineEvents.Channel.HTTP));
    }
    return answer(events.apply(event, caller, PipelineEvents.Channel.HTTP));
  }

  private Response batch(byte[] body) {
    JsonNode array;
    try {
      array = mapper.readTree(body);
    } catch (IOException e) {
      throw new InvalidRequestException(
          "a batch is a JSON array of CloudEvents in the JSON format", List.of());
    }
    if (array == null || !array.isArray() || array.isEmpty() || array.size() > MAX_BATCH) {
      throw new InvalidRequestException(
          "a batch is a JSON array of 1 to " + MAX_BATCH + " CloudEvents in the JSON format",
          List.of());
    }
    List<PipelineOutcome> outcomes = new ArrayList<>();
    for (JsonNode element : array) {
      PipelineOutcome outcome;
      try {
        CloudEvent cloudEvent = structured(element);
        outcome = events.apply(PipelineEvent.of(cloudEvent), caller, PipelineEvents.Channel.HTTP);
      } catch (UnreadableEvent e) {
        outcome = events.reject(e.partial, e.problem, PipelineEvents.Channel.HTTP);
      }
      outcomes.add(outcome);
    }
    return Response.status(207).type(MediaType.APPLICATION_JSON).entity(outcomes).build();
  }

  private CloudEvent read(HttpHeaders headers, byte[] body) {
    Map<String, String> single = new HashMap<>();
    headers.getRequestHeaders().forEach((name, values) -> single.put(name, values.get(0)));
    boolean structured = mediaType(headers).equals(STRUCTURED);
    if (!structured && headers.getHeaderString("ce-specversion") == null) {
      throw new UnreadableEvent(
          partial(headers),
          "not a CloudEvent: send the ce-* headers (binary mode), or the event as "
              + STRUCTURED
              + " or a batch as "
              + BATCH);
    }
    try {
      return HttpMessageFactory.createReader(single, body).toEvent();
    } catch (CloudEventRWException | EventDeserializationException | IllegalStateException e) {
      throw new UnreadableEvent(
          structured ? partial(body) : partial(headers),
          "not a valid CloudEvent: " + e.getMessage());
    }
  }

  private CloudEvent structured(JsonNode element) {
    if (!element.isObject()) {
      throw new UnreadableEvent(
          PipelineEvent.unreadable(Optional.empty(), Optional.empty(), Optional.empty()),
          "a batch element must be a CloudEvent in the JSON format");
    }
    try {
      return format.deserialize(mapper.writeValueAsBytes(element));
    } catch (CloudEventRWException
        | EventDeserializationException
        | IOException
        | IllegalStateException e) {
      throw new UnreadableEvent(partial(element), "not a valid CloudEvent: " + e.getMessage());
    }
  }

  private Response answer(PipelineOutcome outcome) {
    if (outcome.problem().isPresent()) {
      Problem problem = outcome.problem().get();
      Map<String, Object> extensions = new HashMap<>(problem.extensions());
      extensions.put("eventId", outcome.id());
      extensions.put("eventSource", outcome.source());
      return ProblemMappers.respond(
          new Problem(
              problem.type(),
              problem.title(),
              problem.status(),
              problem.detail(),
              problem.instance(),
              problem.errors(),
              extensions));
    }
    // The same body as the REST call: the version as it is now.
    Response.ResponseBuilder response =
        Response.status(outcome.status())
            .type(MediaType.APPLICATION_JSON)
            .entity(
                views.version(
                    versions.get(
                        outcome.modelId().orElseThrow(), outcome.version().orElseThrow(), caller)));
    if (outcome.status() == 201) {
      response.location(URI.create(outcome.resource().orElseThrow()));
    }
    return response.build();
  }

  private static String mediaType(HttpHeaders headers) {
    String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
    return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  private static PipelineEvent partial(HttpHeaders headers) {
    return PipelineEvent.unreadable(
        Optional.ofNullable(headers.getHeaderString("ce-id")),
        Optional.ofNullable(headers.getHeaderString("ce-source")),
        Optional.ofNullable(headers.getHeaderString("ce-type")));
  }

  private PipelineEvent partial(byte[] body) {
    try {
      return partial(mapper.readTree(body));
    } catch (IOException e) {
      return PipelineEvent.unreadable(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  private static PipelineEvent partial(JsonNode event) {
    return PipelineEvent.unreadable(text(event, "id"), text(event, "source"), text(event, "type"));
  }

  private static Optional<String> text(JsonNode event, String field) {
    return Optional.ofNullable(event)
        .map(e -> e.get(field))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText);
  }

  /** Input that is not a CloudEvent: rejected as a 400, with what could be told of it. */
  private static final class UnreadableEvent extends RuntimeException {
    final PipelineEvent partial;
    final Problem problem;

    UnreadableEvent(PipelineEvent partial, String detail) {
      super(detail, null, false, false);
      this.partial = partial;
      this.problem =
          Problems.problem(
              400,
              "invalid-event",
              "Not a valid CloudEvent",
              detail,
              PipelineEvents.INSTANCE,
              List.of());
    }
  }
}

package dev.preflight.checklist.ingress;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.preflight.support.rest.Problem;
import java.util.Optional;

/**
 * What became of one pipeline event: accepted (applied now, or had been applied already) with the
 * status and resource the matching REST call would have answered, or rejected with the problem.
 *
 * @param replayed the event had been applied before; this is its recorded outcome
 */
public record PipelineOutcome(
    String id,
    String source,
    String type,
    Optional<String> modelId,
    Optional<String> version,
    int status,
    boolean replayed,
    Optional<String> resource,
    Optional<Problem> problem) {

  static PipelineOutcome accepted(
      PipelineEvent event,
      String modelId,
      String version,
      int status,
      boolean replayed,
      String resource) {
    return new PipelineOutcome(
        event.id(),
        event.source(),
        event.ceType(),
        Optional.of(modelId),
        Optional.of(version),
        status,
        replayed,
        Optional.of(resource),
        Optional.empty());
  }

  static PipelineOutcome rejected(PipelineEvent event, Problem problem) {
    return new PipelineOutcome(
        event.id(),
        event.source(),
        event.ceType(),
        event.modelId(),
        event.modelVersion(),
        problem.status(),
        false,
        Optional.empty(),
        Optional.of(problem));
  }

  @JsonProperty("outcome")
  public String outcome() {
    return accepted() ? "accepted" : "rejected";
  }

  public boolean accepted() {
    return problem.isEmpty();
  }
}

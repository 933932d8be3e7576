package dev.preflight.checklist.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.domain.PhaseStatus;
import dev.preflight.checklist.persistence.ChecklistItemEntity;
import dev.preflight.checklist.persistence.ItemChangeEntity;
import dev.preflight.checklist.persistence.ModelEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.service.ChecklistService;
import dev.preflight.checklist.service.ModelService;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.Phase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the REST API shows of models, versions and checklists; entities never leave the service. */
@ApplicationScoped
public class Views {

  private final ObjectMapper mapper;

  public Views(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public record ModelView(
      String modelId,
      String name,
      String team,
      Owner owner,
      Optional<String> description,
      OffsetDateTime createdAt,
      String createdBy,
      Map<String, String> links) {}

  public record VersionView(
      String modelId,
      String version,
      Phase phase,
      boolean firstVersion,
      TemplateRef template,
      OffsetDateTime registeredAt,
      String registeredBy,
      JsonNode manifest,
      ChecklistSummary checklist,
      Map<String, String> links) {}

  public record TemplateRef(String id, int version) {}

  /**
   * @param states number of items per state
   * @param blocking items of the current phase that keep it from completing
   */
  public record ChecklistSummary(
      Phase phase, PhaseStatus phaseStatus, Map<ItemState, Long> states, List<String> blocking) {}

  public record ChecklistView(
      String modelId,
      String modelName,
      String team,
      String version,
      Phase phase,
      TemplateRef template,
      List<PhaseView> phases) {}

  public record PhaseView(Phase phase, PhaseStatus status, List<ItemView> items) {}

  public record ItemView(
      String itemId,
      String text,
      ItemState state,
      boolean required,
      boolean automated,
      boolean newVersionsOnly,
      Optional<JsonNode> evidence,
      OffsetDateTime updatedAt,
      String updatedBy,
      List<ChangeView> history) {}

  public record ChangeView(
      ItemState from,
      ItemState to,
      OffsetDateTime at,
      String by,
      Optional<String> cause,
      Optional<JsonNode> evidence) {}

  public ModelView model(ModelEntity model) {
    String self = "/api/v1/models/" + model.id;
    return new ModelView(
        model.id,
        model.name,
        model.team,
        ModelService.owner(model),
        Optional.ofNullable(model.description),
        model.createdAt,
        model.createdBy,
        Map.of("self", self, "versions", self + "/versions"));
  }

  public VersionView version(ModelVersionEntity version) {
    String self = "/api/v1/models/" + version.model.id + "/versions/" + version.version;
    return new VersionView(
        version.model.id,
        version.version,
        version.phase,
        version.firstVersion,
        new TemplateRef(version.templateId, version.templateVersion),
        version.registeredAt,
        version.registeredBy,
        json(version.manifest).orElseThrow(),
        summary(version),
        Map.of("self", self, "checklist", self + "/checklist"));
  }

  public ChecklistSummary summary(ModelVersionEntity version) {
    Map<ItemState, Long> states = new LinkedHashMap<>();
    for (ItemState state : ItemState.values()) {
      long count = version.items.stream().filter(item -> item.state == state).count();
      if (count > 0) {
        states.put(state, count);
      }
    }
    List<String> blocking =
        version.items.stream()
            .filter(
                item -> item.phase == version.phase && item.required && !item.state.isSatisfied())
            .map(item -> item.itemId)
            .toList();
    return new ChecklistSummary(
        version.phase, ChecklistService.phaseStatus(version, version.phase), states, blocking);
  }

  public ChecklistView checklist(ModelVersionEntity version) {
    List<PhaseView> phases =
        Arrays.stream(Phase.values())
            .filter(phase -> phase != Phase.RETIRED)
            .map(
                phase ->
                    new PhaseView(
                        phase,
                        ChecklistService.phaseStatus(version, phase),
                        version.items.stream()
                            .filter(item -> item.phase == phase)
                            .map(this::item)
                            .toList()))
            .toList();
    return new ChecklistView(
        version.model.id,
        version.model.name,
        version.model.team,
        version.version,
        version.phase,
        new TemplateRef(version.templateId, version.templateVersion),
        phases);
  }

  private ItemView item(ChecklistItemEntity item) {
    return new ItemView(
        item.itemId,
        item.text,
        item.state,
        item.required,
        item.automated,
        item.newVersionsOnly,
        json(item.evidence),
        item.updatedAt,
        item.updatedBy,
        item.changes.stream().map(this::change).toList());
  }

  private ChangeView change(ItemChangeEntity change) {
    return new ChangeView(
        change.fromState,
        change.toState,
        change.changedAt,
        change.actor,
        Optional.ofNullable(change.cause),
        json(change.evidence));
  }

  private Optional<JsonNode> json(String stored) {
    if (stored == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapper.readTree(stored));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }
}

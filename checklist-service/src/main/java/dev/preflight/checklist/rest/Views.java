package dev.preflight.checklist.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.domain.ChecklistDocument;
import dev.preflight.checklist.domain.GateDecision;
import dev.preflight.checklist.domain.PhaseStatus;
import dev.preflight.checklist.domain.ReadinessScore;
import dev.preflight.checklist.persistence.AuditEntryEntity;
import dev.preflight.checklist.persistence.ChecklistItemEntity;
import dev.preflight.checklist.persistence.DeploymentEntity;
import dev.preflight.checklist.persistence.ModelEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.persistence.ReadinessScoreEntity;
import dev.preflight.checklist.service.ChecklistSnapshot;
import dev.preflight.checklist.service.ModelService;
import dev.preflight.checklist.service.StateChanges;
import dev.preflight.checklist.service.VersionService;
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
      String template,
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
      List<String> notes,
      Map<String, String> links) {}

  public record TemplateRef(String id, int version) {}

  /**
   * @param states number of items per state
   * @param blocking items of the current phase that keep it from completing
   */
  /**
   * @param score the current phase's readiness score (see {@link PhaseView})
   */
  public record ChecklistSummary(
      Phase phase,
      PhaseStatus phaseStatus,
      ReadinessScore score,
      Map<ItemState, Long> states,
      List<String> blocking) {}

  public record ChecklistView(
      String modelId,
      String modelName,
      String team,
      String version,
      Phase phase,
      TemplateRef template,
      String registeredBy,
      Map<String, DeploymentView> deployments,
      List<PhaseView> phases,
      Optional<List<GateView>> gates) {

    /** The same checklist with the gate decisions asked for beside it. */
    public ChecklistView withGates(List<GateView> decided) {
      return new ChecklistView(
          modelId,
          modelName,
          team,
          version,
          phase,
          template,
          registeredBy,
          deployments,
          phases,
          Optional.of(decided));
    }
  }

  public record DeploymentView(JsonNode deployment, OffsetDateTime reportedAt, String reportedBy) {}

  /**
   * @param score the phase's readiness now: 1 point per item verified by a machine, 0.5 per item
   *     attested or waived
   * @param scoreHistory the score after every change, oldest first
   */
  public record PhaseView(
      Phase phase,
      PhaseStatus status,
      ReadinessScore score,
      List<ScorePoint> scoreHistory,
      List<ItemView> items) {}

  public record ScorePoint(OffsetDateTime at, double points, int maxPoints) {}

  public record ItemView(
      String itemId,
      String text,
      ItemState state,
      boolean required,
      boolean automated,
      boolean newVersionsOnly,
      boolean attested,
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

  public record GateView(
      String modelId,
      String version,
      String target,
      GateDecision.Verdict decision,
      String reason,
      List<GateDecision.Blocker> blocking,
      OffsetDateTime decidedAt) {}

  public record AuditView(
      long id,
      OffsetDateTime at,
      String actor,
      String action,
      Optional<String> team,
      Optional<String> modelId,
      Optional<String> version,
      Optional<String> itemId,
      Optional<String> from,
      Optional<String> to,
      Optional<JsonNode> evidence,
      Optional<String> detail,
      Optional<String> cause) {}

  public ModelView model(ModelEntity model) {
    String self = "/api/v1/models/" + model.id;
    return new ModelView(
        model.id,
        model.name,
        model.team,
        ModelService.owner(model),
        Optional.ofNullable(model.description),
        model.templateId,
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
        notes(version),
        Map.of(
            "self",
            self,
            "checklist",
            self + "/checklist",
            "gate",
            self + "/gate?target=prod",
            "liveGate",
            self + "/gate?target=live"));
  }

  /** What Preflight decided for the pipeline that it should know. */
  private List<String> notes(ModelVersionEntity version) {
    List<String> notes = new java.util.ArrayList<>();
    JsonNode previous = json(version.manifest).orElseThrow().path("previousVersion");
    if (VersionService.PREVIOUS_FROM_PRODUCTION.equals(version.previousVersionSource)) {
      notes.add(
          "previousVersion "
              + previous.asText()
              + " is the version that was in production: the manifest named none");
    } else if (!previous.isTextual() && !version.firstVersion) {
      notes.add(
          "no previous version: none was named and none was in production, so the new-version"
              + " items do not apply");
    }
    return notes;
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
        version.phase,
        StateChanges.status(version, version.phase),
        StateChanges.score(version, version.phase),
        states,
        blocking);
  }

  public ChecklistView checklist(ChecklistSnapshot snapshot) {
    ModelVersionEntity version = snapshot.version();
    Map<String, DeploymentView> deployments = new LinkedHashMap<>();
    for (DeploymentEntity deployment : snapshot.deployments()) {
      deployments.put(
          deployment.environment,
          new DeploymentView(
              json(deployment.deployment).orElseThrow(),
              deployment.reportedAt,
              deployment.reportedBy));
    }
    List<PhaseView> phases =
        Arrays.stream(Phase.values())
            .filter(Phase::holdsItems)
            .map(
                phase ->
                    new PhaseView(
                        phase,
                        StateChanges.status(version, phase),
                        StateChanges.score(version, phase),
                        snapshot.scores().stream()
                            .filter(score -> score.phase == phase)
                            .map(this::scorePoint)
                            .toList(),
                        version.items.stream()
                            .filter(item -> item.phase == phase)
                            .map(item -> item(item, snapshot.audit()))
                            .toList()))
            .toList();
    return new ChecklistView(
        version.model.id,
        version.model.name,
        version.model.team,
        version.version,
        version.phase,
        new TemplateRef(version.templateId, version.templateVersion),
        version.registeredBy,
        deployments,
        phases,
        Optional.empty());
  }

  public GateView gate(String modelId, String version, GateDecision decision) {
    return new GateView(
        modelId,
        version,
        decision.target(),
        decision.verdict(),
        decision.reason(),
        decision.blocking(),
        OffsetDateTime.now());
  }

  public AuditView audit(AuditEntryEntity entry) {
    return new AuditView(
        entry.id,
        entry.at,
        entry.actor,
        entry.action,
        Optional.ofNullable(entry.team),
        Optional.ofNullable(entry.modelId),
        Optional.ofNullable(entry.version),
        Optional.ofNullable(entry.itemId),
        Optional.ofNullable(entry.fromState),
        Optional.ofNullable(entry.toState),
        json(entry.evidence),
        Optional.ofNullable(entry.detail),
        Optional.ofNullable(entry.cause));
  }

  /** The checklist as a document, for the Markdown export. */
  public ChecklistDocument document(ChecklistSnapshot snapshot, OffsetDateTime exportedAt) {
    ModelVersionEntity version = snapshot.version();
    return new ChecklistDocument(
        snapshot.templateTitle(),
        version.model.name,
        version.model.id,
        version.version,
        new dev.preflight.checklist.domain.TemplateRef(version.templateId, version.templateVersion),
        version.phase,
        exportedAt,
        Arrays.stream(Phase.values())
            .filter(Phase::holdsItems)
            .map(
                phase ->
                    new ChecklistDocument.Section(
                        phase,
                        StateChanges.score(version, phase),
                        version.items.stream()
                            .filter(item -> item.phase == phase)
                            .map(
                                item ->
                                    new ChecklistDocument.Entry(
                                        item.text,
                                        item.state,
                                        item.newVersionsOnly,
                                        item.attested,
                                        json(item.evidence).map(evidence -> proof(evidence, item))))
                            .toList()))
            .toList());
  }

  private static ChecklistDocument.Proof proof(JsonNode evidence, ChecklistItemEntity item) {
    return new ChecklistDocument.Proof(
        evidence.path("source").asText(item.updatedBy),
        item.updatedAt,
        evidence.path("summary").asText(""),
        present(evidence.get("measured")),
        present(evidence.get("expected")),
        Optional.ofNullable(evidence.get("link")).map(JsonNode::asText));
  }

  private static Optional<String> present(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode()
        ? Optional.empty()
        : Optional.of(node.toString());
  }

  private ScorePoint scorePoint(ReadinessScoreEntity score) {
    return new ScorePoint(score.at, score.points.doubleValue(), score.maxPoints);
  }

  private ItemView item(ChecklistItemEntity item, List<AuditEntryEntity> audit) {
    return new ItemView(
        item.itemId,
        item.text,
        item.state,
        item.required,
        item.automated,
        item.newVersionsOnly,
        item.attested,
        json(item.evidence),
        item.updatedAt,
        item.updatedBy,
        audit.stream()
            .filter(entry -> item.itemId.equals(entry.itemId) && entry.toState != null)
            .map(this::change)
            .toList());
  }

  private ChangeView change(AuditEntryEntity entry) {
    return new ChangeView(
        ItemState.of(entry.fromState),
        ItemState.of(entry.toState),
        entry.at,
        entry.actor,
        Optional.ofNullable(entry.cause),
        json(entry.evidence));
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

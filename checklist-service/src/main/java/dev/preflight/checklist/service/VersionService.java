package dev.preflight.checklist.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.domain.ChecklistTemplate;
import dev.preflight.checklist.domain.TemplateItem;
import dev.preflight.checklist.messaging.Outbox;
import dev.preflight.checklist.persistence.ChecklistItemEntity;
import dev.preflight.checklist.persistence.ModelEntity;
import dev.preflight.checklist.persistence.ModelRepository;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.persistence.ModelVersionRepository;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Phase;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.support.rest.ConflictException;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.rest.Paging;
import dev.preflight.support.rest.Problem;
import dev.preflight.support.rest.RequestReader;
import dev.preflight.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Hibernate;

/** Registers versions, gives each a checklist from the template, and reads them. */
@ApplicationScoped
public class VersionService {

  /** A previous version taken from the version in production (the manifest named none). */
  public static final String PREVIOUS_FROM_PRODUCTION = "in-production";

  private final ModelRepository models;
  private final ModelVersionRepository versions;
  private final Outbox outbox;
  private final ObjectMapper mapper;
  private final TemplateService templates;
  private final StateChanges changes;
  private final AuditLog audit;

  public VersionService(
      ModelRepository models,
      ModelVersionRepository versions,
      Outbox outbox,
      ObjectMapper mapper,
      TemplateService templates,
      StateChanges changes,
      AuditLog audit) {
    this.changes = changes;
    this.audit = audit;
    this.templates = templates;
    this.models = models;
    this.versions = versions;
    this.outbox = outbox;
    this.mapper = mapper;
  }

  /**
   * Registers a version with its manifest, creates its checklist and enters after-training:
   * publishes {@code version.registered} and {@code phase.entered}. The same manifest again returns
   * the version as it is; another manifest for the same version is a conflict.
   */
  @Transactional
  public Registered<ModelVersionEntity> register(
      String modelId, VersionManifest manifest, Caller caller) {
    return register(modelId, manifest, caller, UUID.randomUUID().toString());
  }

  /**
   * Registers a version as {@link #register(String, VersionManifest, Caller)} does; the events it
   * publishes carry the given correlation id (e.g. that of the pipeline event that asked for it).
   */
  @Transactional
  public Registered<ModelVersionEntity> register(
      String modelId, VersionManifest manifest, Caller caller, String correlationId) {
    // Locking the model serialises concurrent registrations of its versions.
    ModelEntity model =
        Optional.ofNullable(models.findById(modelId, LockModeType.PESSIMISTIC_WRITE))
            .orElseThrow(() -> Missing.model(modelId));
    caller.requireWritable(model.team, () -> Missing.model(modelId));
    List<Problem.FieldError> invalidSchemas = new java.util.ArrayList<>();
    manifest
        .inputSchema()
        .ifPresent(
            schema ->
                invalidSchemas.addAll(RequestReader.schemaFieldErrors("/inputSchema", schema)));
    manifest
        .outputSchema()
        .ifPresent(
            schema ->
                invalidSchemas.addAll(RequestReader.schemaFieldErrors("/outputSchema", schema)));
    if (!invalidSchemas.isEmpty()) {
      throw new InvalidRequestException(
          "the input and output schemas must be valid JSON Schema (2020-12)", invalidSchemas);
    }
    JsonNode manifestJson = mapper.valueToTree(manifest);
    Optional<ModelVersionEntity> existing = versions.find(modelId, manifest.version());
    if (existing.isPresent()) {
      JsonNode stored = readTree(existing.get().manifest);
      JsonNode asked = manifestJson;
      if (PREVIOUS_FROM_PRODUCTION.equals(existing.get().previousVersionSource)
          && manifest.previousVersion().isEmpty()) {
        // registered without one, and the version in production was taken: the same request
        stored = withoutPrevious(stored);
        asked = withoutPrevious(asked);
      }
      if (!stored.equals(asked)) {
        throw new ConflictException(
            "version '"
                + manifest.version()
                + "' of model '"
                + modelId
                + "' is registered already with another manifest");
      }
      return new Registered<>(loaded(existing.get()), false);
    }
    if (manifest.previousVersion().isPresent()
        && versions.find(modelId, manifest.previousVersion().get()).isEmpty()) {
      throw new NotFoundException(
          "previous version '"
              + manifest.previousVersion().get()
              + "' of model '"
              + modelId
              + "' is not registered");
    }
    boolean firstVersion = versions.countOfModel(modelId) == 0;
    // Found by a user: only a model's first version got the new-version items not-applicable, and
    // later versions registered without previousVersion failed them oddly. The version it follows
    // is the one in production, unless the manifest names another.
    String previousSource = manifest.previousVersion().isPresent() ? "manifest" : null;
    if (manifest.previousVersion().isEmpty() && !firstVersion) {
      Optional<ModelVersionEntity> live = versions.inProduction(modelId);
      if (live.isPresent()) {
        manifest = manifest.withPreviousVersion(live.get().version);
        manifestJson = mapper.valueToTree(manifest);
        previousSource = PREVIOUS_FROM_PRODUCTION;
      }
    }
    ChecklistTemplate template =
        templates
            .latest(model.templateId)
            .orElseThrow(
                () -> new IllegalStateException("model " + modelId + " names a missing template"));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    ModelVersionEntity version = new ModelVersionEntity();
    version.model = model;
    version.version = manifest.version();
    version.manifest = manifestJson.toString();
    version.phase = Phase.AFTER_TRAINING;
    version.firstVersion = firstVersion;
    version.previousVersionSource = previousSource;
    version.templateId = template.id();
    version.templateVersion = template.version();
    version.registeredAt = now;
    version.registeredBy = caller.name();
    int position = 0;
    for (TemplateItem templateItem : template.items()) {
      version.items.add(
          newItem(
              version,
              templateItem,
              position++,
              manifest.previousVersion().isEmpty(),
              now,
              caller.name(),
              json(templateItem.parameters())));
    }
    versions.persist(version);

    ModelRef modelRef = PhaseEntries.modelRef(model);
    outbox.append(
        Event.of(
            EventType.VERSION_REGISTERED,
            EventSource.CHECKLIST_SERVICE,
            modelId,
            version.version,
            correlationId,
            new VersionRegistered(
                modelRef,
                version.version,
                manifest,
                firstVersion,
                template.id(),
                template.version())));
    audit.append(
        AuditRecord.ofVersion(
            "version-registered",
            caller.name(),
            model.team,
            modelId,
            version.version,
            "registered with template " + template.id() + " version " + template.version()));
    changes.enterPhase(version, Phase.AFTER_TRAINING, caller.name(), correlationId);
    return new Registered<>(version, true);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public ModelVersionEntity get(String modelId, String version, Caller caller) {
    ModelEntity model = models.findByIdOptional(modelId).orElseThrow(() -> Missing.model(modelId));
    caller.requireVisible(model.team, () -> Missing.model(modelId));
    return loaded(
        versions.find(modelId, version).orElseThrow(() -> Missing.version(modelId, version)));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<ModelVersionEntity> list(String modelId, Caller caller, Paging.PageRequest request) {
    ModelEntity model = models.findByIdOptional(modelId).orElseThrow(() -> Missing.model(modelId));
    caller.requireVisible(model.team, () -> Missing.model(modelId));
    var query = versions.ofModel(modelId);
    return new Page<>(
        query.page(request.page(), request.size()).list().stream()
            .map(VersionService::loaded)
            .toList(),
        query.count());
  }

  /** The version with what its views show loaded, so they can be built after the transaction. */
  private static ModelVersionEntity loaded(ModelVersionEntity version) {
    Hibernate.initialize(version.model);
    Hibernate.initialize(version.items);
    return version;
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChecklistItemEntity newItem(
      ModelVersionEntity version,
      TemplateItem template,
      int position,
      boolean noPreviousVersion,
      OffsetDateTime now,
      String actor,
      String parameters) {
    ChecklistItemEntity item = new ChecklistItemEntity();
    item.modelVersion = version;
    item.itemId = template.id();
    item.phase = template.phase();
    item.position = position;
    item.text = template.text();
    item.newVersionsOnly = template.newVersionsOnly();
    item.automated = template.automated();
    item.required = template.required();
    item.parameters = parameters;
    item.state =
        template.newVersionsOnly() && noPreviousVersion
            ? ItemState.NOT_APPLICABLE
            : ItemState.PENDING;
    item.updatedAt = now;
    item.updatedBy = actor;
    return item;
  }

  private static JsonNode withoutPrevious(JsonNode manifest) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = manifest.deepCopy();
    copy.remove("previousVersion");
    return copy;
  }

  private JsonNode readTree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored manifest is not JSON", e);
    }
  }
}

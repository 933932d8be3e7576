package dev.preflight.checklist.service;

import dev.preflight.checklist.domain.DefaultTemplate;
import dev.preflight.checklist.messaging.Outbox;
import dev.preflight.checklist.persistence.ModelEntity;
import dev.preflight.checklist.persistence.ModelRepository;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.ModelRegistered;
import dev.preflight.contracts.model.Owner;
import dev.preflight.support.rest.ConflictException;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.Paging;
import dev.preflight.support.rest.Problem;
import dev.preflight.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Registers and reads models. */
@ApplicationScoped
public class ModelService {

  private final ModelRepository models;
  private final Outbox outbox;
  private final TemplateService templates;
  private final AuditLog audit;

  public ModelService(
      ModelRepository models, Outbox outbox, TemplateService templates, AuditLog audit) {
    this.models = models;
    this.outbox = outbox;
    this.templates = templates;
    this.audit = audit;
  }

  /**
   * Registers a model and publishes {@code model.registered}. Repeating the same registration
   * returns the model as it is; a different one for the same id is a conflict.
   */
  @Transactional
  public Registered<ModelEntity> register(ModelRegistration registration, Caller caller) {
    caller.requireMembership(registration.team());
    Optional<ModelEntity> existing = models.findByIdOptional(registration.modelId());
    if (existing.isPresent()) {
      ModelEntity model = existing.get();
      if (!sameRegistration(model, registration)) {
        throw new ConflictException(
            "model '" + registration.modelId() + "' is registered already with other details");
      }
      return new Registered<>(model, false);
    }
    ModelEntity model = new ModelEntity();
    model.id = registration.modelId();
    model.name = registration.name();
    model.team = registration.team();
    model.ownerName = registration.owner().name();
    model.ownerEmail = registration.owner().email().orElse(null);
    model.description = registration.description().orElse(null);
    model.templateId = templateOf(registration);
    model.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    model.createdBy = caller.name();
    models.persist(model);
    outbox.append(
        Event.ofModel(
            EventType.MODEL_REGISTERED,
            EventSource.CHECKLIST_SERVICE,
            model.id,
            UUID.randomUUID().toString(),
            new ModelRegistered(
                model.id, model.name, model.team, owner(model), registration.description())));
    audit.append(
        new AuditRecord(
            "model-registered",
            caller.name(),
            Optional.of(model.team),
            Optional.of(model.id),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(registration),
            Optional.of("registered with template " + model.templateId),
            Optional.empty()));
    return new Registered<>(model, true);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public ModelEntity get(String modelId, Caller caller) {
    ModelEntity model = models.findByIdOptional(modelId).orElseThrow(() -> Missing.model(modelId));
    caller.requireVisible(model.team, () -> Missing.model(modelId));
    return model;
  }

  /** The models the caller may see: their teams', or all for admins and services. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<ModelEntity> list(
      Caller caller, Optional<String> search, Paging.PageRequest request) {
    var query =
        models.ofTeams(
            caller.readsAllTeams() ? Optional.empty() : Optional.of(caller.teams()),
            search.map(String::strip).filter(q -> !q.isEmpty()));
    return new Page<>(query.page(request.page(), request.size()).list(), query.count());
  }

  private String templateOf(ModelRegistration registration) {
    String template = registration.template().orElse(DefaultTemplate.ID);
    if (templates.latest(template).isEmpty()) {
      throw new InvalidRequestException(
          "unknown template",
          List.of(new Problem.FieldError("/template", "no template '" + template + "' exists")));
    }
    return template;
  }

  public static Owner owner(ModelEntity model) {
    return new Owner(model.ownerName, Optional.ofNullable(model.ownerEmail));
  }

  private static boolean sameRegistration(ModelEntity model, ModelRegistration registration) {
    return model.name.equals(registration.name())
        && model.team.equals(registration.team())
        && model.ownerName.equals(registration.owner().name())
        && Objects.equals(model.ownerEmail, registration.owner().email().orElse(null))
        && Objects.equals(model.description, registration.description().orElse(null))
        && model.templateId.equals(registration.template().orElse(DefaultTemplate.ID));
  }
}

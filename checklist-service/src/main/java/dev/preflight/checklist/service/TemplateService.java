package dev.preflight.checklist.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.domain.ChecklistTemplate;
import dev.preflight.checklist.domain.DefaultTemplate;
import dev.preflight.checklist.domain.GateMode;
import dev.preflight.checklist.domain.TemplateDerivation;
import dev.preflight.checklist.domain.TemplateItem;
import dev.preflight.checklist.domain.TemplateRef;
import dev.preflight.checklist.persistence.TemplateEntity;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.rest.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checklist templates: the default one (the seed checklist), and those admins derive from it.
 * Template versions never change, so they are cached once read.
 */
@ApplicationScoped
public class TemplateService {

  private static final TypeReference<List<TemplateItem>> ITEMS = new TypeReference<>() {};

  private final EntityManager entityManager;
  private final ObjectMapper mapper;
  private final Map<TemplateRef, ChecklistTemplate> cache = new ConcurrentHashMap<>();

  public TemplateService(EntityManager entityManager, ObjectMapper mapper) {
    this.entityManager = entityManager;
    this.mapper = mapper;
  }

  /** Stores the default template on first start; concurrent instances insert it once. */
  @Transactional
  void storeDefault(@Observes StartupEvent event) {
    ChecklistTemplate template = DefaultTemplate.TEMPLATE;
    entityManager
        .createNativeQuery(
            "INSERT INTO checklist_template (template_id, version, title, gate_mode, items,"
                + " created_at, created_by) VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), now(),"
                + " 'preflight') ON CONFLICT DO NOTHING")
        .setParameter(1, template.id())
        .setParameter(2, template.version())
        .setParameter(3, template.title())
        .setParameter(4, template.gateMode().id())
        .setParameter(5, json(template.items()))
        .executeUpdate();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public ChecklistTemplate get(TemplateRef ref) {
    return cache.computeIfAbsent(
        ref,
        r ->
            find("FROM TemplateEntity WHERE templateId = ?1 AND version = ?2", r.id(), r.version())
                .orElseThrow(() -> missing(r.id() + " version " + r.version())));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<ChecklistTemplate> latest(String templateId) {
    return find("FROM TemplateEntity WHERE templateId = ?1 ORDER BY version DESC", templateId);
  }

  /** The latest version of every template. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<ChecklistTemplate> listLatest() {
    return entityManager
        .createQuery(
            "FROM TemplateEntity t WHERE t.version = (SELECT max(u.version) FROM TemplateEntity u"
                + " WHERE u.templateId = t.templateId) ORDER BY t.templateId",
            TemplateEntity.class)
        .getResultList()
        .stream()
        .map(this::template)
        .toList();
  }

  /** All versions of a template, oldest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<ChecklistTemplate> versions(String templateId) {
    List<ChecklistTemplate> versions =
        entityManager
            .createQuery(
                "FROM TemplateEntity WHERE templateId = ?1 ORDER BY version", TemplateEntity.class)
            .setParameter(1, templateId)
            .getResultList()
            .stream()
            .map(this::template)
            .toList();
    if (versions.isEmpty()) {
      throw missing(templateId);
    }
    return versions;
  }

  /**
   * Derives a template: a new version of {@code id} (version 1 if it is new) from the base version.
   */
  @Transactional
  public ChecklistTemplate derive(TemplateDerivation derivation, String actor) {
    Optional<ChecklistTemplate> current = latest(derivation.id());
    ChecklistTemplate base =
        derivation
            .basedOn()
            .map(this::get)
            .or(() -> current)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "a new template needs a base",
                        List.of(
                            new Problem.FieldError(
                                "/basedOn",
                                "required when '" + derivation.id() + "' is a new template"))));
    int version = current.map(t -> t.version() + 1).orElse(1);
    ChecklistTemplate derived;
    try {
      derived = derivation.applyTo(base, version);
    } catch (TemplateDerivation.InvalidTemplateException e) {
      throw new InvalidRequestException(
          "the derivation does not fit its base " + base.id() + " version " + base.version(),
          e.problems().stream().map(p -> new Problem.FieldError("/", p)).toList());
    }
    TemplateEntity entity = new TemplateEntity();
    entity.templateId = derived.id();
    entity.version = derived.version();
    entity.title = derived.title();
    entity.gateMode = derived.gateMode().id();
    entity.items = json(derived.items());
    entity.derivedFromId = base.id();
    entity.derivedFromVersion = base.version();
    entity.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    entity.createdBy = actor;
    entityManager.persist(entity);
    return derived;
  }

  private Optional<ChecklistTemplate> find(String query, Object... parameters) {
    var typed = entityManager.createQuery(query, TemplateEntity.class).setMaxResults(1);
    for (int i = 0; i < parameters.length; i++) {
      typed.setParameter(i + 1, parameters[i]);
    }
    return typed.getResultStream().findFirst().map(this::template);
  }

  private ChecklistTemplate template(TemplateEntity entity) {
    try {
      return new ChecklistTemplate(
          entity.templateId,
          entity.version,
          entity.title,
          GateMode.of(entity.gateMode),
          mapper.readValue(entity.items, ITEMS),
          Optional.ofNullable(entity.derivedFromId)
              .map(id -> new TemplateRef(id, entity.derivedFromVersion)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored template " + entity.templateId + " is unreadable", e);
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NotFoundException missing(String what) {
    return new NotFoundException("no template " + what);
  }
}

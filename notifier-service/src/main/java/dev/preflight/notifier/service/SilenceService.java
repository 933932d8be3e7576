package dev.preflight.notifier.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.notifier.persistence.AlertEntity;
import dev.preflight.notifier.persistence.SilenceEntity;
import dev.preflight.notifier.routing.Matcher;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.rest.Problem.FieldError;
import dev.preflight.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Silences: alerts their matchers select are not notified while they are active. An engineer's
 * silence is scoped to one of their teams by a {@code team="…"} matcher; an admin's may span teams.
 */
@ApplicationScoped
public class SilenceService {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  /** A silence as it applies: its matchers compiled. */
  public record ActiveSilence(UUID id, List<Matcher> matchers) {
    public boolean mutes(Map<String, String> labels) {
      return Matcher.all(matchers, labels);
    }
  }

  /** A silence as asked for. */
  public record Draft(
      List<Matcher> matchers,
      Optional<OffsetDateTime> startsAt,
      OffsetDateTime endsAt,
      String comment) {}

  private final EntityManager entityManager;
  private final ObjectMapper mapper;

  public SilenceService(EntityManager entityManager, ObjectMapper mapper) {
    this.entityManager = entityManager;
    this.mapper = mapper;
  }

  @Transactional
  public SilenceEntity create(Draft draft, Caller caller) {
    List<Matcher> matchers = new ArrayList<>(draft.matchers());
    List<FieldError> errors = new ArrayList<>();
    if (matchers.isEmpty()) {
      errors.add(new FieldError("matchers", "a silence needs at least one matcher"));
    } else if (matchers.stream().allMatch(m -> m.matches(Map.of()))) {
      // as Alertmanager: a silence whose every matcher matches an absent label mutes every alert
      errors.add(
          new FieldError(
              "matchers",
              "at least one matcher must not match the empty string, e.g. model=\"x\""));
    }
    if (draft.comment() == null || draft.comment().isBlank()) {
      errors.add(new FieldError("comment", "say why the alerts are silenced"));
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime startsAt = draft.startsAt().orElse(now);
    if (draft.endsAt() == null) {
      errors.add(new FieldError("endsAt", "required"));
    } else if (!draft.endsAt().isAfter(startsAt)) {
      errors.add(new FieldError("endsAt", "must be after startsAt"));
    } else if (!draft.endsAt().isAfter(now)) {
      errors.add(new FieldError("endsAt", "must be in the future"));
    }
    Optional<String> team =
        matchers.stream()
            .filter(m -> m.name().equals("team") && m.isEquality())
            .map(Matcher::value)
            .findFirst();
    if (team.isEmpty() && !caller.isAdmin()) {
      if (caller.teams().size() == 1) {
        team = Optional.of(caller.teams().iterator().next());
        matchers.add(Matcher.of("team", Matcher.Operator.EQUAL, team.get()));
      } else {
        errors.add(
            new FieldError(
                "matchers",
                "name the team the silence is for, e.g. team=\""
                    + caller.teams().stream().sorted().findFirst().orElse("fraud")
                    + "\""));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException("the silence is not valid", errors);
    }
    team.ifPresent(caller::requireMembership);
    SilenceEntity silence = new SilenceEntity();
    silence.id = UUID.randomUUID();
    silence.matchers = json(matchers.stream().map(Matcher::toString).toList());
    silence.startsAt = startsAt;
    silence.endsAt = draft.endsAt();
    silence.createdBy = caller.name();
    silence.comment = draft.comment();
    silence.team = team.orElse(null);
    silence.createdAt = now;
    silence.updatedAt = now;
    entityManager.persist(silence);
    return silence;
  }

  /** Ends a silence now; expiring an expired one changes nothing. */
  @Transactional
  public SilenceEntity expire(UUID id, Caller caller) {
    SilenceEntity silence = visible(id, caller);
    if (silence.team != null) {
      caller.requireWritable(silence.team, () -> notFound(id));
    } else if (!caller.isAdmin()) {
      throw new dev.preflight.support.rest.AccessDeniedException(
          "only an admin may expire a silence that spans teams");
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (silence.endsAt.isAfter(now)) {
      silence.endsAt = silence.startsAt.isAfter(now) ? silence.startsAt : now;
      silence.updatedAt = now;
    }
    return silence;
  }

  public SilenceEntity visible(UUID id, Caller caller) {
    SilenceEntity silence = entityManager.find(SilenceEntity.class, id);
    if (silence == null) {
      throw notFound(id);
    }
    if (silence.team == null
        ? !caller.readsAllTeams() && !caller.isAdmin()
        : !caller.mayRead(silence.team)) {
      throw notFound(id);
    }
    return silence;
  }

  public List<SilenceEntity> list(Caller caller) {
    return entityManager
        .createQuery(
            "FROM SilenceEntity WHERE :all = TRUE OR team IN :teams ORDER BY createdAt DESC",
            SilenceEntity.class)
        .setParameter("all", caller.readsAllTeams())
        .setParameter("teams", caller.teams().isEmpty() ? List.of("") : caller.teams())
        .setMaxResults(1000)
        .getResultList();
  }

  /**
   * The firing alerts of the caller's teams the silence's matchers select: what it mutes while it
   * is active, would mute when pending, and muted when it was.
   */
  public List<AlertEntity> matching(SilenceEntity silence, Caller caller) {
    List<Matcher> matchers = matchers(silence);
    return entityManager
        .createQuery(
            "FROM AlertEntity WHERE status = 'firing' AND (:all = TRUE OR team IN :teams)"
                + " ORDER BY startsAt DESC",
            AlertEntity.class)
        .setParameter("all", caller.readsAllTeams())
        .setParameter("teams", caller.teams().isEmpty() ? List.of("") : caller.teams())
        .setMaxResults(1000)
        .getResultList()
        .stream()
        .filter(alert -> Matcher.all(matchers, labels(alert)))
        .toList();
  }

  private Map<String, String> labels(AlertEntity alert) {
    try {
      return mapper.readValue(alert.labels, LABELS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored labels are not JSON", e);
    }
  }

  /** The silences in force now. */
  public List<ActiveSilence> active(OffsetDateTime now) {
    return entityManager
        .createQuery(
            "FROM SilenceEntity WHERE startsAt <= :now AND endsAt > :now", SilenceEntity.class)
        .setParameter("now", now)
        .getResultList()
        .stream()
        .map(s -> new ActiveSilence(s.id, matchers(s)))
        .toList();
  }

  public List<Matcher> matchers(SilenceEntity silence) {
    try {
      return mapper.readValue(silence.matchers, STRINGS).stream().map(Matcher::parse).toList();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored matchers are not JSON", e);
    }
  }

  public static String state(SilenceEntity silence, OffsetDateTime now) {
    if (!silence.endsAt.isAfter(now)) {
      return "expired";
    }
    return silence.startsAt.isAfter(now) ? "pending" : "active";
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("silence " + id + " does not exist");
  }
}

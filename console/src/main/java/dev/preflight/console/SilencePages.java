package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.console.Frames.Layout;
import dev.preflight.console.Reply.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Silences, as Alertmanager's UI has them: active, pending and expired, each with the alerts it
 * mutes; created from an alert with its labels as matchers, edited (a new silence replaces the old,
 * which expires), expired.
 */
@Path("/silences")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class SilencePages {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance silences(Layout layout, SilencesView view);

    static native TemplateInstance silenceForm(Layout layout, SilenceForm form);
  }

  static final List<String> STATES = List.of("active", "pending", "expired");

  /** Labels that change while an alert stays the same one; a silence from an alert leaves them. */
  private static final Set<String> UNSTABLE = Set.of("severity");

  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?");
  private static final String ID = "[0-9a-f-]{36}";

  /** The silences page. */
  public record SilencesView(
      List<StateSection> sections, boolean mayRespond, Optional<String> notice) {}

  /** The silences of one state. */
  public record StateSection(String state, String title, List<Silence> silences) {}

  /** A silence with the firing alerts it selects. */
  public record Silence(
      String id,
      List<String> matchers,
      String startsAt,
      String endsAt,
      String createdBy,
      String comment,
      String state,
      Optional<List<Muted>> alerts) {

    public String editLink() {
      return "/silences/" + id + "/edit";
    }
  }

  /** An alert a silence selects. */
  public record Muted(String fingerprint, String summary) {

    public String link() {
      return "/alerts/" + Json2.segment(fingerprint);
    }
  }

  /** The silence form as filled in, and what the notifier said of it. */
  public record SilenceForm(
      String matchers,
      String duration,
      String startsAt,
      String comment,
      String replaces,
      Optional<String> from,
      Optional<Problem> problem) {

    public Optional<String> errorOf(String field) {
      return problem.flatMap(
          p ->
              p.errors().stream()
                  .filter(
                      e ->
                          e.field()
                              .replaceFirst("^/", "")
                              .replaceFirst("\\[\\d+]$", "")
                              .equals(field))
                  .map(e -> e.field().contains("[") ? e.field() + ": " + e.message() : e.message())
                  .reduce((a, b) -> a + "; " + b));
    }

    /** The problem when it names no field of the form. */
    public Optional<String> general() {
      return problem
          .filter(
              p ->
                  List.of("matchers", "duration", "endsAt", "startsAt", "comment").stream()
                      .allMatch(f -> errorOf(f).isEmpty()))
          .map(Problem::message);
    }

    public boolean editing() {
      return !replaces.isEmpty();
    }

    SilenceForm with(Problem problem) {
      return new SilenceForm(
          matchers, duration, startsAt, comment, replaces, from, Optional.of(problem));
    }
  }

  @Inject ServiceCalls services;
  @Inject Frames frames;
  @Inject ObjectMapper mapper;

  @GET
  public TemplateInstance silences(
      @QueryParam("created") String created, @QueryParam("expired") String expired) {
    ServiceCalls.Session services = this.services.session();
    Reply list = services.get(Service.NOTIFIER, "/api/v1/silences").join();
    List<Problem> problems = new ArrayList<>();
    Map<String, List<Silence>> byState = new LinkedHashMap<>();
    STATES.forEach(s -> byState.put(s, new ArrayList<>()));
    if (!list.ok()) {
      problems.add(list.problem());
    } else {
      Map<String, CompletableFuture<Reply>> muted = new LinkedHashMap<>();
      for (JsonNode silence : list.body()) {
        String id = Json2.text(silence, "id");
        if (!"expired".equals(Json2.text(silence, "state"))) {
          muted.put(id, services.get(Service.NOTIFIER, "/api/v1/silences/" + id + "/alerts"));
        }
      }
      for (JsonNode silence : list.body()) {
        String id = Json2.text(silence, "id");
        String state = Json2.text(silence, "state");
        Optional<List<Muted>> alerts =
            Optional.ofNullable(muted.get(id))
                .map(CompletableFuture::join)
                .filter(Reply::ok)
                .map(SilencePages::muted);
        List<String> matchers = new ArrayList<>();
        silence.path("matchers").forEach(m -> matchers.add(m.asText()));
        byState
            .computeIfAbsent(state, s -> new ArrayList<>())
            .add(
                new Silence(
                    id,
                    matchers,
                    Json2.time(Json2.text(silence, "startsAt")),
                    Json2.time(Json2.text(silence, "endsAt")),
                    Json2.text(silence, "createdBy"),
                    Json2.text(silence, "comment"),
                    state,
                    alerts));
      }
    }
    Optional<String> notice =
        Optional.ofNullable(created)
            .filter(c -> c.matches(ID))
            .map(c -> "Silence " + c + " is in force.")
            .or(
                () ->
                    Optional.ofNullable(expired)
                        .filter(e -> e.matches(ID))
                        .map(e -> "Silence " + e + " has expired."));
    List<StateSection> sections = new ArrayList<>();
    byState.forEach(
        (state, silences) ->
            sections.add(
                new StateSection(
                    state, Character.toUpperCase(state.charAt(0)) + state.substring(1), silences)));
    return Templates.silences(
        frames.layout("Silences", "silences", problems),
        new SilencesView(sections, frames.viewer().mayRespond(), notice));
  }

  private static List<Muted> muted(Reply reply) {
    List<Muted> muted = new ArrayList<>();
    for (JsonNode alert : reply.body()) {
      JsonNode labels = alert.path("labels");
      muted.add(
          new Muted(
              Json2.text(alert, "fingerprint"),
              Json2.text(labels, "alertname")
                  + " "
                  + Json2.text(labels, "model")
                  + " "
                  + Json2.text(labels, "version")
                  + (labels.has("check") ? " " + Json2.text(labels, "check") : "")
                  + (labels.has("feature") ? " (" + Json2.text(labels, "feature") + ")" : "")));
    }
    return muted;
  }

  /** A new silence; from an alert, its labels are the matchers. */
  @GET
  @Path("new")
  public Response create(@QueryParam("alert") String fingerprint) {
    String matchers = "";
    Optional<String> from = Optional.empty();
    List<Problem> problems = new ArrayList<>();
    if (fingerprint != null && !fingerprint.isBlank()) {
      Reply alert =
          services
              .session()
              .get(Service.NOTIFIER, "/api/v1/alerts/" + Json2.segment(fingerprint))
              .join();
      if (alert.ok()) {
        List<String> lines = new ArrayList<>();
        alert
            .body()
            .path("alert")
            .path("labels")
            .fields()
            .forEachRemaining(
                label -> {
                  if (!UNSTABLE.contains(label.getKey())) {
                    lines.add(label.getKey() + "=" + quoted(label.getValue().asText()));
                  }
                });
        matchers = String.join("\n", lines);
        from = Optional.of(fingerprint);
      } else if (alert.notFound()) {
        return notFound("No alert " + fingerprint + " that you may see.");
      } else {
        problems.add(alert.problem());
      }
    }
    return Response.ok(
            Templates.silenceForm(
                frames.layout("New silence", "silences", problems),
                new SilenceForm(matchers, "2h", "", "", "", from, Optional.empty())))
        .build();
  }

  /** An existing silence's form: saving it replaces the silence with a new one. */
  @GET
  @Path("{id}/edit")
  public Response edit(@PathParam("id") String id) {
    Reply silence =
        services.session().get(Service.NOTIFIER, "/api/v1/silences/" + Json2.segment(id)).join();
    if (silence.notFound()) {
      return notFound("No silence " + id + " that you may see.");
    }
    if (!silence.ok()) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .entity(
              Pages.Templates.notFound(
                  frames.layout("Silence", "silences", List.of(silence.problem())),
                  "The silence cannot be shown now."))
          .build();
    }
    JsonNode body = silence.body();
    List<String> matchers = new ArrayList<>();
    body.path("matchers").forEach(m -> matchers.add(m.asText()));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime starts = OffsetDateTime.parse(Json2.text(body, "startsAt"));
    OffsetDateTime ends = OffsetDateTime.parse(Json2.text(body, "endsAt"));
    OffsetDateTime from = starts.isAfter(now) ? starts : now;
    long minutes = Math.max(1, Duration.between(from, ends).toMinutes());
    return Response.ok(
            Templates.silenceForm(
                frames.layout("Edit silence", "silences", List.of()),
                new SilenceForm(
                    String.join("\n", matchers),
                    minutes + "m",
                    starts.isAfter(now) ? starts.toLocalDateTime().withNano(0).toString() : "",
                    Json2.text(body, "comment"),
                    Json2.text(body, "id"),
                    Optional.empty(),
                    Optional.empty())))
        .build();
  }

  /** Creates a silence (engineers); with {@code replaces}, the old one expires once this holds. */
  @POST
  public Response save(
      @FormParam("matchers") @DefaultValue("") String matchers,
      @FormParam("duration") @DefaultValue("") String duration,
      @FormParam("startsAt") @DefaultValue("") String startsAt,
      @FormParam("comment") @DefaultValue("") String comment,
      @FormParam("replaces") @DefaultValue("") String replaces,
      @FormParam("from") @DefaultValue("") String from) {
    SilenceForm form =
        new SilenceForm(
            matchers,
            duration,
            startsAt,
            comment,
            replaces.matches(ID) ? replaces : "",
            Optional.of(from).filter(f -> !f.isBlank()),
            Optional.empty());
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime starts;
    try {
      starts =
          startsAt.isBlank() ? now : LocalDateTime.parse(startsAt.strip()).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return formError(form, "startsAt", "a time such as 2026-12-02T18:00 (UTC), or empty for now");
    }
    Optional<Duration> length = duration(duration);
    if (length.isEmpty()) {
      return formError(form, "duration", "a length such as 2h, 1d12h or 30m");
    }
    ObjectNode body = mapper.createObjectNode();
    var list = body.putArray("matchers");
    matchers.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(list::add);
    if (!startsAt.isBlank()) {
      body.put("startsAt", starts.toString());
    }
    body.put("endsAt", starts.plus(length.get()).toString());
    body.put("comment", comment.strip());
    ServiceCalls.Session services = this.services.session();
    Reply created = services.post(Service.NOTIFIER, "/api/v1/silences", body).join();
    if (!created.ok()) {
      return Response.status(created.pageStatus())
          .entity(
              Templates.silenceForm(
                  frames.layout("Silence", "silences", List.of()), form.with(created.problem())))
          .build();
    }
    if (form.editing()) {
      Reply expired =
          services.delete(Service.NOTIFIER, "/api/v1/silences/" + form.replaces()).join();
      if (!expired.ok() && !expired.notFound()) {
        return Response.status(expired.pageStatus())
            .entity(
                Pages.Templates.notFound(
                    frames.layout("Silence", "silences", List.of(expired.problem())),
                    "The new silence holds, but the one it replaces could not be expired: expire"
                        + " it on the silences page."))
            .build();
      }
    }
    String id = Json2.text(created.body(), "id");
    return Response.seeOther(URI.create("/silences?created=" + id + "#silence-" + id)).build();
  }

  /** Expires a silence now. */
  @POST
  @Path("{id}/expire")
  public Response expire(@PathParam("id") String id) {
    Reply expired =
        services.session().delete(Service.NOTIFIER, "/api/v1/silences/" + Json2.segment(id)).join();
    if (expired.notFound()) {
      return notFound("No silence " + id + " that you may see.");
    }
    if (!expired.ok()) {
      return Response.status(expired.pageStatus())
          .entity(
              Pages.Templates.notFound(
                  frames.layout("Silence", "silences", List.of(expired.problem())),
                  "The silence was not expired."))
          .build();
    }
    return Response.seeOther(URI.create("/silences?expired=" + Json2.query(id))).build();
  }

  /** {@code 2h}, {@code 1d12h}, {@code 1w}, {@code 30m}: at least a minute. */
  static Optional<Duration> duration(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.strip().toLowerCase());
    if (text == null || text.isBlank() || !m.matches()) {
      return Optional.empty();
    }
    long[] unit = {7 * 24 * 60, 24 * 60, 60, 1};
    long minutes = 0;
    for (int i = 0; i < unit.length; i++) {
      if (m.group(i + 1) != null) {
        minutes += Long.parseLong(m.group(i + 1)) * unit[i];
      }
    }
    return minutes <= 0 || minutes > 366L * 24 * 60
        ? Optional.empty()
        : Optional.of(Duration.ofMinutes(minutes));
  }

  private Response formError(SilenceForm form, String field, String message) {
    Problem problem =
        new Problem(
            Service.NOTIFIER,
            400,
            "the silence is not valid",
            "",
            List.of(new Reply.FieldError(field, message)));
    return Response.status(Response.Status.BAD_REQUEST)
        .entity(
            Templates.silenceForm(
                frames.layout("Silence", "silences", List.of()), form.with(problem)))
        .build();
  }

  private Response notFound(String what) {
    return Response.status(Response.Status.NOT_FOUND)
        .entity(Pages.Templates.notFound(frames.layout("Not found", "silences", List.of()), what))
        .build();
  }

  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}

package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.console.ChecklistSections.Section;
import dev.preflight.console.Frames.Layout;
import dev.preflight.console.Gates.Gate;
import dev.preflight.console.Reply.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The console's pages. Each reads the services with the user's token, in parallel, and renders what
 * it got: a part whose service is unavailable says so, and the rest renders.
 */
@Path("/")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class Pages {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance models(Layout layout, ModelsView view);

    static native TemplateInstance version(Layout layout, VersionView view);

    static native TemplateInstance version$live(Layout layout, VersionView view);

    static native TemplateInstance notFound(Layout layout, String what);
  }

  /** The models page. */
  public record ModelsView(
      String search, int page, int pages, long total, List<ModelRow> rows, boolean loaded) {

    public PageLinks pager() {
      return new PageLinks("/models", search, page, pages);
    }
  }

  /** One model with its latest version. */
  public record ModelRow(
      String modelId,
      String name,
      String team,
      String owner,
      Optional<String> version,
      String phase,
      String phaseStatus,
      String score,
      long failed,
      Gate test,
      Gate prod,
      Optional<Long> firing) {

    public String link() {
      return version
          .map(v -> "/models/" + Json2.segment(modelId) + "/versions/" + Json2.segment(v))
          .orElse("/models?q=" + Json2.query(modelId));
    }

    public String phaseTitle() {
      return ChecklistSections.phaseTitle(phase);
    }
  }

  /** The version page. */
  public record VersionView(
      String modelId,
      String modelName,
      String team,
      String version,
      String phase,
      String registeredBy,
      List<Section> sections,
      List<Gate> gates,
      boolean mayAttest,
      boolean mayRerun,
      Optional<String> notice,
      Optional<AttestForm> form,
      Optional<String> previous,
      List<SchemaDiff.Field> schema,
      Optional<Charts.Chart> readiness) {

    /**
     * The tag of the live region: everything it shows but the page's own notice and form (a form
     * sent back with its errors stays until the checklist itself changes).
     */
    public String liveTag() {
      return LiveTag.of(
          modelId,
          modelName,
          team,
          version,
          phase,
          registeredBy,
          sections,
          gates,
          mayAttest,
          mayRerun,
          readiness);
    }

    public long schemaChanges() {
      return schema.stream().filter(SchemaDiff.Field::differs).count();
    }

    public String self() {
      return "/models/" + Json2.segment(modelId) + "/versions/" + Json2.segment(version);
    }

    public String phaseTitle() {
      return ChecklistSections.phaseTitle(phase);
    }

    /** The form's values and errors for one item, or an empty form. */
    public AttestForm formFor(String itemId) {
      return form.filter(f -> f.itemId().equals(itemId)).orElse(AttestForm.EMPTY);
    }
  }

  /**
   * An attestation as the user filled it in, and what the checklist said of it: an error per field
   * and a {@code general} one when it named no field ({@code ""} where there is none).
   */
  public record AttestForm(
      String itemId,
      boolean waive,
      String evidenceUrl,
      String comment,
      String evidenceError,
      String commentError,
      String general) {

    static final AttestForm EMPTY = new AttestForm("", false, "", "", "", "", "");

    static AttestForm sentBack(
        String itemId, String decision, String evidenceUrl, String comment, Problem problem) {
      Optional<String> evidenceError = problem.errorOf("evidenceUrl");
      Optional<String> commentError = problem.errorOf("comment");
      return new AttestForm(
          itemId,
          decision.equals("waive"),
          evidenceUrl,
          comment,
          evidenceError.orElse(""),
          commentError.orElse(""),
          evidenceError.isEmpty() && commentError.isEmpty() ? problem.message() : "");
    }
  }

  /** The checklist's largest page: a model's versions, to find the one before a version. */
  private static final int VERSIONS_PAGE = 500;

  /** Versions' schemas beside their previous versions', the most recently shown 1,000. */
  private static final Map<String, SchemaDiff.Versions> SCHEMAS =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SchemaDiff.Versions> eldest) {
              return size() > 1_000;
            }
          });

  private static final String ITEM_ID = "[a-z0-9][a-z0-9-]{0,62}"; // as templates name them

  @Inject ServiceCalls services;
  @Inject Frames frames;
  @Inject ObjectMapper mapper;
  @Inject ConsoleConfig config;

  @GET
  public Response home() {
    return Response.seeOther(URI.create("/models")).build();
  }

  @GET
  @Path("models")
  public TemplateInstance models(
      @QueryParam("q") @DefaultValue("") String search,
      @QueryParam("page") @DefaultValue("0") int page) {
    int size = config.pageSize();
    int shownPage = Math.max(0, page);
    String query =
        "/api/v1/models?page="
            + shownPage
            + "&size="
            + size
            + (search.isBlank() ? "" : "&q=" + Json2.query(search.strip()));
    ServiceCalls.Session services = this.services.session();
    CompletableFuture<Reply> firing =
        services.get(Service.NOTIFIER, "/api/v1/alerts?status=firing");
    Reply models = services.get(Service.CHECKLIST, query).join();
    List<Problem> problems = new ArrayList<>();
    if (!models.ok()) {
      problems.add(models.problem());
      return Templates.models(
          layout("Models", "models", problems),
          new ModelsView(search, shownPage, 0, 0, List.of(), false));
    }
    Map<String, CompletableFuture<ModelRow>> rows = new LinkedHashMap<>();
    for (JsonNode model : models.body()) {
      rows.put(Json2.text(model, "modelId"), row(services, model));
    }
    Reply alerts = firing.join();
    Map<String, Long> firingByModel = new HashMap<>();
    if (alerts.ok()) {
      for (JsonNode alert : alerts.body()) {
        firingByModel.merge(Json2.text(alert.path("labels"), "model"), 1L, Long::sum);
      }
    } else {
      problems.add(alerts.problem());
    }
    List<ModelRow> shown = new ArrayList<>();
    rows.forEach(
        (modelId, row) -> {
          ModelRow r = row.join();
          shown.add(
              new ModelRow(
                  r.modelId(),
                  r.name(),
                  r.team(),
                  r.owner(),
                  r.version(),
                  r.phase(),
                  r.phaseStatus(),
                  r.score(),
                  r.failed(),
                  r.test(),
                  r.prod(),
                  alerts.ok()
                      ? Optional.of(firingByModel.getOrDefault(modelId, 0L))
                      : Optional.empty()));
        });
    long total = models.total().orElse((long) shown.size());
    int pages = (int) Math.max(1, (total + size - 1) / size);
    return Templates.models(
        layout("Models", "models", problems),
        new ModelsView(search, shownPage, pages, total, shown, true));
  }

  /**
   * A model's latest version as the checklist lists it (the last page of one); missing when it has
   * none or the checklist could not say.
   */
  static CompletableFuture<JsonNode> latestVersion(ServiceCalls.Session services, String modelId) {
    String versions = "/api/v1/models/" + Json2.segment(modelId) + "/versions?size=1";
    return services
        .get(Service.CHECKLIST, versions)
        .thenCompose(
            first -> {
              long count = first.total().orElse(0L);
              return count > 1
                  ? services.get(Service.CHECKLIST, versions + "&page=" + (count - 1))
                  : CompletableFuture.completedFuture(first);
            })
        .thenApply(latest -> latest.ok() ? latest.body().path(0) : MissingNode.getInstance());
  }

  /** A model's row: its latest version and that version's gates. */
  private static CompletableFuture<ModelRow> row(ServiceCalls.Session services, JsonNode model) {
    String modelId = Json2.text(model, "modelId");
    return latestVersion(services, modelId)
        .thenCompose(
            version -> {
              if (version.isMissingNode()) {
                return CompletableFuture.completedFuture(
                    modelRow(model, null, Gate.unknown("test", ""), Gate.unknown("prod", "")));
              }
              String v = Json2.text(version, "version");
              CompletableFuture<Reply> test =
                  services.get(Service.CHECKLIST, Gates.path(modelId, v, "test"));
              CompletableFuture<Reply> prod =
                  services.get(Service.CHECKLIST, Gates.path(modelId, v, "prod"));
              return test.thenCombine(
                  prod,
                  (t, p) -> modelRow(model, version, Gates.of("test", t), Gates.of("prod", p)));
            });
  }

  private static ModelRow modelRow(JsonNode model, JsonNode version, Gate test, Gate prod) {
    JsonNode summary = version == null ? null : version.path("checklist");
    return new ModelRow(
        Json2.text(model, "modelId"),
        Json2.text(model, "name"),
        Json2.text(model, "team"),
        Json2.text(model.path("owner"), "name"),
        Optional.ofNullable(version).map(v -> Json2.text(v, "version")),
        summary == null ? "" : Json2.text(summary, "phase"),
        summary == null ? "" : Json2.text(summary, "phaseStatus"),
        summary == null ? "—" : ChecklistSections.score(summary.path("score")),
        summary == null ? 0 : summary.path("states").path("failed").asLong(),
        test,
        prod,
        Optional.empty());
  }

  @GET
  @Path("models/{modelId}/versions/{version}")
  public Response version(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @QueryParam("attested") String attested,
      @QueryParam("rerun") String rerun,
      @QueryParam("fragment") String fragment,
      @HeaderParam("If-None-Match") String ifNoneMatch) {
    // Only an item id: a crafted link cannot put its own words in the notice.
    Optional<String> notice =
        Optional.ofNullable(attested)
            .filter(a -> a.matches(ITEM_ID))
            .map(a -> "Recorded your word on " + a + ".")
            .or(
                () ->
                    Optional.ofNullable(rerun)
                        .filter(r -> r.matches(ITEM_ID))
                        .map(
                            r -> "Re-running " + r + ": the page updates as the checks complete."));
    return "live".equals(fragment)
        ? versionPage(
            modelId,
            version,
            notice,
            Optional.empty(),
            200,
            Optional.of(Objects.requireNonNullElse(ifNoneMatch, "")))
        : versionPage(modelId, version, notice, Optional.empty(), 200, Optional.empty());
  }

  /** The checklist as the Markdown document that ships alongside the model. */
  @GET
  @Path("models/{modelId}/versions/{version}/checklist.md")
  @Produces("text/markdown")
  public Response markdown(
      @PathParam("modelId") String modelId, @PathParam("version") String version) {
    ServiceCalls.Text document =
        services
            .session()
            .text(Service.CHECKLIST, checklistPath(modelId, version), "text/markdown")
            .join();
    if (document == null || document.status() != 200) {
      return Response.status(document == null ? 503 : document.status())
          .type(MediaType.TEXT_PLAIN)
          .entity(
              document == null
                  ? "checklist-service is unavailable"
                  : "checklist-service answered " + document.status())
          .build();
    }
    return Response.ok(document.body(), "text/markdown; charset=utf-8")
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + modelId + "-" + version + "-checklist.md\"")
        .build();
  }

  /**
   * Re-runs a phase's checks, or one check, through probe-service, which decides whether the user
   * may; the checklist then updates as the checks complete.
   */
  @POST
  @Path("models/{modelId}/versions/{version}/runs")
  public Response rerun(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @FormParam("phase") @DefaultValue("") String phase,
      @FormParam("itemId") @DefaultValue("") String itemId) {
    ObjectNode body = mapper.createObjectNode();
    body.put("modelId", modelId).put("version", version).put("phase", phase);
    if (!itemId.isBlank()) {
      body.put("itemId", itemId);
    }
    Reply reply = services.session().post(Service.PROBE, "/api/v1/probe-runs", body).join();
    String what = itemId.isBlank() ? phase : itemId;
    if (reply.ok() && what.matches(ITEM_ID)) {
      String self = "/models/" + Json2.segment(modelId) + "/versions/" + Json2.segment(version);
      return Response.seeOther(
              URI.create(
                  self
                      + "?rerun="
                      + Json2.query(what)
                      + (itemId.isBlank() ? "#phase-" : "#item-")
                      + Json2.segment(what)))
          .build();
    }
    return versionPage(
        modelId,
        version,
        Optional.of("Could not re-run " + what + ": " + reply.problem().message()),
        Optional.empty(),
        reply.ok() ? 400 : reply.pageStatus(),
        Optional.empty());
  }

  /** Attests or waives an item (approvers); the checklist-service decides whether it may. */
  @POST
  @Path("models/{modelId}/versions/{version}/items/{itemId}/attestation")
  public Response attest(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @PathParam("itemId") String itemId,
      @FormParam("decision") @DefaultValue("pass") String decision,
      @FormParam("evidenceUrl") @DefaultValue("") String evidenceUrl,
      @FormParam("comment") @DefaultValue("") String comment) {
    ObjectNode body = mapper.createObjectNode();
    body.put("decision", decision.equals("waive") ? "waive" : "pass");
    if (!evidenceUrl.isBlank()) {
      body.put("evidenceUrl", evidenceUrl.strip());
    }
    body.put("comment", comment.strip());
    Reply reply =
        services
            .session()
            .post(
                Service.CHECKLIST,
                "/api/v1/models/"
                    + Json2.segment(modelId)
                    + "/versions/"
                    + Json2.segment(version)
                    + "/items/"
                    + Json2.segment(itemId)
                    + "/attestations",
                body)
            .join();
    if (reply.ok()) {
      return Response.seeOther(
              URI.create(
                  "/models/"
                      + Json2.segment(modelId)
                      + "/versions/"
                      + Json2.segment(version)
                      + "?attested="
                      + Json2.query(itemId)
                      + "#item-"
                      + Json2.segment(itemId)))
          .build();
    }
    AttestForm form = AttestForm.sentBack(itemId, decision, evidenceUrl, comment, reply.problem());
    return versionPage(
        modelId,
        version,
        Optional.empty(),
        Optional.of(form),
        reply.pageStatus(),
        Optional.empty());
  }

  /**
   * The version's page, or its live region alone when {@code live} holds the script's {@code
   * If-None-Match} (empty when it sent none).
   */
  private Response versionPage(
      String modelId,
      String version,
      Optional<String> notice,
      Optional<AttestForm> form,
      int status,
      Optional<String> live) {
    boolean fragment = live.isPresent();
    ServiceCalls.Session services = this.services.session();
    // One read: the checklist with its gate decisions.
    CompletableFuture<Reply> checklist =
        services.get(Service.CHECKLIST, checklistPath(modelId, version) + Gates.WITHIN);
    // The page (not its live part) sets the schemas beside the previous version's, read once: a
    // registered version's manifest and the versions before it never change.
    String key = modelId + "\n" + version;
    SchemaDiff.Versions cached = fragment ? null : SCHEMAS.get(key);
    CompletableFuture<Reply> siblings =
        fragment || cached != null
            ? CompletableFuture.completedFuture(null)
            : services.get(
                Service.CHECKLIST,
                "/api/v1/models/" + Json2.segment(modelId) + "/versions?size=" + VERSIONS_PAGE);
    Reply read = checklist.join();
    String title = modelId + " " + version;
    if (read.notFound()) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(
              Templates.notFound(
                  layout("Not found", "models", List.of()),
                  "No version " + version + " of a model " + modelId + " that you may see."))
          .build();
    }
    List<Problem> problems = new ArrayList<>();
    if (!read.ok()) {
      problems.add(read.problem());
    }
    List<Gate> decided =
        read.ok()
            ? Gates.within(read.body())
            : Gates.TARGETS.stream()
                .map(target -> Gate.unknown(target, read.problem().message()))
                .toList();
    JsonNode body = read.body();
    Reply listed = siblings.join();
    // Shown, and kept, only once this user's checklist read showed the version is theirs to see:
    // the cache is not the place that decides who sees what.
    SchemaDiff.Versions schemas = read.ok() ? cached : null;
    if (schemas == null && read.ok() && listed != null && listed.ok()) {
      schemas = SchemaDiff.Versions.of(listed.body(), version).orElse(null);
      if (schemas != null) {
        SCHEMAS.put(key, schemas);
      }
    }
    VersionView view =
        new VersionView(
            modelId,
            Json2.text(body, "modelName"),
            Json2.text(body, "team"),
            version,
            Json2.text(body, "phase"),
            Json2.text(body, "registeredBy"),
            read.ok() ? ChecklistSections.of(body) : List.of(),
            decided,
            viewer().mayAttest(),
            viewer().mayRerun(),
            notice,
            form,
            schemas == null ? Optional.empty() : schemas.previous(),
            schemas == null ? List.of() : schemas.fields(),
            read.ok() ? Optional.of(ChecklistSections.readiness(body)) : Optional.empty());
    Layout layout = layout(title, "models", problems);
    return fragment
        ? LiveTag.respond(live.get(), view.liveTag(), () -> Templates.version$live(layout, view))
        : Response.status(status).entity(Templates.version(layout, view)).build();
  }

  private static String checklistPath(String modelId, String version) {
    return "/api/v1/models/"
        + Json2.segment(modelId)
        + "/versions/"
        + Json2.segment(version)
        + "/checklist";
  }

  private Viewer viewer() {
    return frames.viewer();
  }

  private Layout layout(String title, String section, List<Problem> problems) {
    return frames.layout(title, section, problems);
  }
}

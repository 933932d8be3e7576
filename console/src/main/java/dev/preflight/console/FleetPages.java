package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.console.Frames.Layout;
import dev.preflight.console.Reply.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The fleet: the user's teams' models (their latest versions) against the checklist's items, one
 * cell per item with its state, linking to the item on the version's page; models with failures
 * first. Paged and searched as the models page is.
 */
@Path("/fleet")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class FleetPages {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance fleet(Layout layout, FleetView view);
  }

  public record FleetView(
      String search,
      int page,
      int pages,
      long total,
      List<Column> columns,
      List<Row> rows,
      boolean loaded) {

    public PageLinks pager() {
      return new PageLinks("/fleet", search, page, pages);
    }
  }

  /** An item of the checklist, in the order of its phases. */
  public record Column(String itemId, String phase, String text) {}

  /** A model's latest version and the state of each column's item (empty where it has none). */
  public record Row(
      String modelId, String version, String team, long failed, List<Cell> cells, String problem) {

    public String link() {
      return "/models/" + Json2.segment(modelId) + "/versions/" + Json2.segment(version);
    }
  }

  public record Cell(String itemId, String state, String link) {

    public boolean present() {
      return !state.isEmpty();
    }

    /** A letter for the state, beside its colour, so the matrix reads without colour. */
    public String mark() {
      return switch (state) {
        case "passed" -> "✓";
        case "failed" -> "✗";
        case "waived" -> "W";
        case "not-applicable" -> "–";
        case "running" -> "…";
        default -> "·";
      };
    }

    public String label() {
      return itemId + ": " + state.replace('-', ' ');
    }
  }

  /** A model's latest version and its checklist, as read. */
  record Read(JsonNode model, JsonNode version, Reply checklist) {}

  @Inject ServiceCalls services;
  @Inject Frames frames;
  @Inject ConsoleConfig config;

  @GET
  public TemplateInstance fleet(
      @QueryParam("q") @DefaultValue("") String search,
      @QueryParam("page") @DefaultValue("0") int page) {
    int size = config.pageSize();
    int shownPage = Math.max(0, page);
    ServiceCalls.Session services = this.services.session();
    Reply models =
        services
            .get(
                Service.CHECKLIST,
                "/api/v1/models?page="
                    + shownPage
                    + "&size="
                    + size
                    + (search.isBlank() ? "" : "&q=" + Json2.query(search.strip())))
            .join();
    if (!models.ok()) {
      return Templates.fleet(
          frames.layout("Fleet", "fleet", List.of(models.problem())),
          new FleetView(search, shownPage, 0, 0, List.of(), List.of(), false));
    }
    List<CompletableFuture<Read>> reads = new ArrayList<>();
    for (JsonNode model : models.body()) {
      String modelId = Json2.text(model, "modelId");
      reads.add(
          Pages.latestVersion(services, modelId)
              .thenCompose(
                  version ->
                      version.isMissingNode()
                          ? CompletableFuture.completedFuture(new Read(model, version, null))
                          : services
                              .get(
                                  Service.CHECKLIST,
                                  "/api/v1/models/"
                                      + Json2.segment(modelId)
                                      + "/versions/"
                                      + Json2.segment(Json2.text(version, "version"))
                                      + "/checklist")
                              .thenApply(checklist -> new Read(model, version, checklist))));
    }
    List<Problem> problems = new ArrayList<>();
    List<Read> read = reads.stream().map(CompletableFuture::join).toList();
    read.stream()
        .map(Read::checklist)
        .filter(c -> c != null && !c.ok())
        .findFirst()
        .ifPresent(c -> problems.add(c.problem()));
    long total = models.total().orElse((long) read.size());
    int pages = (int) Math.max(1, (total + size - 1) / size);
    Matrix matrix = matrix(read);
    return Templates.fleet(
        frames.layout("Fleet", "fleet", problems),
        new FleetView(search, shownPage, pages, total, matrix.columns(), matrix.rows(), true));
  }

  record Matrix(List<Column> columns, List<Row> rows) {}

  /**
   * The columns are every item of the versions' checklists, phase by phase in the order the
   * checklists give them; the rows are the versions, most failed items first.
   */
  static Matrix matrix(List<Read> reads) {
    Map<String, Column> columns = new LinkedHashMap<>();
    for (Read r : reads) {
      if (r.checklist() != null && r.checklist().ok()) {
        for (JsonNode phase : r.checklist().body().path("phases")) {
          for (JsonNode item : phase.path("items")) {
            columns.putIfAbsent(
                Json2.text(item, "itemId"),
                new Column(
                    Json2.text(item, "itemId"),
                    Json2.text(phase, "phase"),
                    Json2.text(item, "text")));
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Read r : reads) {
      String modelId = Json2.text(r.model(), "modelId");
      String team = Json2.text(r.model(), "team");
      if (r.version().isMissingNode()) {
        continue; // a model without a version has no checklist to show
      }
      String version = Json2.text(r.version(), "version");
      String base = "/models/" + Json2.segment(modelId) + "/versions/" + Json2.segment(version);
      Map<String, String> states = new LinkedHashMap<>();
      String problem = "";
      if (r.checklist() != null && r.checklist().ok()) {
        for (JsonNode phase : r.checklist().body().path("phases")) {
          for (JsonNode item : phase.path("items")) {
            states.put(Json2.text(item, "itemId"), Json2.text(item, "state"));
          }
        }
      } else {
        problem =
            Optional.ofNullable(r.checklist())
                .map(c -> c.problem().message())
                .orElse("no checklist");
      }
      List<Cell> cells = new ArrayList<>();
      for (Column column : columns.values()) {
        String state = states.getOrDefault(column.itemId(), "");
        cells.add(
            new Cell(
                column.itemId(),
                state,
                state.isEmpty() ? "" : base + "#item-" + Json2.segment(column.itemId())));
      }
      long failed = states.values().stream().filter("failed"::equals).count();
      rows.add(new Row(modelId, version, team, failed, cells, problem));
    }
    rows.sort(Comparator.comparingLong(Row::failed).reversed().thenComparing(Row::modelId));
    return new Matrix(List.copyOf(columns.values()), rows);
  }
}

package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.console.AlertBoard.Board;
import dev.preflight.console.AlertBoard.Filters;
import dev.preflight.console.Frames.Layout;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The alerts as the notifier routed them, and one alert by itself: read with the user's token,
 * acknowledged with a comment, silenced from the alert. The board updates itself while it is open
 * ({@code ?fragment=board} is what the page's script fetches).
 */
@Path("/alerts")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AlertPages {

  /**
   * A board URL a form may send the user back to: this console's board, its query percent-encoded.
   */
  private static final Pattern BOARD_QUERY = Pattern.compile("/alerts\\?[A-Za-z0-9._~%&=+-]*");

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance alerts(Layout layout, AlertsView view);

    static native TemplateInstance alerts$board(Layout layout, AlertsView view);

    static native TemplateInstance alert(Layout layout, AlertView view);
  }

  /**
   * The alerts page; {@code liveTag} is the board's (see {@link LiveTag}), made of what it shows,
   * the reasons it cannot be shown included.
   */
  public record AlertsView(
      Filters filters,
      Optional<Board> board,
      boolean mayRespond,
      Optional<String> notice,
      String liveTag) {

    public List<String> states() {
      return AlertBoard.STATES;
    }

    /** The URL the page's script reads the board from. */
    public String live() {
      return "/alerts?" + filters.query() + "&fragment=board";
    }

    public String back() {
      return "/alerts?" + filters.query();
    }
  }

  /** One alert's page. */
  public record AlertView(
      AlertBoard.Alert alert,
      List<Transition> history,
      boolean mayRespond,
      Optional<String> notice,
      Optional<Problem> problem,
      String comment) {

    public Optional<String> commentError() {
      return problem.flatMap(p -> p.errorOf("comment")).or(() -> problem.map(Problem::message));
    }
  }

  public record Transition(String status, String at, String summary) {}

  private static final String FINGERPRINT = "[0-9a-f]{1,64}";

  @Inject ServiceCalls services;
  @Inject Frames frames;
  @Inject ObjectMapper mapper;

  @GET
  public Response alerts(
      @QueryParam("receiver") String receiver,
      @QueryParam("team") String team,
      @QueryParam("severity") String severity,
      @QueryParam("state") String state,
      @QueryParam("fragment") String fragment,
      @QueryParam("acknowledged") String acknowledged,
      @HeaderParam("If-None-Match") String ifNoneMatch) {
    Filters filters = Filters.of(receiver, team, severity, state);
    ServiceCalls.Session services = this.services.session();
    String teamQuery = filters.team().isEmpty() ? "" : "team=" + Json2.query(filters.team());
    CompletableFuture<Reply> groups =
        services.get(
            Service.NOTIFIER,
            "/api/v1/alert-groups?"
                + teamQuery
                + (filters.receiver().isEmpty()
                    ? ""
                    : "&receiver=" + Json2.query(filters.receiver())));
    CompletableFuture<Reply> alerts =
        services.get(
            Service.NOTIFIER,
            "/api/v1/alerts?"
                + teamQuery
                + (filters.state().equals("all") ? "" : "&status=" + filters.state()));
    CompletableFuture<Reply> notifications =
        services.get(
            Service.NOTIFIER,
            "/api/v1/notifications"
                + (filters.receiver().isEmpty()
                    ? ""
                    : "?receiver=" + Json2.query(filters.receiver())));
    List<Problem> problems = new ArrayList<>();
    Optional<Board> board = Optional.empty();
    Reply g = groups.join();
    Reply a = alerts.join();
    Reply n = notifications.join();
    if (!g.ok()) {
      problems.add(g.problem());
    } else if (!a.ok()) {
      problems.add(a.problem());
    } else {
      if (!n.ok()) {
        problems.add(n.problem());
      }
      board =
          Optional.of(
              AlertBoard.of(
                  g.body(), a.body(), n.ok() ? n.body() : mapper.createArrayNode(), filters));
    }
    Optional<String> notice =
        Optional.ofNullable(acknowledged)
            .filter(f -> f.matches(FINGERPRINT))
            .map(f -> "You acknowledged alert " + f + ".");
    boolean mayRespond = frames.viewer().mayRespond();
    AlertsView view =
        new AlertsView(
            filters, board, mayRespond, notice, LiveTag.of(filters, board, mayRespond, problems));
    Layout layout = frames.layout("Alerts", "alerts", problems);
    return "board".equals(fragment)
        ? LiveTag.respond(ifNoneMatch, view.liveTag(), () -> Templates.alerts$board(layout, view))
        : Response.ok(Templates.alerts(layout, view)).build();
  }

  @GET
  @Path("{fingerprint}")
  public Response alert(
      @PathParam("fingerprint") String fingerprint,
      @QueryParam("acknowledged") String acknowledged) {
    Optional<String> notice =
        acknowledged == null ? Optional.empty() : Optional.of("You acknowledged this alert.");
    return alertPage(fingerprint, notice, Optional.empty(), "", 200);
  }

  /** Acknowledges an alert with a comment (engineers); the notifier decides whether it may. */
  @POST
  @Path("{fingerprint}/acknowledgement")
  public Response acknowledge(
      @PathParam("fingerprint") String fingerprint,
      @FormParam("comment") @DefaultValue("") String comment,
      @FormParam("back") @DefaultValue("") String back) {
    ObjectNode body = mapper.createObjectNode();
    if (!comment.isBlank()) {
      body.put("comment", comment.strip());
    }
    Reply reply =
        services
            .session()
            .post(
                Service.NOTIFIER,
                "/api/v1/alerts/" + Json2.segment(fingerprint) + "/acknowledgement",
                body)
            .join();
    if (reply.ok()) {
      // Back to the board the form was on, or to the alert; never to another site.
      String to =
          BOARD_QUERY.matcher(back).matches()
              ? back
                  + "&acknowledged="
                  + Json2.query(fingerprint)
                  + "#alert-"
                  + Json2.segment(fingerprint)
              : "/alerts/" + Json2.segment(fingerprint) + "?acknowledged=1";
      return Response.seeOther(URI.create(to)).build();
    }
    return alertPage(
        fingerprint, Optional.empty(), Optional.of(reply.problem()), comment, reply.pageStatus());
  }

  private Response alertPage(
      String fingerprint,
      Optional<String> notice,
      Optional<Problem> problem,
      String comment,
      int status) {
    ServiceCalls.Session services = this.services.session();
    Reply detail =
        services.get(Service.NOTIFIER, "/api/v1/alerts/" + Json2.segment(fingerprint)).join();
    if (detail.notFound() || (detail.ok() && !detail.body().has("alert"))) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(
              Pages.Templates.notFound(
                  frames.layout("Not found", "alerts", List.of()),
                  "No alert " + fingerprint + " that you may see."))
          .build();
    }
    if (!detail.ok()) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .entity(
              Pages.Templates.notFound(
                  frames.layout("Alert " + fingerprint, "alerts", List.of(detail.problem())),
                  "The alert cannot be shown now."))
          .build();
    }
    JsonNode alert = detail.body().path("alert");
    String team = alert.path("labels").path("team").asText("");
    Reply groups =
        services
            .get(
                Service.NOTIFIER,
                "/api/v1/alert-groups" + (team.isEmpty() ? "" : "?team=" + Json2.query(team)))
            .join();
    Set<String> groupIds = new HashSet<>();
    List<CompletableFuture<Reply>> sent = new ArrayList<>();
    sent.add(
        services.get(
            Service.NOTIFIER, "/api/v1/notifications?fingerprint=" + Json2.query(fingerprint)));
    for (JsonNode group : groups.body()) {
      for (JsonNode member : group.path("fingerprints")) {
        if (member.asText().equals(fingerprint)) {
          String id = Json2.text(group, "id");
          groupIds.add(id);
          sent.add(
              services.get(Service.NOTIFIER, "/api/v1/notifications?groupId=" + Json2.query(id)));
        }
      }
    }
    List<Problem> problems = new ArrayList<>();
    if (!groups.ok()) {
      problems.add(groups.problem());
    }
    var notifications = mapper.createArrayNode();
    for (CompletableFuture<Reply> call : sent) {
      Reply reply = call.join();
      if (reply.ok()) {
        reply.body().forEach(notifications::add);
      } else if (problems.isEmpty()) {
        problems.add(reply.problem());
      }
    }
    List<Transition> history = new ArrayList<>();
    for (JsonNode t : detail.body().path("history")) {
      history.add(
          new Transition(
              Json2.text(t, "status"), Json2.time(Json2.text(t, "at")), Json2.text(t, "summary")));
    }
    AlertView view =
        new AlertView(
            AlertBoard.alert(alert, notifications, groupIds),
            history,
            frames.viewer().mayRespond(),
            notice,
            problem,
            comment);
    return Response.status(status)
        .entity(Templates.alert(frames.layout("Alert " + fingerprint, "alerts", problems), view))
        .build();
  }
}

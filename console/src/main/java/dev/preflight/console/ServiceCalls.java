package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.oidc.AccessTokenCredential;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls the services' REST APIs with the signed-in user's own access token (token propagation): the
 * console never sees more or does more than the user may; the services decide. Calls of one page
 * run in parallel; each answers a {@link Reply}, never an exception. A page takes a {@link Session}
 * (the token read once, on the request's thread) so that calls chained on other calls' answers need
 * no request context.
 *
 * <p>The calls go through Vert.x's own HTTP client, on the event loops the console already runs,
 * with a pool of kept-alive connections per service: the JDK's client spent 14 % of the console's
 * CPU on its selector and worker threads (bench/console.sh).
 */
@ApplicationScoped
public class ServiceCalls {

  private final ConsoleConfig config;
  private final ObjectMapper mapper;
  private final AccessTokenCredential accessToken;
  private final HttpClient client;

  @Inject
  ServiceCalls(
      ConsoleConfig config, ObjectMapper mapper, AccessTokenCredential accessToken, Vertx vertx) {
    this.config = config;
    this.mapper = mapper;
    this.accessToken = accessToken;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setKeepAlive(true)
                .setKeepAliveTimeout(30),
            new PoolOptions().setHttp1MaxSize(32));
  }

  /** The signed-in user's calls; take it on the request's thread. */
  public Session session() {
    return new Session(accessToken.getToken());
  }

  /** A service's answer in another media type than JSON (the Markdown checklist). */
  public record Text(int status, String body) {}

  /** Calls with one user's token. */
  public final class Session {
    private final String token;

    private Session(String token) {
      this.token = token;
    }

    /** {@code GET path} of a service; path and query already encoded. */
    public CompletableFuture<Reply> get(Service service, String path) {
      return send(service, request(service, HttpMethod.GET, path), null);
    }

    /** {@code POST path} of a service with a JSON body. */
    public CompletableFuture<Reply> post(Service service, String path, JsonNode body) {
      return send(
          service,
          request(service, HttpMethod.POST, path).putHeader("Content-Type", "application/json"),
          Buffer.buffer(body.toString()));
    }

    /** {@code DELETE path} of a service (expiring a silence). */
    public CompletableFuture<Reply> delete(Service service, String path) {
      return send(service, request(service, HttpMethod.DELETE, path), null);
    }

    /**
     * The text of {@code GET path} with another media type (the Markdown checklist); {@code null}
     * when the service could not be reached.
     */
    public CompletableFuture<Text> text(Service service, String path, String accept) {
      return within(
              client
                  .request(request(service, HttpMethod.GET, path).putHeader("Accept", accept))
                  .compose(HttpClientRequest::send)
                  .compose(
                      response ->
                          response
                              .body()
                              .map(body -> new Text(response.statusCode(), body.toString()))))
          .exceptionally(failure -> null);
    }

    private RequestOptions request(Service service, HttpMethod method, String path) {
      return new RequestOptions()
          .setMethod(method)
          .setAbsoluteURI(base(service).resolve(path).toString())
          .setIdleTimeout(config.timeout().toMillis())
          .putHeader("Accept", "application/json")
          .putHeader("Authorization", "Bearer " + token);
    }
  }

  URI base(Service service) {
    return switch (service) {
      case CHECKLIST -> config.services().checklist();
      case PROBE -> config.services().probe();
      case MONITOR -> config.services().monitor();
      case NOTIFIER -> config.services().notifier();
    };
  }

  private CompletableFuture<Reply> send(Service service, RequestOptions options, Buffer body) {
    return within(
            client
                .request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(bytes -> reply(service, response, bytes))))
        .exceptionally(failure -> Reply.unreachable(service, why(failure)));
  }

  /**
   * The call as a future that fails with a {@link TimeoutException} once the configured time has
   * passed: the idle timeout of a request only bounds the silence between two reads.
   */
  private <T> CompletableFuture<T> within(Future<T> call) {
    return call.toCompletionStage()
        .toCompletableFuture()
        .orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Reply reply(Service service, HttpClientResponse response, Buffer bytes) {
    JsonNode body = MissingNode.getInstance();
    String type = Objects.requireNonNullElse(response.getHeader("Content-Type"), "");
    if (bytes.length() > 0 && type.contains("json")) {
      try {
        body = mapper.readTree(bytes.getBytes());
      } catch (IOException e) {
        return new Reply(
            service,
            502,
            body,
            Optional.empty(),
            Optional.of("it answered " + response.statusCode() + " with JSON it cannot read"));
      }
    }
    Optional<Long> total =
        Optional.ofNullable(response.getHeader("X-Total-Count")).flatMap(ServiceCalls::number);
    return new Reply(service, response.statusCode(), body, total, Optional.empty());
  }

  private static Optional<Long> number(String text) {
    try {
      return Optional.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String why(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
      return "it does not answer (connection refused or timed out)";
    }
    if (cause instanceof TimeoutException) {
      return "it did not answer in time";
    }
    return "it cannot be reached (" + cause.getClass().getSimpleName() + ")";
  }
}

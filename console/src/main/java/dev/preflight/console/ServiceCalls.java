package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls the services' REST APIs with the signed-in user's own access token (token propagation): the
 * console never sees more or does more than the user may; the services decide. Calls of one page
 * run in parallel; each answers a {@link Reply}, never an exception. A page takes a {@link Session}
 * (the token read once, on the request's thread) so that calls chained on other calls' answers need
 * no request context.
 */
@ApplicationScoped
public class ServiceCalls {

  private final ConsoleConfig config;
  private final ObjectMapper mapper;
  private final AccessTokenCredential accessToken;
  private final HttpClient client;

  @Inject
  ServiceCalls(ConsoleConfig config, ObjectMapper mapper, AccessTokenCredential accessToken) {
    this.config = config;
    this.mapper = mapper;
    this.accessToken = accessToken;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** The signed-in user's calls; take it on the request's thread. */
  public Session session() {
    return new Session(accessToken.getToken());
  }

  /** Calls with one user's token. */
  public final class Session {
    private final String token;

    private Session(String token) {
      this.token = token;
    }

    /** {@code GET path} of a service; path and query already encoded. */
    public CompletableFuture<Reply> get(Service service, String path) {
      return send(service, request(service, path).GET().build());
    }

    /** {@code POST path} of a service with a JSON body. */
    public CompletableFuture<Reply> post(Service service, String path, JsonNode body) {
      return send(
          service,
          request(service, path)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
              .build());
    }

    /** {@code DELETE path} of a service (expiring a silence). */
    public CompletableFuture<Reply> delete(Service service, String path) {
      return send(service, request(service, path).DELETE().build());
    }

    /** The raw text of {@code GET path} with another media type (the Markdown checklist). */
    public CompletableFuture<HttpResponse<String>> text(
        Service service, String path, String accept) {
      return client.sendAsync(
          request(service, path).header("Accept", accept).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(Service service, String path) {
      return HttpRequest.newBuilder(base(service).resolve(path))
          .timeout(config.timeout())
          .header("Accept", "application/json")
          .header("Authorization", "Bearer " + token);
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

  private CompletableFuture<Reply> send(Service service, HttpRequest request) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> reply(service, response))
        .exceptionally(failure -> Reply.unreachable(service, why(failure)));
  }

  private Reply reply(Service service, HttpResponse<byte[]> response) {
    JsonNode body = MissingNode.getInstance();
    byte[] bytes = response.body();
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (bytes.length > 0 && type.contains("json")) {
      try {
        body = mapper.readTree(bytes);
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
        response.headers().firstValue("X-Total-Count").flatMap(ServiceCalls::number);
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
    if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
      return "it does not answer (connection refused or timed out)";
    }
    if (cause instanceof HttpTimeoutException) {
      return "it did not answer in time";
    }
    return "it cannot be reached (" + cause.getClass().getSimpleName() + ")";
  }
}

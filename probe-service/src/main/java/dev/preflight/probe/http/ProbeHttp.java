package dev.preflight.probe.http;

import dev.preflight.probe.config.ProbeConfig;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Every request the probe makes to URLs that pipelines declared: through the {@link EgressGuard} on
 * every hop (redirects are followed by hand, at most five, each checked), with a bounded number of
 * concurrent requests per endpoint, capped downloads, retries of transient failures (no answer,
 * 502, 503, 504) with backoff, and the probe's own bearer token only towards hosts it is configured
 * to send credentials to — never to a host a redirect leads to.
 */
@ApplicationScoped
public class ProbeHttp {

  private static final int MAX_REDIRECTS = 5;

  /** What to send. */
  public record Call(
      String method,
      URI uri,
      Optional<String> body,
      Credential credential,
      Map<String, String> headers) {

    public static Call get(URI uri) {
      return new Call("GET", uri, Optional.empty(), Credential.NONE, Map.of());
    }

    public static Call post(URI uri, String json) {
      return new Call(
          "POST",
          uri,
          Optional.of(json),
          Credential.NONE,
          Map.of("Content-Type", "application/json"));
    }

    public Call with(Credential newCredential) {
      return new Call(method, uri, body, newCredential, headers);
    }

    public Call withToken(String token) {
      return new Call(method, uri, body, Credential.raw(token), headers);
    }
  }

  /** Which credential a request carries. */
  public record Credential(Kind kind, Optional<String> token) {
    public enum Kind {
      NONE,
      PROBE_SERVICE,
      RAW
    }

    public static final Credential NONE = new Credential(Kind.NONE, Optional.empty());

    /** The probe's own OIDC client-credentials token. */
    public static final Credential PROBE = new Credential(Kind.PROBE_SERVICE, Optional.empty());

    /** A token the check made up, e.g. one signed with the wrong key. */
    public static Credential raw(String token) {
      return new Credential(Kind.RAW, Optional.of(token));
    }
  }

  /** An HTTP answer. */
  public record Answer(
      int status, Map<String, List<String>> headers, byte[] body, Duration elapsed) {
    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client;
  private final EgressGuard guard;
  private final ProbeConfig config;
  private final OidcClient oidc;
  private final Map<String, Semaphore> perEndpoint = new ConcurrentHashMap<>();
  private volatile Tokens tokens;

  public ProbeHttp(EgressGuard guard, ProbeConfig config, OidcClient oidc) {
    this.guard = guard;
    this.config = config;
    this.oidc = oidc;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.http().connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** Sends a call, retrying transient failures; the body is capped at {@code maxBytes}. */
  public Answer send(Call call, String scope, long maxBytes) throws EgressDenied, Unreachable {
    Unreachable last = null;
    for (int attempt = 0; attempt <= config.http().retries(); attempt++) {
      if (attempt > 0) {
        pause(config.http().retryBackoff().multipliedBy(attempt));
      }
      try {
        Answer answer = once(call, scope, maxBytes);
        if (answer.status() != 502 && answer.status() != 503 && answer.status() != 504
            || attempt == config.http().retries()) {
          return answer;
        }
      } catch (Unreachable e) {
        last = e;
      }
    }
    throw last;
  }

  public Answer send(Call call, String scope) throws EgressDenied, Unreachable {
    return send(call, scope, config.http().maxResponseBytes());
  }

  /** One attempt: no retries, redirects followed and checked. */
  public Answer once(Call call, String scope, long maxBytes) throws EgressDenied, Unreachable {
    return once(call, scope, maxBytes, false);
  }

  /**
   * Whether a URL answers, reading no more than its first kilobyte (a dataset may be large): the
   * answer's body is that beginning.
   */
  public Answer peek(URI uri, String scope) throws EgressDenied, Unreachable {
    return once(Call.get(uri), scope, 1024, true);
  }

  private Answer once(Call call, String scope, long maxBytes, boolean truncate)
      throws EgressDenied, Unreachable {
    URI uri = call.uri();
    String originalHost = endpoint(uri);
    Semaphore slots =
        perEndpoint.computeIfAbsent(
            originalHost, h -> new Semaphore(config.http().endpointConcurrency(), true));
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted", e);
    }
    try {
      for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
        try {
          guard.check(uri, scope);
        } catch (UnknownHostException e) {
          throw new Unreachable("cannot resolve " + uri.getHost(), e);
        }
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri).timeout(config.http().requestTimeout());
        call.headers().forEach(request::header);
        // Credentials go only to the host they were meant for, and only if it may receive them.
        if (hop == 0 || endpoint(uri).equals(originalHost)) {
          bearer(call.credential(), uri)
              .ifPresent(t -> request.header("Authorization", "Bearer " + t));
        }
        boolean keepMethod = hop == 0 || call.method().equals("GET");
        request.method(
            keepMethod ? call.method() : "GET",
            keepMethod && call.body().isPresent()
                ? HttpRequest.BodyPublishers.ofString(call.body().get())
                : HttpRequest.BodyPublishers.noBody());
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
          response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
          throw new Unreachable(uri + ": " + describe(e), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Unreachable("interrupted", e);
        }
        int status = response.statusCode();
        Optional<String> location = response.headers().firstValue("Location");
        if (status >= 300 && status < 400 && location.isPresent()) {
          close(response.body());
          uri = uri.resolve(location.get());
          continue;
        }
        byte[] body;
        try (InputStream in = response.body()) {
          body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
          throw new Unreachable(uri + ": reading the answer failed: " + describe(e), e);
        }
        if (body.length > maxBytes && truncate) {
          body = java.util.Arrays.copyOf(body, (int) maxBytes);
        } else if (body.length > maxBytes) {
          throw new Unreachable(uri + ": the answer is larger than " + maxBytes + " bytes", null);
        }
        return new Answer(
            status, response.headers().map(), body, Duration.ofNanos(System.nanoTime() - started));
      }
      throw new Unreachable(call.uri() + ": more than " + MAX_REDIRECTS + " redirects", null);
    } finally {
      slots.release();
    }
  }

  /** A digest and size of a download, streamed, capped at {@code maxBytes}. */
  public record Download(int status, String sha256, long bytes) {}

  public Download digest(URI uri, String scope, long maxBytes) throws EgressDenied, Unreachable {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      try {
        guard.check(current, scope);
      } catch (UnknownHostException e) {
        throw new Unreachable("cannot resolve " + current.getHost(), e);
      }
      HttpResponse<InputStream> response;
      try {
        response =
            client.send(
                HttpRequest.newBuilder(current).timeout(config.http().downloadTimeout()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new Unreachable(current + ": " + describe(e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unreachable("interrupted", e);
      }
      Optional<String> location = response.headers().firstValue("Location");
      if (response.statusCode() >= 300 && response.statusCode() < 400 && location.isPresent()) {
        close(response.body());
        current = current.resolve(location.get());
        continue;
      }
      try (InputStream in = response.body()) {
        if (response.statusCode() >= 400) {
          return new Download(response.statusCode(), "", 0);
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
          total += read;
          if (total > maxBytes) {
            throw new Unreachable(current + ": larger than " + maxBytes + " bytes", null);
          }
          sha.update(buffer, 0, read);
        }
        return new Download(response.statusCode(), HexFormat.of().formatHex(sha.digest()), total);
      } catch (IOException e) {
        throw new Unreachable(current + ": reading failed: " + describe(e), e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new Unreachable(uri + ": more than " + MAX_REDIRECTS + " redirects", null);
  }

  /** Whether the probe's token may be sent to this URL's host. */
  public boolean mayReceiveCredentials(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return config.credentials().hosts().orElse(List.of()).stream()
        .map(pattern -> pattern.trim().toLowerCase(Locale.ROOT))
        .anyMatch(
            pattern ->
                pattern.startsWith("*.")
                    ? host.endsWith(pattern.substring(1))
                    : host.equals(pattern));
  }

  private Optional<String> bearer(Credential credential, URI uri) {
    return switch (credential.kind()) {
      case NONE -> Optional.empty();
      case RAW -> credential.token();
      case PROBE_SERVICE ->
          mayReceiveCredentials(uri) ? Optional.of(probeToken()) : Optional.empty();
    };
  }

  /** The probe's OIDC client-credentials access token, refreshed when it expires. */
  public String probeToken() {
    Tokens current = tokens;
    if (current == null || current.isAccessTokenExpired()) {
      current = oidc.getTokens().await().atMost(config.http().requestTimeout());
      tokens = current;
    }
    return current.getAccessToken();
  }

  private static String endpoint(URI uri) {
    return (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.preflight.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redirects are checked hop by hop, credentials reach only the hosts configured for them (never a
 * host a redirect leads to), and answers are capped.
 */
class ProbeHttpTest {

  private HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(path + " " + (auth == null ? "-" : auth));
          if (path.equals("/to-metadata")) {
            exchange
                .getResponseHeaders()
                .add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
          } else if (path.equals("/to-other-host")) {
            exchange
                .getResponseHeaders()
                .add("Location", "http://localhost:" + port() + "/landing");
            exchange.sendResponseHeaders(302, -1);
          } else if (path.equals("/big")) {
            byte[] body = new byte[2 << 20];
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } else {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aRedirectToTheMetadataServiceIsRefused() {
    ProbeHttp http = http(List.of("127.0.0.1"));
    assertThatThrownBy(() -> http.send(ProbeHttp.Call.get(url("/to-metadata")), "prod"))
        .isInstanceOf(EgressDenied.class)
        .hasMessageContaining("169.254.169.254");
  }

  @Test
  void theProbesTokenGoesOnlyToConfiguredHostsAndNeverAcrossARedirect() throws Exception {
    ProbeHttp http = http(List.of("127.0.0.1"));
    http.send(ProbeHttp.Call.get(url("/direct")).with(ProbeHttp.Credential.PROBE), "prod");
    http.send(ProbeHttp.Call.get(url("/to-other-host")).with(ProbeHttp.Credential.PROBE), "prod");
    assertThat(authorizations)
        .containsExactly(
            "/direct Bearer probe-token", "/to-other-host Bearer probe-token", "/landing -");

    authorizations.clear();
    http(List.of("models.internal"))
        .send(ProbeHttp.Call.get(url("/direct")).with(ProbeHttp.Credential.PROBE), "prod");
    assertThat(authorizations).containsExactly("/direct -");
  }

  @Test
  void answersAreCapped() {
    assertThatThrownBy(() -> http(List.of()).send(ProbeHttp.Call.get(url("/big")), "prod", 1024))
        .isInstanceOf(Unreachable.class)
        .hasMessageContaining("larger than 1024 bytes");
  }

  private ProbeHttp http(List<String> credentialHosts) {
    OidcClient oidc =
        (OidcClient)
            Proxy.newProxyInstance(
                OidcClient.class.getClassLoader(),
                new Class<?>[] {OidcClient.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getTokens")) {
                    return Uni.createFrom()
                        .item(
                            new Tokens(
                                "probe-token", Long.MAX_VALUE / 2, null, null, null, null, null));
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new ProbeHttp(
        new EgressGuard(EgressGuardTest.config(Map.of("prod", true), credentialHosts)),
        EgressGuardTest.config(Map.of("prod", true), credentialHosts),
        oidc);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }
}

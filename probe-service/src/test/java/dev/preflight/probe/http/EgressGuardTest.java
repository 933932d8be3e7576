package dev.preflight.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.probe.config.ProbeConfig;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SSRF rules: what a pipeline-declared URL may make the probe call. */
class EgressGuardTest {

  private final EgressGuard strict = new EgressGuard(config(Map.of()));
  private final EgressGuard lenient =
      new EgressGuard(config(Map.of("test", true, "prod", true, "artifacts", true)));

  @Test
  void linkLocalAndCloudMetadataAreNeverProbed() {
    for (String url :
        new String[] {
          "http://169.254.169.254/latest/meta-data/",
          "http://169.254.10.1:8080/",
          "http://[fe80::1]/",
          "http://[fd00:ec2::254]/latest/meta-data/",
          "http://100.100.100.200/",
          "http://metadata.google.internal/computeMetadata/v1/",
          "http://0.0.0.0:8080/"
        }) {
      assertThatThrownBy(() -> lenient.check(URI.create(url), "prod"))
          .as(url)
          .isInstanceOf(EgressDenied.class);
    }
  }

  @Test
  void privateRangesOnlyWhereTheScopeAllowsThem() throws Exception {
    for (String url :
        new String[] {
          "http://127.0.0.1:9000/",
          "http://10.1.2.3/",
          "http://172.16.0.9/",
          "http://192.168.1.1/",
          "http://100.64.0.1/",
          "http://[::1]/",
          "http://[fd12:3456::1]/"
        }) {
      assertThatThrownBy(() -> strict.check(URI.create(url), "prod"))
          .as(url)
          .isInstanceOf(EgressDenied.class)
          .hasMessageContaining("not allowed for this environment");
      assertThat(lenient.check(URI.create(url), "prod")).as(url).isNotEmpty();
    }
  }

  @Test
  void onlyHttpAndHttpsWithoutCredentialsInTheUrl() {
    for (String url :
        new String[] {
          "file:///etc/passwd", "gopher://10.0.0.1/", "s3://bucket/key", "ftp://example.org/"
        }) {
      assertThatThrownBy(() -> lenient.check(URI.create(url), "artifacts"))
          .as(url)
          .isInstanceOf(EgressDenied.class)
          .hasMessageContaining("only http and https");
    }
    assertThatThrownBy(() -> lenient.check(URI.create("http://user:secret@127.0.0.1/"), "test"))
        .isInstanceOf(EgressDenied.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void publicAddressesPass() throws Exception {
    assertThat(EgressGuard.denied(InetAddress.getByName("93.184.215.14"), false)).isNull();
    assertThat(EgressGuard.denied(InetAddress.getByName("2606:4700::1111"), false)).isNull();
  }

  static ProbeConfig config(Map<String, Boolean> allowPrivate) {
    return config(allowPrivate, java.util.List.of());
  }

  /** A configuration with defaults, the egress and credential settings given. */
  static ProbeConfig config(
      Map<String, Boolean> allowPrivate, java.util.List<String> credentialHosts) {
    ProbeConfig.Egress egress = () -> allowPrivate;
    ProbeConfig.Credentials credentials = () -> java.util.Optional.of(credentialHosts);
    ProbeConfig.Http http =
        (ProbeConfig.Http)
            Proxy.newProxyInstance(
                ProbeConfig.class.getClassLoader(),
                new Class<?>[] {ProbeConfig.Http.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "connectTimeout", "requestTimeout", "downloadTimeout" ->
                          java.time.Duration.ofSeconds(5);
                      case "retryBackoff" -> java.time.Duration.ofMillis(10);
                      case "retries" -> 1;
                      case "endpointConcurrency" -> 4;
                      case "maxResponseBytes" -> 1L << 20;
                      case "maxDownloadBytes" -> 1L << 20;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (ProbeConfig)
        Proxy.newProxyInstance(
            ProbeConfig.class.getClassLoader(),
            new Class<?>[] {ProbeConfig.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "egress" -> egress;
                  case "credentials" -> credentials;
                  case "http" -> http;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}

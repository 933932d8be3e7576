package dev.preflight.monitor.profile;

import dev.preflight.monitor.config.MonitorConfig;
import dev.preflight.support.net.EgressRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Downloads reference datasets. Their URLs come from pipelines, so every hop (redirects are
 * followed one by one) must pass {@link EgressRules}, and downloads are capped in size and time.
 */
@ApplicationScoped
public class DatasetFetcher {

  private static final int MAX_REDIRECTS = 5;

  private final MonitorConfig.Profiles config;
  private final HttpClient client;

  public DatasetFetcher(MonitorConfig config) {
    this.config = config.profiles();
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(this.config.timeout())
            .build();
  }

  /**
   * @throws IOException naming what went wrong: refused address, status, size, timeout
   */
  public byte[] fetch(URI uri) throws IOException {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      try {
        EgressRules.check(current, config.allowPrivateNetworks(), "reference datasets");
      } catch (EgressRules.EgressDeniedException e) {
        throw new IOException("refused: " + e.getMessage());
      }
      HttpResponse<InputStream> response;
      try {
        response =
            client.send(
                HttpRequest.newBuilder(current).timeout(config.timeout()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
        response.body().close();
        current = current.resolve(response.headers().firstValue("location").get());
        continue;
      }
      try (InputStream body = response.body()) {
        if (status != 200) {
          throw new IOException(
              EgressRules.redacted(current) + current.getPath() + " answered " + status);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
          total += n;
          if (total > config.maxBytes()) {
            throw new IOException("the dataset is larger than " + config.maxBytes() + " bytes");
          }
          bytes.write(buffer, 0, n);
        }
        return bytes.toByteArray();
      }
    }
    throw new IOException(
        "more than " + MAX_REDIRECTS + " redirects from " + EgressRules.redacted(uri));
  }
}

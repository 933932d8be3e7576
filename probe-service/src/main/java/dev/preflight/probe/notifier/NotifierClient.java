package dev.preflight.probe.notifier;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** notifier-service's routing look-up, called with probe-service's own client-credentials token. */
@RegisterRestClient(configKey = "notifier")
@OidcClientFilter
@Path("/api/v1/routes")
public interface NotifierClient {

  /** The receivers the notifier would deliver this model's alerts to. */
  @GET
  @Path("/resolve")
  ResolvedRoutes resolve(@QueryParam("modelId") String modelId, @QueryParam("team") String team);

  record ResolvedRoutes(List<Receiver> receivers) {}

  /**
   * @param type {@code webhook}, {@code slack}, {@code pagerduty} or {@code email}
   * @param target where it delivers, with secrets masked
   */
  record Receiver(String name, String type, String target) {}
}

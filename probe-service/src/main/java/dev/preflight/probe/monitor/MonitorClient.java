package dev.preflight.probe.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** monitor-service's read side, called with probe-service's own client-credentials token. */
@RegisterRestClient(configKey = "monitor")
@OidcClientFilter
@Path("/api/v1")
public interface MonitorClient {

  /** What the monitor holds for a version: registration and the inference records it counted. */
  @GET
  @Path("/versions/{modelId}/{version}")
  JsonNode version(@PathParam("modelId") String modelId, @PathParam("version") String version);

  /** The reference profile and thresholds of a version; 404 when it holds none. */
  @GET
  @Path("/profiles/{modelId}/{version}")
  JsonNode profile(@PathParam("modelId") String modelId, @PathParam("version") String version);
}

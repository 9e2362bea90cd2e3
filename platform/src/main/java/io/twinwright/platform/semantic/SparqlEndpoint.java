package io.twinwright.platform.semantic;

import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.api.SparqlQueries;
import io.twinwright.api.SparqlQueryException;
import io.twinwright.ontology.graph.SparqlException;
import io.twinwright.ontology.graph.TwinGraph;
import io.twinwright.twin.TenantId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The read-only SPARQL endpoint of one tenant: the API calls it on its SPARQL worker pool; the
 * graph enforces tenant isolation, time limits and row limits, and its errors are translated to the
 * API's error family here.
 */
public final class SparqlEndpoint implements SparqlQueries {
  private final TwinGraph graph;
  private final DeviceRegistry registry;

  public SparqlEndpoint(TwinGraph graph, DeviceRegistry registry) {
    this.graph = graph;
    this.registry = registry;
  }

  @Override
  public CompletionStage<String> query(String tenant, String query) {
    if (!TenantId.isValid(tenant) || registry.tenant(TenantId.of(tenant)).isEmpty()) {
      return CompletableFuture.failedFuture(
          new SparqlQueryException(
              SparqlQueryException.Reason.UNKNOWN_TENANT, "no such tenant: " + tenant));
    }
    try {
      return CompletableFuture.completedFuture(graph.query(tenant, query, Duration.ZERO, 0).json());
    } catch (SparqlException e) {
      SparqlQueryException.Reason reason =
          switch (e.kind()) {
            case SYNTAX -> SparqlQueryException.Reason.SYNTAX;
            case FORBIDDEN -> SparqlQueryException.Reason.UNSUPPORTED;
            case TIMEOUT -> SparqlQueryException.Reason.TIMEOUT;
          };
      return CompletableFuture.failedFuture(new SparqlQueryException(reason, e.getMessage(), e));
    }
  }
}

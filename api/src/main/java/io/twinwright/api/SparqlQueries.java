package io.twinwright.api;

import java.util.concurrent.CompletionStage;

/**
 * Read-only SPARQL over one tenant's twin graph, bound by the platform to the semantic layer.
 *
 * <p>Called on the API's SPARQL worker pool, never on an event loop, so an implementation may
 * evaluate the query on the calling thread or hand it to its own executor. It fails (by throwing or
 * with a failed stage) with {@link SparqlQueryException} for the outcomes a client must see: a
 * syntax error, an update or unsupported query form, a timeout, an unknown tenant. Anything else is
 * reported to the client as an internal error.
 */
public interface SparqlQueries {

  /**
   * Evaluates a SELECT or ASK query against the tenant's graph only.
   *
   * @param tenant the tenant (a Ditto namespace) whose graph is asked
   * @param query the SPARQL query text
   * @return the SPARQL 1.1 query results JSON document ({@code application/sparql-results+json})
   */
  CompletionStage<String> query(String tenant, String query);
}

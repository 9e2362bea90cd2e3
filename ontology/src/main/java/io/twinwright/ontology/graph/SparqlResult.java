package io.twinwright.ontology.graph;

import java.util.Objects;

/**
 * The answer to a SPARQL query over one tenant's twin graph.
 *
 * @param json the SPARQL 1.1 Query Results JSON document ({@code application/sparql-results+json})
 * @param rows the number of solutions in {@code json} (0 for ASK)
 * @param truncated whether more solutions existed than the row limit let through
 */
public record SparqlResult(String json, int rows, boolean truncated) {
  public SparqlResult {
    Objects.requireNonNull(json, "json");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must not be negative: " + rows);
    }
  }
}

/**
 * The read-only SPARQL endpoint per tenant, {@code /api/2/sparql/{tenant}}, following the SPARQL
 * 1.1 protocol's query operation (GET with {@code query=}, POST as {@code application/sparql-query}
 * or as a form). Internal to the API module.
 */
package io.twinwright.api.sparql;

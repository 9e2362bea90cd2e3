/**
 * The semantic twin graph: every twin as RDF (typed from its Thing Model, with its relations,
 * security state and latest canonical values), one named graph per tenant in a transactional
 * in-memory Jena dataset, updated twin by twin, and a read-only SPARQL endpoint per tenant with
 * timeouts and row limits. {@link io.twinwright.ontology.graph.TwinGraph} is the entry point,
 * {@link io.twinwright.ontology.graph.TwinSnapshot} what the platform feeds it.
 */
package io.twinwright.ontology.graph;

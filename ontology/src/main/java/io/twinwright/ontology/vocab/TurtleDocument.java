package io.twinwright.ontology.vocab;

import java.util.Map;
import java.util.Objects;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;

/**
 * A parsed Turtle file together with where each statement was written, so that a problem found in
 * the model (by SHACL or by the compiler) can be reported at its line in the author's file.
 *
 * @param source the file or classpath resource, as errors name it
 * @param model the statements
 * @param nodeLines per subject, the line it starts on: the {@code [} of a blank node, else the line
 *     of its first statement
 * @param statementLines per statement, the line its object was written on
 */
public record TurtleDocument(
    String source, Model model, Map<Node, Long> nodeLines, Map<Triple, Long> statementLines) {

  public TurtleDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(model, "model");
    nodeLines = Map.copyOf(nodeLines);
    statementLines = Map.copyOf(statementLines);
  }

  /** The line {@code node} starts on, or -1 when it is not a subject written in this file. */
  public long lineOf(RDFNode node) {
    return node == null ? -1 : nodeLines.getOrDefault(node.asNode(), -1L);
  }

  /**
   * The line of the first statement {@code subject property ?} (where a wrong value was written),
   * else the line the subject starts on (where a missing value belongs).
   */
  public long lineOf(RDFNode subject, Property property) {
    if (subject == null) {
      return -1;
    }
    if (property != null && subject.isResource()) {
      long best = -1;
      for (var s : subject.asResource().listProperties(property).toList()) {
        Long line = statementLines.get(s.asTriple());
        if (line != null && (best < 0 || line < best)) {
          best = line;
        }
      }
      if (best > 0) {
        return best;
      }
    }
    return lineOf(subject);
  }
}

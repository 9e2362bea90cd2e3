package io.twinwright.ontology.profile;

import io.twinwright.ontology.ContentProblem;
import io.twinwright.ontology.vocab.TurtleDocument;
import io.twinwright.ontology.vocab.TurtleReader;
import io.twinwright.ontology.vocab.Tw;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.jena.graph.Node;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.sparql.path.P_Link;

/** The SHACL shapes of {@code shapes/profile-shapes.ttl}, applied to one profile file at a time. */
public final class ProfileShapes {
  public static final String SHAPES_RESOURCE = "shapes/profile-shapes.ttl";

  private final Shapes shapes;

  private ProfileShapes(Shapes shapes) {
    this.shapes = shapes;
  }

  public static ProfileShapes bundled() {
    return new ProfileShapes(Shapes.parse(TurtleReader.readResource(SHAPES_RESOURCE).getGraph()));
  }

  /**
   * Every violation in {@code doc}, each naming the profile and field it concerns, at the line of
   * the offending statement (or of the node, when a required statement is missing).
   */
  public List<ContentProblem> check(TurtleDocument doc) {
    Model model = doc.model();
    ValidationReport report = ShaclValidator.get().validate(shapes, model.getGraph());
    if (report.conforms()) {
      return List.of();
    }
    // A set: sorted for stable output, and one line per distinct problem.
    TreeSet<ContentProblem> problems = new TreeSet<>(ContentProblem.ORDER);
    for (ReportEntry entry : report.getEntries()) {
      RDFNode focus = model.asRDFNode(entry.focusNode());
      org.apache.jena.rdf.model.Property path =
          entry.resultPath() instanceof P_Link link && link.getNode().isURI()
              ? model.createProperty(link.getNode().getURI())
              : null;
      problems.add(
          new ContentProblem(
              doc.source(),
              doc.lineOf(focus, path),
              describe(model, entry.focusNode()) + ": " + entry.message()));
    }
    return new ArrayList<>(problems);
  }

  /** "profile 'acme-th100'" or "profile 'acme-th100', field "/t"" for the node a report is on. */
  static String describe(Model model, Node focus) {
    RDFNode node = model.asRDFNode(focus);
    if (!node.isResource()) {
      return "value " + focus;
    }
    Resource r = node.asResource();
    if (r.hasProperty(Tw.PROFILE_ID) || r.hasProperty(Tw.FIELD)) {
      return profileName(r);
    }
    Statement pointer = r.getProperty(Tw.POINTER);
    Statement offset = r.getProperty(Tw.BYTE_OFFSET);
    String what =
        (model.contains(null, Tw.SOURCE_TIMESTAMP, r) ? "source timestamp" : "field")
            + (pointer != null && pointer.getObject().isLiteral()
                ? " \"" + pointer.getObject().asLiteral().getLexicalForm() + "\""
                : offset != null && offset.getObject().isLiteral()
                    ? " at byte " + offset.getObject().asLiteral().getLexicalForm()
                    : " without tw:pointer or tw:byteOffset");
    List<Resource> owners = model.listSubjectsWithProperty(Tw.FIELD, r).toList();
    if (owners.isEmpty()) {
      owners = model.listSubjectsWithProperty(Tw.SOURCE_TIMESTAMP, r).toList();
    }
    return owners.isEmpty() ? what : profileName(owners.get(0)) + ", " + what;
  }

  static String profileName(Resource profile) {
    Statement id = profile.getProperty(Tw.PROFILE_ID);
    if (id != null && id.getObject().isLiteral()) {
      return "profile '" + id.getObject().asLiteral().getLexicalForm() + "'";
    }
    return profile.isURIResource() ? "profile <" + profile.getURI() + ">" : "profile without id";
  }
}

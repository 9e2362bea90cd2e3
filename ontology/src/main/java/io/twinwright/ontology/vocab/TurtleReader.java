package io.twinwright.ontology.vocab;

import io.twinwright.ontology.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.RiotParseException;
import org.apache.jena.riot.lang.LangTurtle;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.ParserProfileWrapper;
import org.apache.jena.riot.system.RiotLib;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.riot.tokens.TokenizerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Turtle files and bundled Turtle resources into Jena models. A syntax error becomes a {@link
 * ProfileException} with the file and line, instead of Jena's log line plus a generic exception.
 *
 * <p>The parser is driven directly (not through {@code RDFParser}) so that it can note the line of
 * every statement it creates: SHACL and the compiler find problems in the model, and authors need
 * them at a line of their file.
 */
public final class TurtleReader {
  private static final Logger LOG = LoggerFactory.getLogger(TurtleReader.class);

  /** Where the bundled Turtle resources live on the classpath. */
  public static final String RESOURCE_ROOT = "/io/twinwright/ontology/";

  private TurtleReader() {}

  /** Reads a file; the file's path names it in errors. */
  public static Model read(Path file) {
    return document(file).model();
  }

  /** Reads a file with the line of each statement; the file's path names it in errors. */
  public static TurtleDocument document(Path file) {
    String source = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      return read(source, file.toUri().toString(), in);
    } catch (IOException e) {
      throw new ProfileException(source, "cannot read: " + e.getMessage());
    }
  }

  /** Reads a resource below {@link #RESOURCE_ROOT}, e.g. {@code vocab/units.ttl}. */
  public static Model readResource(String name) {
    return resourceDocument(name).model();
  }

  /** Reads a resource below {@link #RESOURCE_ROOT} with the line of each statement. */
  public static TurtleDocument resourceDocument(String name) {
    String source = resourceName(name);
    URL url = TurtleReader.class.getResource(RESOURCE_ROOT + name);
    if (url == null) {
      throw new ProfileException(source, "bundled resource is missing");
    }
    try (InputStream in = url.openStream()) {
      return read(source, url.toString(), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  /** How errors name a bundled resource: {@code classpath:io/twinwright/ontology/<name>}. */
  public static String resourceName(String name) {
    return "classpath:" + RESOURCE_ROOT.substring(1) + name;
  }

  /** Opens a bundled resource below {@link #RESOURCE_ROOT} as a stream. */
  public static InputStream openResource(String name) {
    InputStream in = TurtleReader.class.getResourceAsStream(RESOURCE_ROOT + name);
    if (in == null) {
      throw new ProfileException("classpath:" + RESOURCE_ROOT.substring(1) + name, "missing");
    }
    return in;
  }

  private static TurtleDocument read(String source, String base, InputStream in) {
    Model model = ModelFactory.createDefaultModel();
    Map<Node, Long> nodeLines = new HashMap<>();
    Map<Triple, Long> statementLines = new HashMap<>();
    ErrorHandler errors = new Failing(source);
    try {
      var tokens = TokenizerText.create().source(in).errorHandler(errors).build();
      var profile =
          new ParserProfileWrapper(RiotLib.profile(Lang.TURTLE, base, errors)) {
            @Override
            public Node createBlankNode(Node scope, long line, long col) {
              Node node = super.createBlankNode(scope, line, col);
              nodeLines.putIfAbsent(node, line);
              return node;
            }

            @Override
            public Node createBlankNode(Node scope, String label, long line, long col) {
              Node node = super.createBlankNode(scope, label, line, col);
              nodeLines.putIfAbsent(node, line);
              return node;
            }

            @Override
            public Triple createTriple(Node s, Node p, Node o, long line, long col) {
              Triple triple = super.createTriple(s, p, o, line, col);
              nodeLines.putIfAbsent(s, line);
              statementLines.putIfAbsent(triple, line);
              return triple;
            }
          };
      new LangTurtle(tokens, profile, StreamRDFLib.graph(model.getGraph())).parse();
    } catch (RiotParseException e) {
      throw new ProfileException(source, e.getLine(), e.getOriginalMessage());
    } catch (RiotException e) {
      throw new ProfileException(source, e.getMessage());
    }
    return new TurtleDocument(source, model, nodeLines, statementLines);
  }

  /** Turns the first parse error into a ProfileException; warnings are logged. */
  private record Failing(String source) implements ErrorHandler {
    @Override
    public void warning(String message, long line, long col) {
      LOG.warn("{}:{}:{}: {}", source, line, col, message);
    }

    @Override
    public void error(String message, long line, long col) {
      throw new ProfileException(source, line, message + column(col));
    }

    @Override
    public void fatal(String message, long line, long col) {
      throw new ProfileException(source, line, message + column(col));
    }

    private static String column(long col) {
      return col > 0 ? " (column " + col + ")" : "";
    }
  }
}

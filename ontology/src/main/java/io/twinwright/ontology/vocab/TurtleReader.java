package io.twinwright.ontology.vocab;

import io.twinwright.ontology.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.RiotParseException;
import org.apache.jena.riot.system.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Turtle files and bundled Turtle resources into Jena models. A syntax error becomes a {@link
 * ProfileException} with the file and line, instead of Jena's log line plus a generic exception.
 */
public final class TurtleReader {
  private static final Logger LOG = LoggerFactory.getLogger(TurtleReader.class);

  /** Where the bundled Turtle resources live on the classpath. */
  public static final String RESOURCE_ROOT = "/io/twinwright/ontology/";

  private TurtleReader() {}

  /** Reads a file; the file's path names it in errors. */
  public static Model read(Path file) {
    String source = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      return read(source, file.toUri().toString(), in);
    } catch (IOException e) {
      throw new ProfileException(source, "cannot read: " + e.getMessage());
    }
  }

  /** Reads a resource below {@link #RESOURCE_ROOT}, e.g. {@code vocab/units.ttl}. */
  public static Model readResource(String name) {
    String source = "classpath:" + RESOURCE_ROOT.substring(1) + name;
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

  /** Opens a bundled resource below {@link #RESOURCE_ROOT} as a stream. */
  public static InputStream openResource(String name) {
    InputStream in = TurtleReader.class.getResourceAsStream(RESOURCE_ROOT + name);
    if (in == null) {
      throw new ProfileException("classpath:" + RESOURCE_ROOT.substring(1) + name, "missing");
    }
    return in;
  }

  private static Model read(String source, String base, InputStream in) {
    Model model = ModelFactory.createDefaultModel();
    try {
      RDFParser.create()
          .source(in)
          .base(base)
          .lang(Lang.TURTLE)
          .errorHandler(new Failing(source))
          .parse(model);
    } catch (RiotParseException e) {
      throw new ProfileException(source, e.getLine(), e.getOriginalMessage());
    } catch (RiotException e) {
      throw new ProfileException(source, e.getMessage());
    }
    return model;
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

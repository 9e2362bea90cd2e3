package io.twinwright.ontology.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every member of a JSON document, by JSON pointer, read with the streaming parser: the
 * tree model forgets where things were written.
 */
final class JsonLines {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final Map<String, Long> lines;

  private JsonLines(Map<String, Long> lines) {
    this.lines = lines;
  }

  /** Indexes {@code text}; a syntax error leaves the members read so far. */
  static JsonLines index(byte[] text) {
    Map<String, Long> lines = new HashMap<>();
    try (JsonParser parser = FACTORY.createParser(text)) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          JsonPointer pointer = parser.getParsingContext().pathAsPointer();
          lines.putIfAbsent(pointer.toString(), (long) parser.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // the caller reports the syntax error from its own parse
    }
    return new JsonLines(lines);
  }

  /** The line of the member at {@code pointer}, else of its closest indexed parent, else -1. */
  long line(String pointer) {
    String p = pointer;
    while (!p.isEmpty()) {
      Long line = lines.get(p);
      if (line != null) {
        return line;
      }
      int slash = p.lastIndexOf('/');
      p = slash <= 0 ? "" : p.substring(0, slash);
    }
    return -1;
  }

  /** A JSON pointer segment for a member name. */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}

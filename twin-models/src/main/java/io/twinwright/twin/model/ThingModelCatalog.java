package io.twinwright.twin.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Thing Models twins may name as their definition: the bundled examples plus every {@code
 * *.tm.jsonld} in a content folder (a folder model replaces a bundled one with the same id).
 *
 * <p>The model id is {@code <namespace>:<name>:<version>} taken from the model's {@code
 * tw:namespace}, {@code tw:name} (else the file name) and {@code version.model}.
 */
public final class ThingModelCatalog {
  private static final String BUNDLED = "io/twinwright/twin/models";
  private static final String SUFFIX = ".tm.jsonld";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ThingModel> models;

  private ThingModelCatalog(Map<String, ThingModel> models) {
    this.models = Map.copyOf(models);
  }

  /** Loads the bundled models, then those in {@code folder} if given. */
  public static ThingModelCatalog load(Optional<Path> folder) {
    Map<String, ThingModel> models = new LinkedHashMap<>();
    loadBundled(models);
    if (folder.isPresent() && Files.isDirectory(folder.get())) {
      loadFolder(folder.get(), models);
    }
    return new ThingModelCatalog(models);
  }

  /** A catalog without models. */
  public static ThingModelCatalog empty() {
    return new ThingModelCatalog(Map.of());
  }

  /** This catalog plus (or with a replaced) {@code model}. */
  public ThingModelCatalog with(ThingModel model) {
    Map<String, ThingModel> next = new LinkedHashMap<>(models);
    next.put(model.id(), model);
    return new ThingModelCatalog(next);
  }

  public Optional<ThingModel> find(String id) {
    return Optional.ofNullable(models.get(id));
  }

  public Collection<ThingModel> all() {
    return models.values();
  }

  private static void loadBundled(Map<String, ThingModel> into) {
    URL url = ThingModelCatalog.class.getClassLoader().getResource(BUNDLED);
    if (url == null) {
      return;
    }
    try {
      if ("jar".equals(url.getProtocol())) {
        FileSystem fs;
        try {
          fs = FileSystems.getFileSystem(url.toURI());
        } catch (FileSystemNotFoundException e) {
          fs = FileSystems.newFileSystem(url.toURI(), Map.of());
        }
        loadFolder(fs.getPath(BUNDLED), into);
      } else {
        loadFolder(Path.of(url.toURI()), into);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void loadFolder(Path folder, Map<String, ThingModel> into) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      dir.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list Thing Models in " + folder, e);
    }
    files.sort(null);
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        ThingModel model = parse(JSON.readTree(in), file.getFileName().toString());
        into.put(model.id(), model);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            file + ": not a valid Thing Model: " + e.getMessage(), e);
      }
    }
  }

  /** Parses one Thing Model document; {@code fileName} supplies the name when none is declared. */
  public static ThingModel parse(JsonNode tm, String fileName) {
    String baseName =
        fileName.endsWith(SUFFIX)
            ? fileName.substring(0, fileName.length() - SUFFIX.length())
            : fileName;
    String namespace = tm.path("tw:namespace").asText("io.twinwright");
    String name = tm.path("tw:name").asText(baseName.replaceAll("-\\d+(\\.\\d+)*$", ""));
    String version = tm.path("version").path("model").asText("1.0.0");
    long interval = tm.path("tw:expectedIntervalSeconds").asLong(60);
    Map<String, ThingModel.PropertySpec> properties = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = tm.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      properties.put(
          e.getKey(),
          new ThingModel.PropertySpec(
              e.getKey(),
              p.path("type").asText("number"),
              p.path("unit").asText(""),
              p.path("@type").asText(""),
              number(p, "minimum"),
              number(p, "maximum"),
              number(p, "tw:highAlarm"),
              p.path("readOnly").asBoolean(false),
              schema(p)));
    }
    return new ThingModel(
        namespace + ":" + name + ":" + version,
        tm.path("title").asText(name),
        semanticType(tm.path("@type")),
        Duration.ofSeconds(interval),
        properties);
  }

  /** The model's class: its {@code @type}, or the first entry that is not {@code tm:ThingModel}. */
  private static String semanticType(JsonNode type) {
    if (type.isTextual()) {
      return "tm:ThingModel".equals(type.asText()) ? "" : type.asText();
    }
    for (JsonNode t : type) {
      if (t.isTextual() && !"tm:ThingModel".equals(t.asText())) {
        return t.asText();
      }
    }
    return "";
  }

  /** The data schema of a property or of a nested member, recursively. */
  static DataSchema schema(JsonNode node) {
    List<String> enumValues = new ArrayList<>();
    node.path("enum").forEach(v -> enumValues.add(v.toString()));
    Map<String, DataSchema> members = new LinkedHashMap<>();
    node.path("properties")
        .fields()
        .forEachRemaining(e -> members.put(e.getKey(), schema(e.getValue())));
    List<String> required = new ArrayList<>();
    node.path("required").forEach(r -> required.add(r.asText()));
    JsonNode items = node.get("items");
    return new DataSchema(
        node.path("type").asText(""),
        number(node, "minimum"),
        number(node, "maximum"),
        enumValues,
        integer(node, "minLength"),
        integer(node, "maxLength"),
        members,
        required,
        items != null && items.isObject() ? Optional.of(schema(items)) : Optional.empty());
  }

  private static OptionalInt integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.canConvertToInt() ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
  }

  private static Optional<Double> number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
  }
}

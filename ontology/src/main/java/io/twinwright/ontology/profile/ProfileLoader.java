package io.twinwright.ontology.profile;

import io.twinwright.ontology.ProfileException;
import io.twinwright.ontology.vocab.TurtleReader;
import io.twinwright.ontology.vocab.Vocabulary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.rdf.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the bundled vendor profiles and those of a profile directory: parse, shape-check, compile.
 *
 * <p>A profile in the directory replaces a bundled profile with the same id, so operators can fix a
 * vendor mapping without a release; two profiles with the same id from the same place are an error.
 */
public final class ProfileLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileLoader.class);

  /** Lists the bundled profile files, one per line: a jar's directories cannot be listed. */
  public static final String INDEX_RESOURCE = "profiles/index.txt";

  private final ProfileShapes shapes;
  private final ProfileCompiler compiler;

  public ProfileLoader(Vocabulary vocabulary) {
    this.shapes = ProfileShapes.bundled();
    this.compiler = new ProfileCompiler(vocabulary);
  }

  /** Bundled profiles, then those of {@code dir}, keyed by profile id. */
  public Map<String, CompiledProfile> load(Optional<Path> dir) {
    Map<String, CompiledProfile> bundled = new LinkedHashMap<>();
    for (String name : bundledNames()) {
      String resource = "profiles/" + name;
      Model model = TurtleReader.readResource(resource);
      String source = "classpath:" + TurtleReader.RESOURCE_ROOT.substring(1) + resource;
      addAll(bundled, compile(source, model));
    }
    Map<String, CompiledProfile> all = new LinkedHashMap<>(bundled);
    if (dir.isPresent()) {
      Map<String, CompiledProfile> local = new LinkedHashMap<>();
      for (Path file : turtleFiles(dir.get())) {
        addAll(local, compile(file.toString(), TurtleReader.read(file)));
      }
      for (CompiledProfile p : local.values()) {
        CompiledProfile replaced = all.put(p.id(), p);
        if (replaced != null) {
          LOG.info("profile {} from {} replaces the bundled one", p.id(), p.source());
        }
      }
    }
    return all;
  }

  /** Shape-checks and compiles the profiles of one file. */
  public List<CompiledProfile> compile(String source, Model model) {
    shapes.check(source, model);
    return compiler.compile(source, model);
  }

  private static void addAll(Map<String, CompiledProfile> into, List<CompiledProfile> profiles) {
    for (CompiledProfile p : profiles) {
      CompiledProfile other = into.putIfAbsent(p.id(), p);
      if (other != null) {
        throw new ProfileException(
            p.source(), "profile id '" + p.id() + "' is also declared in " + other.source());
      }
    }
  }

  private static List<String> bundledNames() {
    List<String> names = new ArrayList<>();
    try (InputStream in = TurtleReader.openResource(INDEX_RESOURCE);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled profile index", e);
    }
    return names;
  }

  private static List<Path> turtleFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ProfileException(dir.toString(), "profile directory does not exist");
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.ttl")) {
      stream.forEach(
          file -> {
            if (Files.isRegularFile(file)) {
              files.add(file);
            }
          });
    } catch (IOException e) {
      throw new ProfileException(dir.toString(), "cannot list: " + e.getMessage());
    }
    files.sort(null);
    return files;
  }
}

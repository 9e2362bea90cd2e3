package io.twinwright.ontology.profile;

import io.twinwright.ontology.ContentProblem;
import io.twinwright.ontology.ProfileException;
import io.twinwright.ontology.vocab.TurtleDocument;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the bundled vendor profiles and those of a profile directory: parse, shape-check, compile.
 *
 * <p>A profile in the directory replaces a bundled profile with the same id, so operators can fix a
 * vendor mapping without a release; two profiles with the same id from the same place are an error.
 * Every file is checked even when an earlier one is bad, so one run reports all problems.
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

  /**
   * What a load found: the profiles by id (directory profiles replacing bundled ones) and every
   * problem. A caller that needs all-or-nothing checks {@code problems} first.
   */
  public record Loaded(Map<String, CompiledProfile> profiles, List<ContentProblem> problems) {
    public Loaded {
      profiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
      problems = List.copyOf(problems);
    }
  }

  /**
   * Bundled profiles, then those of {@code dir}, keyed by profile id.
   *
   * @throws ProfileException listing every problem of every file
   */
  public Map<String, CompiledProfile> load(Optional<Path> dir) {
    Loaded loaded = loadAll(dir);
    if (!loaded.problems().isEmpty()) {
      throw new ProfileException(loaded.problems());
    }
    return loaded.profiles();
  }

  /**
   * Bundled profiles, then those of {@code dir}, with every problem found; never throws for
   * content.
   */
  public Loaded loadAll(Optional<Path> dir) {
    List<ContentProblem> problems = new ArrayList<>();
    Map<String, CompiledProfile> bundled = new LinkedHashMap<>();
    for (String name : bundledNames()) {
      addAll(bundled, compile(() -> TurtleReader.resourceDocument("profiles/" + name)), problems);
    }
    Map<String, CompiledProfile> all = new LinkedHashMap<>(bundled);
    if (dir.isPresent()) {
      Map<String, CompiledProfile> local = new LinkedHashMap<>();
      for (Path file : turtleFiles(dir.get(), problems)) {
        addAll(local, compile(() -> TurtleReader.document(file)), problems);
      }
      for (CompiledProfile p : local.values()) {
        CompiledProfile replaced = all.put(p.id(), p);
        if (replaced != null) {
          LOG.info("profile {} from {} replaces the bundled one", p.id(), p.source());
        }
      }
    }
    return new Loaded(all, problems);
  }

  /** Shape-checks and compiles the profiles of one file. */
  public ProfileCompiler.Compilation compile(TurtleDocument doc) {
    List<ContentProblem> shapeProblems = shapes.check(doc);
    if (!shapeProblems.isEmpty()) {
      // the compiler would only repeat what the shapes say, less precisely
      return new ProfileCompiler.Compilation(List.of(), shapeProblems);
    }
    return compiler.compile(doc);
  }

  private ProfileCompiler.Compilation compile(java.util.function.Supplier<TurtleDocument> read) {
    try {
      return compile(read.get());
    } catch (ProfileException e) { // a syntax error: the file cannot be read at all
      return new ProfileCompiler.Compilation(List.of(), e.problems());
    }
  }

  private static void addAll(
      Map<String, CompiledProfile> into,
      ProfileCompiler.Compilation compilation,
      List<ContentProblem> problems) {
    problems.addAll(compilation.problems());
    for (CompiledProfile p : compilation.profiles()) {
      CompiledProfile other = into.putIfAbsent(p.id(), p);
      if (other != null) {
        problems.add(
            new ContentProblem(
                p.source(),
                -1,
                "profile id '" + p.id() + "' is also declared in " + other.source()));
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

  /** The {@code *.ttl} files of {@code dir}, sorted; a missing directory is a problem. */
  public static List<Path> turtleFiles(Path dir, List<ContentProblem> problems) {
    if (!Files.isDirectory(dir)) {
      problems.add(new ContentProblem(dir.toString(), -1, "directory does not exist"));
      return List.of();
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
      problems.add(new ContentProblem(dir.toString(), -1, "cannot list: " + e.getMessage()));
    }
    files.sort(null);
    return files;
  }
}

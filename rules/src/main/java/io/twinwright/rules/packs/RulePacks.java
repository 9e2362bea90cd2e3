package io.twinwright.rules.packs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and compiles rule packs. Bundled packs are the files listed in {@code index.txt} next to
 * this class's resources; a pack folder adds its {@code .drl} files and replaces a bundled pack
 * whose file name it reuses.
 */
public final class RulePacks {
  private static final Logger LOG = LoggerFactory.getLogger(RulePacks.class);

  private static final String RESOURCE_DIR = "io/twinwright/rules/packs/";
  private static final String INDEX = RESOURCE_DIR + "index.txt";

  /**
   * The campaign pack's file name. It runs in its own session (see {@code CampaignRules}), so a
   * pack folder file of this name replaces the bundled campaign pack and is left out of the device
   * partitions.
   */
  public static final String CAMPAIGN_PACK = "campaigns.drl";

  private static final String CAMPAIGN_RESOURCE = "io/twinwright/rules/campaigns/" + CAMPAIGN_PACK;

  /**
   * The outcome of compiling a set of packs.
   *
   * @param base the knowledge base, present if and only if there are no problems
   * @param problems every error, with file and line
   * @param sources the packs compiled, in order
   */
  public record Compilation(
      Optional<KieBase> base, List<PackProblem> problems, List<String> sources) {
    public Compilation {
      problems = List.copyOf(problems);
      sources = List.copyOf(sources);
      if (base.isPresent() != problems.isEmpty()) {
        throw new IllegalArgumentException(
            "a compilation has a base exactly when it has no problems");
      }
    }

    /** The base, or an exception listing every problem. */
    public KieBase orThrow() {
      return base.orElseThrow(
          () ->
              new IllegalArgumentException(
                  "rule packs do not compile:\n"
                      + problems.stream()
                          .map(PackProblem::toString)
                          .collect(Collectors.joining("\n"))));
    }
  }

  private RulePacks() {}

  /**
   * The bundled packs the index lists that are on the classpath, in index order. A listed pack that
   * is missing is skipped with a warning: a pack can be listed before it is written.
   */
  public static List<String> bundled() {
    List<String> names = new ArrayList<>();
    for (String name : readIndex()) {
      if (RulePacks.class.getClassLoader().getResource(RESOURCE_DIR + name) == null) {
        LOG.warn("bundled rule pack {} is listed in {} but missing; skipped", name, INDEX);
      } else {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The DRL sources to compile: bundled packs first, then the folder's, by file name.
   *
   * @return source name (file path or classpath resource) to DRL text, in compile order
   */
  public static Map<String, String> sources(Optional<Path> packDir) {
    // keyed by file name so that a folder file replaces the bundled pack of the same name
    Map<String, Source> byFileName = new LinkedHashMap<>();
    for (String name : bundled()) {
      byFileName.put(name, new Source(RESOURCE_DIR + name, readBundled(name)));
    }
    packDir.ifPresent(
        dir -> {
          for (Path file : drlFiles(dir)) {
            if (file.getFileName().toString().equals(CAMPAIGN_PACK)) {
              continue;
            }
            byFileName.put(file.getFileName().toString(), new Source(file.toString(), read(file)));
          }
        });
    Map<String, String> sources = new LinkedHashMap<>();
    byFileName.values().forEach(source -> sources.put(source.name(), source.text()));
    return sources;
  }

  /**
   * The campaign pack's source: the pack folder's {@value #CAMPAIGN_PACK} if it has one, else the
   * bundled pack.
   *
   * @return source name to DRL text, one entry
   */
  public static Map<String, String> campaignSources(Optional<Path> packDir) {
    if (packDir.isPresent()) {
      Path file = packDir.get().resolve(CAMPAIGN_PACK);
      if (Files.isRegularFile(file)) {
        return Map.of(file.toString(), read(file));
      }
    }
    try (InputStream in = RulePacks.class.getClassLoader().getResourceAsStream(CAMPAIGN_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("campaign pack missing from the classpath");
      }
      return Map.of(CAMPAIGN_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled campaign pack", e);
    }
  }

  /**
   * Compiles the packs into a knowledge base in stream (event) mode.
   *
   * @throws IllegalArgumentException listing every problem with its source and line
   */
  public static KieBase compile(Optional<Path> packDir) {
    return compile(sources(packDir));
  }

  /**
   * Compiles the given DRL sources (source name to text).
   *
   * @throws IllegalArgumentException listing every problem with its source and line
   */
  public static KieBase compile(Map<String, String> sources) {
    return tryCompile(sources).orThrow();
  }

  /**
   * Compiles the given DRL sources, reporting problems as values, through the {@link PackCache} in
   * the folder if one is given: unchanged sources are read back instead of compiled.
   */
  public static Compilation tryCompile(Map<String, String> sources, Optional<Path> cacheDir) {
    return cacheDir
        .map(dir -> new PackCache(dir).tryCompile(sources))
        .orElseGet(() -> tryCompile(sources));
  }

  /** Compiles the given DRL sources, reporting problems as values. */
  public static Compilation tryCompile(Map<String, String> sources) {
    KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
    sources.forEach(
        (name, text) -> {
          Resource resource =
              ResourceFactory.newByteArrayResource(text.getBytes(StandardCharsets.UTF_8));
          resource.setSourcePath(name);
          builder.add(resource, ResourceType.DRL);
        });
    List<String> names = List.copyOf(sources.keySet());
    if (builder.hasErrors()) {
      return new Compilation(Optional.empty(), problems(builder.getErrors()), names);
    }
    return new Compilation(Optional.of(newBase(builder.getKnowledgePackages())), List.of(), names);
  }

  /** A knowledge base in stream (event) mode of compiled packages. */
  static KieBase newBase(Collection<KiePackage> packages) {
    var configuration = KieServices.get().newKieBaseConfiguration();
    configuration.setOption(EventProcessingOption.STREAM);
    var base = KnowledgeBaseFactory.newKnowledgeBase(configuration);
    base.addPackages(packages);
    return base;
  }

  private record Source(String name, String text) {}

  private static List<PackProblem> problems(Iterable<? extends KnowledgeBuilderResult> results) {
    List<PackProblem> problems = new ArrayList<>();
    for (KnowledgeBuilderResult result : results) {
      String source =
          result.getResource() == null || result.getResource().getSourcePath() == null
              ? "?"
              : result.getResource().getSourcePath();
      int[] at = result.getLines();
      int line = at == null || at.length == 0 ? 0 : Math.max(0, at[0]);
      problems.add(new PackProblem(source, line, result.getMessage().strip()));
    }
    return problems;
  }

  private static List<String> readIndex() {
    try (InputStream in = RulePacks.class.getClassLoader().getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException("rule pack index missing from the classpath: " + INDEX);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
  }

  static List<Path> drlFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("rule pack folder does not exist: " + dir);
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".drl"))
          .filter(Files::isRegularFile)
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list rule packs in " + dir, e);
    }
  }

  private static String readBundled(String name) {
    try (InputStream in =
        RulePacks.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("bundled rule pack missing from the classpath: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled rule pack " + name, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rule pack " + file, e);
    }
  }
}

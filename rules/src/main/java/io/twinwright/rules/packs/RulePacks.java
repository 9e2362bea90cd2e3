package io.twinwright.rules.packs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;

/**
 * Loads and compiles rule packs. Bundled packs come from the classpath; a pack folder adds its
 * {@code .drl} files and replaces a bundled pack whose file name it reuses.
 */
public final class RulePacks {

  /** The packs shipped in this module, by file name. */
  public static final List<String> BUNDLED = List.of("foundation.drl");

  private static final String RESOURCE_DIR = "io/twinwright/rules/packs/";

  private RulePacks() {}

  /**
   * The DRL sources to compile: bundled packs first, then the folder's, by file name.
   *
   * @return source name (file name or path) to DRL text, in compile order
   */
  public static Map<String, String> sources(Optional<Path> packDir) {
    // keyed by file name so that a folder file replaces the bundled pack of the same name
    Map<String, Source> byFileName = new LinkedHashMap<>();
    for (String name : BUNDLED) {
      byFileName.put(name, new Source(RESOURCE_DIR + name, readBundled(name)));
    }
    packDir.ifPresent(
        dir -> {
          for (Path file : drlFiles(dir)) {
            byFileName.put(file.getFileName().toString(), new Source(file.toString(), read(file)));
          }
        });
    Map<String, String> sources = new LinkedHashMap<>();
    byFileName.values().forEach(source -> sources.put(source.name(), source.text()));
    return sources;
  }

  /**
   * Compiles the packs into a knowledge base in stream (event) mode.
   *
   * @throws IllegalArgumentException listing every problem with its source and line
   */
  public static KieBase compile(Optional<Path> packDir) {
    return compile(sources(packDir));
  }

  /** Compiles the given DRL sources (source name to text). */
  public static KieBase compile(Map<String, String> sources) {
    KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
    sources.forEach(
        (name, text) -> {
          Resource resource =
              ResourceFactory.newByteArrayResource(text.getBytes(StandardCharsets.UTF_8));
          resource.setSourcePath(name);
          builder.add(resource, ResourceType.DRL);
        });
    if (builder.hasErrors()) {
      throw new IllegalArgumentException(
          "rule packs do not compile:\n" + describe(builder.getErrors()));
    }
    var configuration = KieServices.get().newKieBaseConfiguration();
    configuration.setOption(EventProcessingOption.STREAM);
    var base = KnowledgeBaseFactory.newKnowledgeBase(configuration);
    base.addPackages(builder.getKnowledgePackages());
    return base;
  }

  private record Source(String name, String text) {}

  private static String describe(Iterable<? extends KnowledgeBuilderResult> results) {
    List<String> lines = new ArrayList<>();
    for (KnowledgeBuilderResult result : results) {
      String source =
          result.getResource() == null ? "?" : String.valueOf(result.getResource().getSourcePath());
      int[] at = result.getLines();
      String line = at == null || at.length == 0 ? "" : ":" + at[0];
      lines.add(source + line + ": " + result.getMessage().strip());
    }
    return String.join("\n", lines);
  }

  private static List<Path> drlFiles(Path dir) {
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

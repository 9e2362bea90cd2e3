package io.twinwright.rules.packs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kie.api.KieBase;

class PackCacheTest {
  private static final String SMALL =
      """
      package site.small;
      import io.twinwright.rules.facts.Measurement;

      rule "a hot measurement is noticed"
      when
        Measurement(value > %s)
      then
      end
      """;

  @TempDir Path dir;

  private static Map<String, String> small(String threshold) {
    return Map.of("site/small.drl", SMALL.formatted(threshold));
  }

  private static Set<String> rules(KieBase base) {
    return base.getKiePackages().stream()
        .flatMap(p -> p.getRules().stream().map(r -> p.getName() + ":" + r.getName()))
        .collect(Collectors.toSet());
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.sorted().toList();
    }
  }

  @Test
  void the_bundled_packs_read_back_from_the_cache_have_every_rule_compiled() throws IOException {
    Map<String, String> sources = RulePacks.sources(Optional.empty());
    PackCache cache = new PackCache(dir);

    KieBase compiled = cache.tryCompile(sources).orThrow();

    Path file = cache.fileOf(PackCache.key(sources));
    assertThat(files()).containsExactly(file);
    Optional<KieBase> cached = cache.load(PackCache.key(sources));
    assertThat(cached).isPresent();
    assertThat(rules(cached.get())).isNotEmpty().isEqualTo(rules(compiled));
  }

  @Test
  void a_hit_neither_compiles_nor_rewrites_the_file() throws IOException {
    PackCache cache = new PackCache(dir);
    cache.tryCompile(small("3")).orThrow();
    Path file = cache.fileOf(PackCache.key(small("3")));
    Object written = Files.readAttributes(file, "unix:ino").get("ino");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));

    RulePacks.Compilation again = cache.tryCompile(small("3"));

    assertThat(again.problems()).isEmpty();
    assertThat(again.sources()).containsExactly("site/small.drl");
    assertThat(rules(again.orThrow())).containsExactly("site.small:a hot measurement is noticed");
    assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(written);
    // a hit counts as a use, which keeps the file from being pruned
    assertThat(Files.getLastModifiedTime(file).toMillis()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"empty", "truncated", "flipped", "garbage"})
  void an_unusable_file_is_deleted_and_replaced_by_a_fresh_compilation(String damage)
      throws IOException {
    PackCache cache = new PackCache(dir);
    Map<String, String> sources = RulePacks.campaignSources(Optional.empty());
    Set<String> expected = rules(cache.tryCompile(sources).orThrow());
    Path file = cache.fileOf(PackCache.key(sources));
    byte[] good = Files.readAllBytes(file);
    byte[] bad =
        switch (damage) {
          case "empty" -> new byte[0];
          case "truncated" -> Arrays.copyOf(good, good.length / 2);
          case "flipped" -> flipped(good, good.length - 100);
          default -> "not a cache file at all".getBytes();
        };
    Files.write(file, bad);

    KieBase base = cache.tryCompile(sources).orThrow();

    assertThat(rules(base)).isEqualTo(expected);
    assertThat(Files.readAllBytes(file)).hasSize(good.length);
    assertThat(cache.load(PackCache.key(sources))).isPresent();
  }

  private static byte[] flipped(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 0x40;
    return copy;
  }

  @Test
  void a_file_of_another_key_under_this_keys_name_is_not_used() throws IOException {
    PackCache cache = new PackCache(dir);
    cache.tryCompile(small("3")).orThrow();
    Files.move(cache.fileOf(PackCache.key(small("3"))), cache.fileOf(PackCache.key(small("4"))));

    assertThat(cache.load(PackCache.key(small("4")))).isEmpty();
    assertThat(files()).isEmpty();
  }

  @Test
  void a_changed_source_misses_and_is_cached_under_a_key_of_its_own() throws IOException {
    PackCache cache = new PackCache(dir);
    cache.tryCompile(small("3")).orThrow();

    KieBase changed = cache.tryCompile(small("5")).orThrow();

    assertThat(PackCache.key(small("5"))).isNotEqualTo(PackCache.key(small("3")));
    assertThat(files())
        .containsExactlyInAnyOrder(
            cache.fileOf(PackCache.key(small("3"))), cache.fileOf(PackCache.key(small("5"))));
    assertThat(rules(changed)).containsExactly("site.small:a hot measurement is noticed");
  }

  @Test
  void the_key_covers_every_name_and_text_but_not_their_order() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a.drl", "package a;");
    ab.put("b.drl", "package b;");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b.drl", "package b;");
    ba.put("a.drl", "package a;");

    assertThat(PackCache.key(ab)).isEqualTo(PackCache.key(ba)).hasSize(64);
    assertThat(PackCache.key(ab))
        .isNotEqualTo(PackCache.key(Map.of("a.drl", "package a;", "c.drl", "package b;")))
        .isNotEqualTo(PackCache.key(Map.of("a.drl", "package a;", "b.drl", "package c;")))
        .isNotEqualTo(PackCache.key(Map.of("a.drlpackage a;", "", "b.drl", "package b;")));
  }

  @Test
  void a_pack_with_errors_is_refused_with_its_line_and_never_cached() throws IOException {
    PackCache cache = new PackCache(dir);
    Map<String, String> broken =
        Map.of(
            "site/broken.drl",
            """
            package site.broken;

            rule "refers to a fact type that does not exist"
            when
              NoSuchFact(level > 3)
            then
            end
            """);

    RulePacks.Compilation first = cache.tryCompile(broken);
    RulePacks.Compilation second = cache.tryCompile(broken);

    for (RulePacks.Compilation compilation : List.of(first, second)) {
      assertThat(compilation.base()).isEmpty();
      assertThat(compilation.problems())
          .anySatisfy(
              p -> {
                assertThat(p.file()).isEqualTo("site/broken.drl");
                assertThat(p.line()).isEqualTo(5);
                assertThat(p.message()).contains("NoSuchFact");
              });
    }
    assertThat(files()).isEmpty();
  }

  @Test
  void a_cache_folder_that_cannot_be_written_only_costs_the_compilation() throws IOException {
    Path notAFolder = Files.writeString(dir.resolve("file"), "in the way");
    PackCache cache = new PackCache(notAFolder.resolve("cache"));

    RulePacks.Compilation compilation = cache.tryCompile(small("3"));

    assertThat(compilation.problems()).isEmpty();
    assertThat(rules(compilation.orThrow())).hasSize(1);
  }

  @Test
  void only_the_most_recently_used_files_are_kept() throws IOException {
    PackCache cache = new PackCache(dir);
    for (int i = 0; i < PackCache.KEEP + 2; i++) {
      cache.tryCompile(small(String.valueOf(i))).orThrow();
      // modification times are the order of use; make them distinct on coarse file systems
      Files.setLastModifiedTime(
          cache.fileOf(PackCache.key(small(String.valueOf(i)))),
          java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
    }

    assertThat(files()).hasSize(PackCache.KEEP);
    assertThat(files())
        .doesNotContain(cache.fileOf(PackCache.key(small("0"))))
        .doesNotContain(cache.fileOf(PackCache.key(small("1"))))
        .contains(cache.fileOf(PackCache.key(small(String.valueOf(PackCache.KEEP + 1)))));
  }
}

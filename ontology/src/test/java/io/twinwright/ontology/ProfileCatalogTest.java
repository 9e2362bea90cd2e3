package io.twinwright.ontology;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.ontology.NormalizationResult.Normalized;
import io.twinwright.twin.PropertyUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCatalogTest {
  private static final String PROFILE =
      """
      @prefix tw:   <https://twinwright.io/ns#> .
      @prefix unit: <http://qudt.org/vocab/unit/> .
      <https://example.com/p/%1$s> a tw:VendorProfile ;
          tw:profileId "%1$s" ; tw:vendor "Example" ; tw:model "P" ;
          tw:payloadFormat tw:Json ;
          tw:field [ tw:pointer "/v" ; tw:property tw:pressure ; tw:unit unit:%2$s ] .
      """;

  @TempDir Path dir;

  private void write(String id, String unit) throws IOException {
    Files.writeString(dir.resolve(id + ".ttl"), PROFILE.formatted(id, unit));
  }

  private ProfileCatalog catalog() {
    return ProfileCatalog.load(OntologyConfig.defaults().withProfileDir(dir));
  }

  private static double pressure(NormalizationResult result) {
    assertThat(result).isInstanceOf(Normalized.class);
    PropertyUpdate u = ((Normalized) result).patch().updates().get(0);
    return (Double) u.value();
  }

  @Test
  void reload_picks_up_a_new_and_a_changed_profile() throws IOException {
    write("gauge", "BAR");
    ProfileCatalog catalog = catalog();
    assertThat(pressure(catalog.normalize(NormalizerTest.message("gauge", "{\"v\": 1}"))))
        .isEqualTo(100.0);

    write("gauge", "PSI");
    write("gauge2", "HectoPA");
    ReloadReport report = catalog.reload();

    assertThat(report.applied()).isTrue();
    assertThat(report.problems()).isEmpty();
    assertThat(report.added()).containsExactly("gauge2");
    assertThat(report.removed()).isEmpty();
    assertThat(report.profileIds()).contains("gauge", "gauge2", "brightwave-b1");
    assertThat(pressure(catalog.normalize(NormalizerTest.message("gauge", "{\"v\": 1}"))))
        .isEqualTo(6.894757);
    assertThat(pressure(catalog.get().normalize(NormalizerTest.message("gauge2", "{\"v\": 10}"))))
        .isEqualTo(1.0);
  }

  @Test
  void invalid_content_keeps_the_previous_profiles_and_reports_why() throws IOException {
    write("gauge", "BAR");
    ProfileCatalog catalog = catalog();
    Normalizer before = catalog.get();

    write("gauge", "DEG_C");
    ReloadReport report = catalog.reload();

    assertThat(report.applied()).isFalse();
    assertThat(catalog.get()).isSameAs(before);
    assertThat(report.profileIds()).contains("gauge");
    assertThat(report.problems()).hasSize(1);
    ContentProblem problem = report.problems().get(0);
    assertThat(problem.file()).endsWith("gauge.ttl");
    assertThat(problem.line()).isEqualTo(6);
    assertThat(problem.message()).contains("unit:DEG_C does not measure quantitykind:Pressure");
    assertThat(pressure(catalog.normalize(NormalizerTest.message("gauge", "{\"v\": 1}"))))
        .isEqualTo(100.0);
  }

  @Test
  void removed_profile_file_removes_the_profile() throws IOException {
    write("gauge", "BAR");
    ProfileCatalog catalog = catalog();
    Files.delete(dir.resolve("gauge.ttl"));
    ReloadReport report = catalog.reload();
    assertThat(report.removed()).containsExactly("gauge");
    assertThat(catalog.get().profileIds()).doesNotContain("gauge");
  }

  @Test
  void normalising_threads_never_fail_while_profiles_are_reloaded() throws Exception {
    write("gauge", "BAR");
    ProfileCatalog catalog = catalog();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong normalised = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(2);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread worker =
          new Thread(
              () -> {
                started.countDown();
                while (running.get()) {
                  try {
                    NormalizationResult r =
                        catalog.normalize(NormalizerTest.message("gauge", "{\"v\": 1}"));
                    double v = pressure(r);
                    // one of the two table versions, never anything in between
                    if (v != 100.0 && v != 6.894757) {
                      failures.add("unexpected value " + v);
                    }
                    normalised.incrementAndGet();
                  } catch (Throwable e) {
                    failures.add(e.toString());
                  }
                }
              });
      worker.start();
      workers.add(worker);
    }
    started.await();
    for (int i = 0; i < 6; i++) {
      write("gauge", i % 2 == 0 ? "PSI" : "BAR");
      if (i == 3) {
        Files.writeString(dir.resolve("broken.ttl"), "this is not turtle");
      }
      ReloadReport report = catalog.reload();
      assertThat(report.applied()).isEqualTo(i != 3);
      if (i == 3) {
        Files.delete(dir.resolve("broken.ttl"));
      }
    }
    running.set(false);
    for (Thread w : workers) {
      w.join();
    }
    assertThat(failures).isEmpty();
    assertThat(normalised.get()).isPositive();
  }
}

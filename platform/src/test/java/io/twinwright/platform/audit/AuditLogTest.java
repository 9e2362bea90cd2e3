package io.twinwright.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.api.AuditFilter;
import io.twinwright.api.AuditView;
import io.twinwright.platform.store.EmbeddedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

  @TempDir Path dataDir;
  private EmbeddedStore store;
  private AuditLog log;

  @BeforeEach
  void openStore() {
    store = EmbeddedStore.open(dataDir, Optional.empty());
  }

  @AfterEach
  void closeStore() {
    if (log != null) {
      log.close();
    }
    store.close();
  }

  private AuditLog start(AuditConfig config, Runnable commit) {
    AuditLog l = new AuditLog(store.database(), commit, config);
    l.start();
    return l;
  }

  private static AuditRecord entry(int minute, String rule, String action, String thingId) {
    return new AuditRecord(
        T0.plusSeconds(60L * minute),
        rule,
        action,
        thingId,
        Map.of("failures", "5", "window", "PT60S"),
        "done");
  }

  @Test
  void answers_entries_by_thing_rule_action_and_time_newest_first() throws Exception {
    log = start(AuditConfig.defaults(), store::commit);
    log.append(entry(1, "brute force", "quarantine", "acme:a"));
    log.append(entry(2, "brute force", "raiseAlert", "acme:a"));
    log.append(entry(3, "brute force", "quarantine", "acme:b"));
    log.append(entry(4, "flooding", "quarantine", "acme:a"));
    log.append(entry(5, "brute force", "quarantine", "acme:a"));
    log.append(entry(9, "brute force", "quarantine", "acme:a"));
    log.flush().get(10, TimeUnit.SECONDS);

    List<AuditRecord> found =
        log.query(
            new AuditQuery(
                Optional.of("acme:a"),
                Optional.of("brute force"),
                Optional.of("quarantine"),
                Optional.of(T0.plusSeconds(60)),
                Optional.of(T0.plusSeconds(9 * 60)),
                10));

    assertThat(found)
        .containsExactly(
            entry(5, "brute force", "quarantine", "acme:a"),
            entry(1, "brute force", "quarantine", "acme:a"));
    assertThat(log.query(AuditQuery.latest(2)))
        .extracting(AuditRecord::at)
        .containsExactly(T0.plusSeconds(9 * 60), T0.plusSeconds(5 * 60));
  }

  @Test
  void keeps_entries_across_a_restart() throws Exception {
    log = start(AuditConfig.defaults(), store::commit);
    log.append(entry(1, "brute force", "quarantine", "acme:a"));
    log.close();

    log = start(AuditConfig.defaults(), store::commit);
    assertThat(log.query(AuditQuery.latest(10)))
        .containsExactly(entry(1, "brute force", "quarantine", "acme:a"));
  }

  @Test
  void trims_the_oldest_entries_beyond_the_maximum() throws Exception {
    log = start(AuditConfig.defaults().withMaxEntries(10, 5), store::commit);
    for (int i = 0; i < 30; i++) {
      log.append(entry(i, "r", "a", "acme:t"));
    }
    log.flush().get(10, TimeUnit.SECONDS);

    List<AuditRecord> kept = log.query(AuditQuery.latest(100));
    assertThat(kept).hasSize(10);
    assertThat(kept.get(0).at()).isEqualTo(T0.plusSeconds(29 * 60));
    assertThat(kept.get(9).at()).isEqualTo(T0.plusSeconds(20 * 60));
  }

  @Test
  void expires_entries_after_the_retention_through_a_ttl_index() {
    log = start(AuditConfig.defaults().withRetention(Duration.ofDays(7)), store::commit);

    List<Document> indexes =
        store.database().getCollection("audit").listIndexes().into(new ArrayList<>());
    assertThat(indexes)
        .anySatisfy(
            index -> {
              assertThat(index.get("key", Document.class)).isEqualTo(new Document("at", 1));
              assertThat(((Number) index.get("expireAfterSeconds")).longValue())
                  .isEqualTo(Duration.ofDays(7).toSeconds());
            });
  }

  @Test
  void drops_rather_than_blocks_when_the_store_falls_behind() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    log =
        start(
            new AuditConfig(1_000, Duration.ofDays(1), 3, 1_000),
            () -> {
              writing.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    assertThat(log.append(entry(0, "r", "a", "acme:t"))).isTrue();
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    // The writer is stuck in its commit: three more fit in the queue, the fourth is dropped.
    assertThat(log.append(entry(1, "r", "a", "acme:t"))).isTrue();
    assertThat(log.append(entry(2, "r", "a", "acme:t"))).isTrue();
    assertThat(log.append(entry(3, "r", "a", "acme:t"))).isTrue();
    assertThat(log.append(entry(4, "r", "a", "acme:t"))).isFalse();
    assertThat(log.dropped()).isEqualTo(1);

    release.countDown();
    log.flush().get(10, TimeUnit.SECONDS);
    assertThat(log.query(AuditQuery.latest(10))).hasSize(4);
  }

  @Test
  void serves_the_operator_api_with_its_filter() throws Exception {
    log = start(AuditConfig.defaults(), store::commit);
    log.append(entry(1, "brute force", "quarantine", "acme:a"));
    log.append(entry(2, "brute force", "quarantine", "acme:b"));
    log.flush().get(10, TimeUnit.SECONDS);

    List<AuditView> views =
        new ApiAudit(log)
            .audit(
                new AuditFilter(
                    Optional.of("acme:b"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    5));

    assertThat(views)
        .containsExactly(
            new AuditView(
                T0.plusSeconds(120),
                "brute force",
                "quarantine",
                "acme:b",
                Map.of("failures", "5", "window", "PT60S"),
                "done"));
  }
}

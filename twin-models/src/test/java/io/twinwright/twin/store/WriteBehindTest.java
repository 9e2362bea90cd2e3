package io.twinwright.twin.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.TwinRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteBehindTest {
  /** Records every bulk write; can be told to fail the first few. */
  private static final class RecordingRepository implements TwinRepository {
    final List<List<StoredTwin>> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();

    @Override
    public void loadAll(Consumer<StoredTwin> consumer) {}

    @Override
    public void upsertAll(Collection<StoredTwin> twins) {
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("store down");
      }
      batches.add(new ArrayList<>(twins));
    }

    @Override
    public void delete(String thingId) {}
  }

  private final RecordingRepository repo = new RecordingRepository();
  private WriteBehind writer;

  @AfterEach
  void close() {
    writer.close();
  }

  @Test
  void deferred_writes_of_one_twin_are_coalesced_into_its_latest_state() throws Exception {
    writer = new WriteBehind(repo, 100, Duration.ofMillis(10), Duration.ofMillis(300));
    AtomicInteger serialised = new AtomicInteger();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int rev = 1; rev <= 50; rev++) {
      int r = rev;
      acks.add(
          writer.write(
              "t:1",
              r,
              () -> {
                serialised.incrementAndGet();
                return "{\"rev\":" + r + "}";
              },
              false));
    }
    TimeUnit.MILLISECONDS.sleep(100);
    assertThat(repo.batches).as("nothing written inside the deferral window").isEmpty();

    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    assertThat(repo.batches).hasSize(1);
    assertThat(repo.batches.get(0))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.revision()).isEqualTo(50);
              assertThat(t.json()).isEqualTo("{\"rev\":50}");
            });
    assertThat(serialised.get()).as("JSON built once, for the state written").isEqualTo(1);
  }

  @Test
  void an_immediate_write_does_not_wait_for_the_window() throws Exception {
    writer = new WriteBehind(repo, 100, Duration.ofMillis(10), Duration.ofSeconds(30));
    writer.write("t:1", 1, () -> "{}", false);
    long start = System.nanoTime();
    writer.write("t:2", 1, () -> "{}", true).get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(repo.batches.stream().flatMap(List::stream).map(TwinRepository.StoredTwin::thingId))
        .contains("t:1", "t:2");
  }

  @Test
  void a_failed_bulk_write_is_retried_and_nothing_is_acknowledged_before_it_succeeds()
      throws Exception {
    repo.failuresLeft.set(3);
    writer = new WriteBehind(repo, 100, Duration.ofMillis(20), Duration.ZERO);
    CompletableFuture<Void> ack = writer.write("t:1", 7, () -> "{}", true);
    ack.get(5, TimeUnit.SECONDS);
    assertThat(repo.batches).hasSize(1);
    assertThat(repo.batches.get(0).get(0).revision()).isEqualTo(7);
  }

  @Test
  void closing_writes_what_is_still_queued() {
    writer = new WriteBehind(repo, 100, Duration.ofMillis(10), Duration.ofMinutes(5));
    CompletableFuture<Void> ack = writer.write("t:1", 1, () -> "{}", false);
    writer.close();
    assertThat(ack).isCompleted();
    assertThat(repo.batches).hasSize(1);
  }
}

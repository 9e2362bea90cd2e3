package io.twinwright.bench.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  private static final Duration TICK = Duration.ofMillis(1);

  private record Emit(long sequence, long elapsedNanos) {}

  @Test
  void emits_rate_times_duration_publishes_in_order_and_never_early() {
    FakeClock clock = new FakeClock();
    PaceSchedule schedule = PaceSchedule.forWindow(5_000, Duration.ofSeconds(30));
    List<Emit> emits = new ArrayList<>();

    long emitted =
        new Pacer(clock, TICK).run(schedule, (seq, elapsed) -> emits.add(new Emit(seq, elapsed)));

    assertThat(emitted).isEqualTo(150_000);
    assertThat(emits).hasSize(150_000);
    for (int i = 0; i < emits.size(); i++) {
      Emit emit = emits.get(i);
      assertThat(emit.sequence()).isEqualTo(i);
      // event n is due once n + 1 events are due; it may be late by at most one tick
      assertThat(emit.elapsedNanos()).isGreaterThanOrEqualTo(schedule.nanosUntil(i + 1));
      assertThat(emit.elapsedNanos() - schedule.nanosUntil(i + 1)).isLessThan(TICK.toNanos() + 1);
    }
    assertThat(emits.get(emits.size() - 1).elapsedNanos())
        .isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void batches_about_rate_times_tick_events_per_tick() {
    FakeClock clock = new FakeClock();
    List<Long> batchTimes = new ArrayList<>();

    new Pacer(clock, TICK)
        .run(
            PaceSchedule.forWindow(5_000, Duration.ofSeconds(1)),
            (seq, elapsed) -> batchTimes.add(elapsed));

    long largestBatch =
        batchTimes.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    t -> t, java.util.stream.Collectors.counting()))
            .values()
            .stream()
            .mapToLong(Long::longValue)
            .max()
            .orElseThrow();
    assertThat(largestBatch).isBetween(5L, 6L);
  }

  @Test
  void spreads_publishes_evenly_over_devices_round_robin() {
    FakeClock clock = new FakeClock();
    RoundRobin devices = new RoundRobin(1_000);
    long[] perDevice = new long[1_000];
    long[] lastTurn = new long[1_000];
    java.util.Arrays.fill(lastTurn, -1);

    new Pacer(clock, TICK)
        .run(
            PaceSchedule.forWindow(5_000, Duration.ofSeconds(30)),
            (seq, elapsed) -> {
              int slot = devices.slotOf(seq);
              perDevice[slot]++;
              assertThat(devices.turnOf(seq)).isEqualTo(lastTurn[slot] + 1);
              lastTurn[slot] = devices.turnOf(seq);
            });

    assertThat(perDevice).containsOnly(150L);
  }

  @Test
  void paces_low_rates_to_the_exact_instants() {
    FakeClock clock = new FakeClock();
    List<Long> elapsed = new ArrayList<>();

    new Pacer(clock, TICK)
        .run(PaceSchedule.forWindow(2, Duration.ofSeconds(3)), (seq, at) -> elapsed.add(at));

    assertThat(elapsed)
        .containsExactly(
            500_000_000L,
            1_000_000_000L,
            1_500_000_000L,
            2_000_000_000L,
            2_500_000_000L,
            3_000_000_000L);
  }

  @Test
  void makes_up_for_a_stalled_tick_without_changing_the_total() {
    FakeClock clock = new FakeClock();
    List<Long> elapsed = new ArrayList<>();
    PaceSchedule schedule = PaceSchedule.forWindow(1_000, Duration.ofSeconds(1));

    new Pacer(clock, TICK)
        .run(
            schedule,
            (seq, at) -> {
              elapsed.add(at);
              if (seq == 100) {
                clock.stallNextPark(Duration.ofMillis(200).toNanos());
              }
            });

    assertThat(elapsed).hasSize(1_000);
    // the stall delays ~200 events into one catch-up batch
    long catchUp = elapsed.get(101);
    assertThat(elapsed.stream().filter(at -> at == catchUp).count()).isGreaterThan(150);
    assertThat(elapsed.get(999)).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void stop_ends_the_run_early() {
    FakeClock clock = new FakeClock();
    Pacer pacer = new Pacer(clock, TICK);

    long emitted =
        pacer.run(
            PaceSchedule.forWindow(1_000, Duration.ofSeconds(10)),
            (seq, at) -> {
              if (seq == 499) {
                pacer.stop();
              }
            });

    assertThat(emitted).isEqualTo(500);
  }

  @Test
  void schedule_rounds_fractional_totals_down_and_rejects_nonsense() {
    assertThat(PaceSchedule.forWindow(3, Duration.ofMillis(500)).total()).isEqualTo(1);
    assertThat(PaceSchedule.forWindow(0.5, Duration.ofSeconds(10)).total()).isEqualTo(5);
    assertThat(new PaceSchedule(1_000, 10).dueAt(Duration.ofSeconds(5).toNanos())).isEqualTo(10);
    assertThat(new PaceSchedule(1_000, 10).length()).isEqualTo(Duration.ofMillis(10));
    assertThatThrownBy(() -> new PaceSchedule(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RoundRobin(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

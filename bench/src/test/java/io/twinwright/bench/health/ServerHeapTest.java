package io.twinwright.bench.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerHeapTest {

  @Test
  void reads_heap_used_from_a_health_document() {
    HealthSnapshot snapshot =
        HealthSnapshot.parse(0, "{\"status\":\"UP\",\"heapUsedBytes\":123456789}");
    assertThat(ServerHeap.usedBytes(snapshot)).contains(123_456_789L);
  }

  @Test
  void a_health_document_without_heap_gives_nothing() {
    assertThat(ServerHeap.usedBytes(HealthSnapshot.parse(0, "{\"status\":\"UP\"}"))).isEmpty();
  }

  @Test
  void collects_garbage_in_a_running_jvm_through_jcmd() {
    assertThat(new ServerHeap(ProcessHandle.current().pid()).collect()).isEmpty();
  }

  @Test
  void reports_why_when_the_process_does_not_exist() {
    assertThat(new ServerHeap(Integer.MAX_VALUE - 7).collect()).isPresent();
  }

  @Test
  void refuses_a_nonsense_pid() {
    assertThatThrownBy(() -> new ServerHeap(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

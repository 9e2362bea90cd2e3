package io.twinwright.bench.report;

import java.util.Objects;

/**
 * The machine the generator ran on, so numbers from different runs can be compared fairly.
 *
 * @param cores processors available to the JVM
 * @param jvm VM name and version
 * @param maxHeapBytes the heap limit
 * @param os operating system name, version and architecture
 */
public record MachineInfo(int cores, String jvm, long maxHeapBytes, String os) {
  public MachineInfo {
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(os, "os");
  }

  public static MachineInfo current() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name", "?")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version", "?")),
        Runtime.getRuntime().maxMemory(),
        System.getProperty("os.name", "?")
            + " "
            + System.getProperty("os.version", "?")
            + " "
            + System.getProperty("os.arch", "?"));
  }
}

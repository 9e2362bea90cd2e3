package io.twinwright.bench.health;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The platform's live heap, read after a full GC so that it measures what is retained rather than
 * garbage not yet collected. The GC is requested with {@code jcmd <pid> GC.run} (the JDK's own
 * diagnostic command, so it works only for a JVM on this machine); the heap figure itself comes
 * from the platform's {@code /health} ({@code heapUsedBytes}).
 */
public final class ServerHeap {
  private static final long JCMD_TIMEOUT_SECONDS = 30;

  private final long pid;

  public ServerHeap(long pid) {
    if (pid < 1) {
      throw new IllegalArgumentException("pid must be positive: " + pid);
    }
    this.pid = pid;
  }

  /** Asks the JVM for a full GC; empty when it went through, else why not. */
  public Optional<String> collect() {
    ProcessBuilder builder =
        new ProcessBuilder(jcmd(), Long.toString(pid), "GC.run").redirectErrorStream(true);
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes()).trim();
      if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of("jcmd did not finish in " + JCMD_TIMEOUT_SECONDS + " s");
      }
      return process.exitValue() == 0
          ? Optional.empty()
          : Optional.of("jcmd exited with " + process.exitValue() + ": " + output);
    } catch (IOException e) {
      return Optional.of("cannot run jcmd: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** The used heap a health reading reports, if it reports one. */
  public static Optional<Long> usedBytes(HealthSnapshot snapshot) {
    Double used = snapshot.counters().get("heapUsedBytes");
    return used == null ? Optional.empty() : Optional.of(used.longValue());
  }

  /** {@code jcmd} of the JDK running the bench, falling back to the one on the PATH. */
  private static String jcmd() {
    java.nio.file.Path own = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return java.nio.file.Files.isExecutable(own) ? own.toString() : "jcmd";
  }
}

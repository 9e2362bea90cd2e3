package io.twinwright.platform.wiring;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches content folders and runs a reload when files in them change, after a quiet period so that
 * an editor's or a git checkout's burst of writes triggers one reload. Reloads swap compiled
 * content atomically, so messages keep flowing while it happens.
 */
public final class ContentWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContentWatcher.class);

  private final WatchService watcher;
  private final Thread thread;

  /**
   * @param folder the folder to watch (nothing happens if it does not exist)
   * @param quietPeriod how long no further change must come before reloading
   * @param reload what to run (on the watcher's thread)
   */
  public ContentWatcher(List<Path> folders, Duration quietPeriod, Runnable reload)
      throws IOException {
    this.watcher = FileSystems.getDefault().newWatchService();
    for (Path folder : folders) {
      if (Files.isDirectory(folder)) {
        folder.register(
            watcher,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
    this.thread = new Thread(() -> run(quietPeriod, reload), "content-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Duration quietPeriod, Runnable reload) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        drain(key);
        // wait until the burst of changes is over
        WatchKey more;
        while ((more = watcher.poll(quietPeriod.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          drain(more);
        }
        try {
          reload.run();
        } catch (RuntimeException e) {
          LOG.error("content reload failed", e);
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  @Override
  public void close() throws IOException {
    watcher.close();
    thread.interrupt();
  }
}

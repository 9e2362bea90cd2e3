package io.twinwright.rules.packs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.util.Drools;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled rule packs kept in a folder, so that a restart reads the knowledge packages back instead
 * of compiling the DRL again (several times cheaper, and far less work for the JIT).
 *
 * <p>A file is named for a SHA-256 {@link #key} over everything a compilation depends on: the
 * Drools version, the Java version, this cache's format, the application's class path (fact classes
 * compiled into the rules), and every source's name and text. A changed pack therefore misses and
 * is compiled, and only a compilation without problems is written. A file that cannot be used for
 * any reason (truncated, altered, written by other classes) is deleted and the packs are compiled
 * as if it had not been there, so deleting the folder is always safe.
 *
 * <p>Files are written to a temporary name and moved into place, so a reader sees a whole file or
 * none; a checksum over the payload catches what the move cannot (a disk that lost a write). The
 * cache is trusted like the rest of the data folder: whoever can write it can change the rules.
 */
public final class PackCache {
  private static final Logger LOG = LoggerFactory.getLogger(PackCache.class);

  /** Bumped whenever the layout of a file changes, which makes every older file a miss. */
  static final int FORMAT = 1;

  private static final byte[] MAGIC = "TWPACKS".getBytes(StandardCharsets.US_ASCII);
  private static final String PREFIX = "packs-";
  private static final String SUFFIX = ".bin";
  private static final String TEMP_SUFFIX = ".tmp";

  /** Two bases per configuration (device packs, campaign pack), plus room for a few older ones. */
  static final int KEEP = 6;

  private static final Duration STALE_TEMP = Duration.ofHours(1);

  // a corrupt length must not allocate the heap away before the checksum check could catch it
  private static final int MAX_PAYLOAD = 64 * 1024 * 1024;
  private static final ObjectInputFilter LIMITS =
      ObjectInputFilter.Config.createFilter("maxarray=" + MAX_PAYLOAD);

  private final Path dir;

  /** A cache in the folder, which is created on the first write. */
  public PackCache(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  public Path dir() {
    return dir;
  }

  /**
   * The key of a set of sources: a hex SHA-256 over the Drools and Java versions, the cache format,
   * the class path and every source's name and text, in name order.
   */
  public static String key(Map<String, String> sources) {
    MessageDigest digest = sha256();
    update(digest, "twinwright rule pack cache " + FORMAT);
    update(digest, Drools.getFullVersion());
    update(digest, Runtime.version().toString());
    update(digest, ClassPath.IDENTITY);
    new TreeMap<>(sources)
        .forEach(
            (name, text) -> {
              update(digest, name);
              update(digest, text);
            });
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Where the base of a key is kept. */
  public Path fileOf(String key) {
    return dir.resolve(PREFIX + key + SUFFIX);
  }

  /**
   * Reads the packs of the sources back if they are cached, else compiles them and, if they
   * compile, caches them. Never fails because of the cache: it only logs.
   */
  public RulePacks.Compilation tryCompile(Map<String, String> sources) {
    String key = key(sources);
    long t0 = System.nanoTime();
    Optional<KieBase> cached = load(key);
    if (cached.isPresent()) {
      LOG.info(
          "rule packs {} read from the cache in {} ms",
          sources.keySet(),
          (System.nanoTime() - t0) / 1_000_000);
      return new RulePacks.Compilation(cached, List.of(), List.copyOf(sources.keySet()));
    }
    RulePacks.Compilation compilation = RulePacks.tryCompile(sources);
    // the base is written before anyone runs a session on it, so nothing changes under the writer
    compilation.base().ifPresent(base -> store(key, base));
    return compilation;
  }

  /**
   * Whether a base of these sources is cached. A cached base compiled without errors when it was
   * written; if the file turns out unreadable, {@link #tryCompile} compiles the sources again.
   */
  public boolean holds(Map<String, String> sources) {
    return Files.isRegularFile(fileOf(key(sources)));
  }

  /** The base cached under the key; empty if there is none or it cannot be used (then deleted). */
  Optional<KieBase> load(String key) {
    Path file = fileOf(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      KieBase base = read(file, key);
      touch(file);
      return Optional.of(base);
    } catch (Exception | LinkageError e) {
      LOG.warn("rule pack cache file {} cannot be used, deleting it: {}", file, e.toString());
      try {
        Files.deleteIfExists(file);
      } catch (IOException deleteFailed) {
        LOG.warn("cannot delete rule pack cache file {}: {}", file, deleteFailed.toString());
      }
      return Optional.empty();
    }
  }

  /** Writes the base's packages under the key; a failure is logged and changes nothing. */
  void store(String key, KieBase base) {
    Path file = fileOf(key);
    Path temp = null;
    try {
      byte[] payload = serialize(base.getKiePackages());
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, PREFIX, TEMP_SUFFIX);
      try (OutputStream out = Files.newOutputStream(temp)) {
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeInt(FORMAT);
        data.writeUTF(key);
        data.writeInt(ruleCount(base.getKiePackages()));
        data.write(sha256().digest(payload));
        data.writeInt(payload.length);
        data.write(payload);
        data.flush();
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      LOG.info("rule packs cached in {} ({} bytes)", file, Files.size(file));
      prune(file);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write rule pack cache file {}: {}", file, e.toString());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.debug("cannot delete {}", temp, e);
        }
      }
    }
  }

  private static KieBase read(Path file, String key) throws IOException, ClassNotFoundException {
    byte[] payload;
    int rules;
    try (DataInputStream data = new DataInputStream(Files.newInputStream(file))) {
      byte[] magic = data.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new InvalidObjectException("not a rule pack cache file");
      }
      int format = data.readInt();
      if (format != FORMAT) {
        throw new InvalidObjectException("cache format " + format + ", expected " + FORMAT);
      }
      if (!key.equals(data.readUTF())) {
        throw new InvalidObjectException("written for another key");
      }
      rules = data.readInt();
      byte[] checksum = data.readNBytes(32);
      int length = data.readInt();
      if (length < 0 || length > MAX_PAYLOAD) {
        throw new InvalidObjectException("payload length " + length);
      }
      payload = data.readNBytes(length);
      if (payload.length != length || data.read() != -1) {
        throw new InvalidObjectException("payload of the wrong length");
      }
      if (!MessageDigest.isEqual(checksum, sha256().digest(payload))) {
        throw new InvalidObjectException("checksum mismatch");
      }
    }
    List<KiePackage> packages = new ArrayList<>();
    try (ObjectInputStream in =
        new DroolsObjectInputStream(
            new ByteArrayInputStream(payload), RulePacks.class.getClassLoader())) {
      in.setObjectInputFilter(LIMITS);
      if (!(in.readObject() instanceof List<?> list)) {
        throw new InvalidObjectException("payload is not a list of packages");
      }
      for (Object element : list) {
        if (!(element instanceof KiePackage pkg)) {
          throw new InvalidObjectException("payload holds a " + element.getClass().getName());
        }
        packages.add(pkg);
      }
    }
    KieBase base = RulePacks.newBase(packages);
    int loaded = ruleCount(base.getKiePackages());
    if (loaded != rules) {
      throw new InvalidObjectException(loaded + " rules read back, " + rules + " written");
    }
    return base;
  }

  private static byte[] serialize(Iterable<KiePackage> packages) throws IOException {
    List<KiePackage> list = new ArrayList<>();
    packages.forEach(list::add);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
      out.writeObject(list);
    }
    return bytes.toByteArray();
  }

  private static int ruleCount(Iterable<KiePackage> packages) {
    int count = 0;
    for (KiePackage pkg : packages) {
      count += pkg.getRules().size();
    }
    return count;
  }

  /** A hit counts as a use, so that pruning keeps what is read and drops what is not. */
  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      LOG.debug("cannot touch {}", file, e);
    }
  }

  /** Keeps the {@value #KEEP} most recently used files and drops temporary files of a crash. */
  private void prune(Path written) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      LOG.debug("cannot list {}", dir, e);
      return;
    }
    Instant staleBefore = Instant.now().minus(STALE_TEMP);
    List<Path> cached = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      if (name.endsWith(SUFFIX)) {
        cached.add(file);
      } else if (name.endsWith(TEMP_SUFFIX) && modified(file).isBefore(staleBefore)) {
        deleteQuietly(file);
      }
    }
    cached.sort(Comparator.comparing(PackCache::modified).reversed());
    for (Path file : cached.subList(Math.min(KEEP, cached.size()), cached.size())) {
      if (!file.equals(written)) {
        deleteQuietly(file);
      }
    }
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete {}", file, e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A length before the bytes, so that no two different sequences of strings digest alike. */
  private static void update(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(
        new byte[] {
          (byte) (bytes.length >>> 24),
          (byte) (bytes.length >>> 16),
          (byte) (bytes.length >>> 8),
          (byte) bytes.length
        });
    digest.update(bytes);
  }

  /**
   * The application's code as it is on disk. Compiled rules call into fact classes by name, so a
   * rebuilt application must not reuse rules compiled against the previous one: each class path
   * entry counts with its size and modification time (for a folder, of its newest file).
   */
  private static final class ClassPath {
    static final String IDENTITY = identity();

    private static String identity() {
      StringBuilder identity = new StringBuilder();
      for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        Path path = Path.of(entry).toAbsolutePath().normalize();
        identity.append(path).append('|').append(stamp(path)).append('\n');
      }
      return identity.toString();
    }

    private static String stamp(Path path) {
      try {
        if (Files.isRegularFile(path)) {
          return Files.size(path) + ":" + Files.getLastModifiedTime(path).toMillis();
        }
        if (Files.isDirectory(path)) {
          try (Stream<Path> tree = Files.walk(path)) {
            long[] countAndNewest = new long[2];
            tree.filter(Files::isRegularFile)
                .forEach(
                    file -> {
                      countAndNewest[0]++;
                      countAndNewest[1] =
                          Math.max(countAndNewest[1], modified(file).toEpochMilli());
                    });
            return countAndNewest[0] + ":" + countAndNewest[1];
          }
        }
        return "absent";
      } catch (IOException | RuntimeException e) {
        // an entry that cannot be read makes every start a miss, which is slow but correct
        return "unreadable:" + System.nanoTime();
      }
    }
  }
}

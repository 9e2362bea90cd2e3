package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The official Eclipse Ditto Java client (2.4.0) connects to {@code /ws/2}, registers for thing
 * changes, creates a twin, sets an attribute, receives the change and reads the twin back.
 *
 * <p>The client is built against Ditto's 2.4 model and the server runs on 3.8; both cannot share a
 * class path. The build copies the client and its 2.4 model to {@code target/ditto-client}, and the
 * test runs {@link io.twinwright.api.dittoclient.DittoClientProbe} in a class loader over exactly
 * those jars (parent: the platform loader), so nothing but JDK types crosses over.
 */
class DittoClientTest extends ApiTestBase {

  @Test
  void dittoJavaClientCreatesAndModifiesATwinAndReceivesTheChange() throws Exception {
    try (URLClassLoader loader = isolatedClientLoader()) {
      @SuppressWarnings("unchecked")
      Function<String, String> probe =
          (Function<String, String>)
              loader
                  .loadClass("io.twinwright.api.dittoclient.DittoClientProbe")
                  .getDeclaredConstructor()
                  .newInstance();
      assertThat(probe.getClass().getClassLoader()).isSameAs(loader);

      String report = probe.apply("ws://127.0.0.1:" + port + "|client:probe-1");

      assertThat(report).contains("created client:probe-1");
      // a thing-level handler gets the change in the thing's shape
      assertThat(report)
          .contains(
              "change UPDATED /attributes/temperature {\"attributes\":{\"temperature\":21}}"
                  + " revision 2");
      assertThat(report).contains("retrieved {\"temperature\":21}");
    }
    // and the server really holds it
    assertThat(twins.get("client:probe-1").orElseThrow().getAttributes().orElseThrow().toString())
        .isEqualTo("{\"temperature\":21}");
  }

  private static URLClassLoader isolatedClientLoader() throws IOException {
    Path jars = Paths.get("target", "ditto-client");
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> files = Files.list(jars)) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
        urls.add(jar.toUri().toURL());
      }
    }
    assertThat(urls).as("jars copied by the build into " + jars).hasSizeGreaterThan(10);
    urls.add(Paths.get("target", "test-classes").toUri().toURL());
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }
}

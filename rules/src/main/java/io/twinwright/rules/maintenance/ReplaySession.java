package io.twinwright.rules.maintenance;

import io.twinwright.rules.RuleActions;
import io.twinwright.rules.facts.Measurement;
import io.twinwright.rules.facts.Now;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * One rule session over the maintenance pack alone, with a pseudo clock that follows the readings'
 * timestamps: for replaying a recorded history (the NAB and C-MAPSS replays) and for testing the
 * pack's rules one by one with facts the engine does not feed yet ({@link MaintenancePolicy},
 * {@link AssetMember}).
 *
 * <p>It keeps the engine's conventions — one {@link Measurement} per (device, feature, path)
 * updated in place, a {@link Now} fact moved with the clock — and fires the rules after every
 * reading, so each reading is seen by the rules on its own. Production runs the same pack in {@code
 * RuleEngine}. Single-threaded, like any rule session.
 */
public final class ReplaySession implements AutoCloseable {

  /** The pack's classpath location. */
  public static final String PACK = "io/twinwright/rules/packs/maintenance.drl";

  private static final String ACTIONS_GLOBAL = "actions";
  private static final String TRACKERS_GLOBAL = "trackers";

  private final KieSession session;
  private final FactHandle nowHandle;
  private final TrackerFeed feed = new TrackerFeed();
  private final Map<String, Slot> measurements = new HashMap<>();
  private final Map<String, FactHandle> policies = new HashMap<>();

  private record Slot(Measurement fact, FactHandle handle) {}

  /** A session over a knowledge base from {@link #compilePack()}. */
  public ReplaySession(KieBase pack, RuleActions actions) {
    Objects.requireNonNull(actions, "actions");
    KieSessionConfiguration configuration = KieServices.get().newKieSessionConfiguration();
    configuration.setOption(ClockTypeOption.PSEUDO);
    session = pack.newKieSession(configuration, null);
    session.setGlobal(ACTIONS_GLOBAL, actions);
    session.setGlobal(TRACKERS_GLOBAL, feed);
    session.addEventListener(feed);
    nowHandle = session.insert(new Now(clockMillis()));
  }

  /**
   * Compiles the maintenance pack from the classpath in stream mode.
   *
   * @throws IllegalArgumentException listing the compiler's errors if it does not compile
   */
  public static KieBase compilePack() {
    String text;
    try (InputStream in = ReplaySession.class.getClassLoader().getResourceAsStream(PACK)) {
      if (in == null) {
        throw new IllegalStateException("maintenance pack missing from the classpath: " + PACK);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PACK, e);
    }
    KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
    Resource resource = ResourceFactory.newByteArrayResource(text.getBytes(StandardCharsets.UTF_8));
    resource.setSourcePath(PACK);
    builder.add(resource, ResourceType.DRL);
    if (builder.hasErrors()) {
      throw new IllegalArgumentException(
          "maintenance pack does not compile:\n" + builder.getErrors());
    }
    var configuration = KieServices.get().newKieBaseConfiguration();
    configuration.setOption(EventProcessingOption.STREAM);
    var base = KnowledgeBaseFactory.newKnowledgeBase(configuration);
    base.addPackages(builder.getKnowledgePackages());
    return base;
  }

  /** Sets the policy of its model id, replacing an earlier one for the same model. */
  public void setPolicy(MaintenancePolicy policy) {
    FactHandle handle = policies.get(policy.modelId());
    if (handle == null) {
      policies.put(policy.modelId(), session.insert(policy));
    } else {
      session.update(handle, policy);
    }
    feed.fire(session);
  }

  /** Declares that a twin is mounted on an asset. */
  public void addAssetMember(AssetMember member) {
    session.insert(member);
    feed.fire(session);
  }

  /**
   * One reading of {@code features/<featureId>/properties/<path>}: the clock moves to {@code at}
   * (rules that were waiting for time fire first), then the measurement changes and the rules fire.
   *
   * @throws IllegalArgumentException if {@code at} is before the session's time
   */
  public void reading(
      String thingId, String modelId, String featureId, String path, double value, Instant at) {
    advanceTo(at);
    long atMillis = at.toEpochMilli();
    String key = thingId + '\n' + featureId + '\n' + path;
    Slot slot = measurements.get(key);
    if (slot == null) {
      Measurement fact = new Measurement(thingId, modelId, featureId, path, value, atMillis);
      measurements.put(key, new Slot(fact, session.insert(fact)));
    } else {
      slot.fact().set(value, atMillis);
      slot.fact().assignModel(modelId);
      session.update(slot.handle(), slot.fact());
    }
    feed.fire(session);
  }

  /** The sensor is gone (its twin was deleted). */
  public void removeSensor(String thingId, String featureId, String path) {
    Slot slot = measurements.remove(thingId + '\n' + featureId + '\n' + path);
    if (slot != null) {
      session.delete(slot.handle());
      feed.fire(session);
    }
  }

  /** Moves the clock forward to {@code at} and fires the rules that became due. */
  public void advanceTo(Instant at) {
    long delta = at.toEpochMilli() - clockMillis();
    if (delta < 0) {
      throw new IllegalArgumentException("time cannot go back: " + at + " < " + now());
    }
    if (delta > 0) {
      SessionPseudoClock clock = session.getSessionClock();
      clock.advanceTime(delta, TimeUnit.MILLISECONDS);
      session.update(nowHandle, new Now(clockMillis()));
    }
    feed.fire(session);
  }

  public Instant now() {
    return Instant.ofEpochMilli(clockMillis());
  }

  /** The facts of a type in the session (trackers, findings), for inspection. */
  public <T> List<T> facts(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Object fact : session.getObjects(type::isInstance)) {
      found.add(type.cast(fact));
    }
    return found;
  }

  private long clockMillis() {
    return session.getSessionClock().getCurrentTime();
  }

  @Override
  public void close() {
    session.dispose();
  }
}

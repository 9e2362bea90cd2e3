package io.twinwright.rules.campaigns;

import io.twinwright.rules.AuditSink;
import io.twinwright.rules.ReloadReport;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.actions.ActionLedger;
import io.twinwright.rules.actions.AuditedActions;
import io.twinwright.rules.facts.Now;
import io.twinwright.rules.packs.PackProblem;
import io.twinwright.rules.packs.RulePacks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The campaign pack's session. Campaign decisions depend on counts over every device of a wave,
 * which the per-device rule partitions (split by thing id) cannot see in one place, and a campaign
 * has exactly one owner in the platform; so the pack runs in this one small session, fed by that
 * owner, instead of being replicated into every partition.
 *
 * <p>Facts are kept under keys: {@link #put} inserts or replaces, {@link #remove} retracts, and
 * {@link #fire} runs the rules, whose decisions reach the {@link RuleActions} given at construction
 * through {@link AuditedActions} (audited with the rule's name, exceptions contained). Exact
 * repeats are not dropped: the facts already say what is in effect, and a campaign paused, resumed
 * by an operator and paused again is no repeat.
 *
 * <p>Not thread-safe: the owner calls it from one thread.
 */
public final class CampaignRules implements AutoCloseable {
  private static final String NOW = "now";

  private final Optional<Path> packDir;
  private final Optional<Path> cacheDir;
  private final AuditedActions actions;
  private final LongSupplier clockMillis;
  private final Map<String, Object> facts = new LinkedHashMap<>();
  private final Map<String, FactHandle> handles = new HashMap<>();
  private KieSession session;

  /**
   * Compiles the campaign pack (the pack folder's {@code campaigns.drl}, else the bundled one),
   * without a cache.
   *
   * @param clockMillis the owner's clock: the {@link Now} fact and the audit time
   * @throws IllegalArgumentException if the pack does not compile, listing every problem
   */
  public CampaignRules(
      Optional<Path> packDir, RuleActions decisions, AuditSink audit, LongSupplier clockMillis) {
    this(
        packDir.map(RulesConfig.defaults()::withPackDir).orElseGet(RulesConfig::defaults),
        decisions,
        audit,
        clockMillis);
  }

  /**
   * Compiles the campaign pack of the config's pack folder (its {@code campaigns.drl}, else the
   * bundled one), or reads it from the config's pack cache.
   *
   * @param clockMillis the owner's clock: the {@link Now} fact and the audit time
   * @throws IllegalArgumentException if the pack does not compile, listing every problem
   */
  public CampaignRules(
      RulesConfig config, RuleActions decisions, AuditSink audit, LongSupplier clockMillis) {
    Objects.requireNonNull(config, "config");
    this.packDir = config.packDir();
    this.cacheDir = config.cacheDir();
    this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    this.actions = new AuditedActions(decisions, ActionLedger.passingRepeats(), audit, clockMillis);
    this.session =
        newSession(RulePacks.tryCompile(RulePacks.campaignSources(packDir), cacheDir).orThrow());
    facts.put(NOW, new Now(clockMillis.getAsLong()));
    handles.put(NOW, session.insert(facts.get(NOW)));
  }

  private KieSession newSession(KieBase base) {
    KieSession created = base.newKieSession();
    created.setGlobal("actions", actions);
    created.addEventListener(actions);
    return created;
  }

  /** Inserts the fact under the key, or replaces the one there. */
  public void put(String key, Object fact) {
    Objects.requireNonNull(fact, "fact");
    Object previous = facts.put(key, fact);
    if (previous == null) {
      handles.put(key, session.insert(fact));
    } else if (!previous.equals(fact)) {
      session.update(handles.get(key), fact);
    }
  }

  /** Retracts the fact under the key, if there is one. */
  public void remove(String key) {
    if (facts.remove(key) != null) {
      session.delete(handles.remove(key));
    }
  }

  /** How many facts the session holds. */
  public int size() {
    return facts.size();
  }

  /**
   * Brings the {@link Now} fact to the clock and fires every rule that matches.
   *
   * @return how many rules fired
   */
  public int fire() {
    put(NOW, new Now(clockMillis.getAsLong()));
    return session.fireAllRules();
  }

  /**
   * Fires every rule that matches the facts as they are, leaving {@link Now} where the last {@link
   * #fire()} put it. Moving {@code Now} re-tests every device in flight against its timeout, so a
   * caller that reacts to each device report calls this and moves the clock on its periodic tick.
   *
   * @return how many rules fired
   */
  public int fireKeepingTime() {
    if (!facts.containsKey(NOW)) {
      put(NOW, new Now(clockMillis.getAsLong()));
    }
    return session.fireAllRules();
  }

  /**
   * Recompiles the pack (or reads it from the cache if it has not changed) and, if it compiles,
   * moves every fact to a session of the new rules; the running session is kept otherwise. The
   * facts are the whole state, so nothing is lost.
   */
  public ReloadReport reload() {
    long t0 = System.nanoTime();
    Map<String, String> sources;
    RulePacks.Compilation compilation;
    try {
      sources = RulePacks.campaignSources(packDir);
      compilation = RulePacks.tryCompile(sources, cacheDir);
    } catch (RuntimeException e) {
      return new ReloadReport(
          false,
          List.of(),
          List.of(new PackProblem(RulePacks.CAMPAIGN_PACK, 0, e.getMessage())),
          0,
          Duration.ofNanos(System.nanoTime() - t0));
    }
    if (compilation.base().isEmpty()) {
      return new ReloadReport(
          false,
          compilation.sources(),
          compilation.problems(),
          0,
          Duration.ofNanos(System.nanoTime() - t0));
    }
    KieSession next = newSession(compilation.base().get());
    handles.clear();
    facts.forEach((key, fact) -> handles.put(key, next.insert(fact)));
    KieSession old = session;
    session = next;
    old.dispose();
    return new ReloadReport(
        true,
        compilation.sources(),
        List.of(),
        facts.size(),
        Duration.ofNanos(System.nanoTime() - t0));
  }

  @Override
  public void close() {
    session.dispose();
  }
}

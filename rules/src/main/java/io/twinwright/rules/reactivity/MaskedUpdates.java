package io.twinwright.rules.reactivity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drools.core.common.InternalFactHandle;
import org.drools.core.common.InternalWorkingMemoryEntryPoint;
import org.drools.core.common.ReteEvaluator;
import org.drools.core.impl.InternalRuleBase;
import org.drools.kiesession.entrypoints.NamedEntryPoint;
import org.drools.util.bitmask.BitMask;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Updates facts of one session naming the properties that changed, like {@code
 * KieSession.update(handle, fact, properties...)}, but with the property mask of each class and set
 * of properties computed once: the public call works it out from the names on every update, which
 * cost as much as the rest of the update for facts changed on every reading.
 *
 * <p>Uses the Drools engine's internal entry point (the version is pinned in the parent pom).
 * Confined to the session's thread.
 */
public final class MaskedUpdates {
  private final InternalWorkingMemoryEntryPoint entryPoint;
  private final InternalRuleBase ruleBase;
  private final Map<Class<?>, Map<Long, BitMask>> masks = new HashMap<>();

  public MaskedUpdates(KieSession session) {
    ReteEvaluator evaluator = (ReteEvaluator) session;
    this.entryPoint = (InternalWorkingMemoryEntryPoint) evaluator.getDefaultEntryPoint();
    this.ruleBase = evaluator.getKnowledgeBase();
  }

  /**
   * Tells the session that some properties of a fact changed.
   *
   * @param properties names of properties of the fact's class, at most 64
   * @param changed bit {@code i} set if {@code properties[i]} changed; 0 changes nothing
   */
  public void update(FactHandle handle, Object fact, String[] properties, long changed) {
    if (changed == 0) {
      return;
    }
    BitMask mask =
        masks
            .computeIfAbsent(fact.getClass(), type -> new HashMap<>())
            .computeIfAbsent(changed, bits -> maskOf(fact, properties, bits));
    entryPoint.update((InternalFactHandle) handle, fact, mask, fact.getClass(), null);
  }

  private BitMask maskOf(Object fact, String[] properties, long bits) {
    List<String> names = new ArrayList<>(Long.bitCount(bits));
    for (int i = 0; i < properties.length; i++) {
      if ((bits & (1L << i)) != 0) {
        names.add(properties[i]);
      }
    }
    return NamedEntryPoint.calculateUpdateBitMask(ruleBase, fact, names.toArray(String[]::new));
  }
}

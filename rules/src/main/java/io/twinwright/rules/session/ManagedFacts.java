package io.twinwright.rules.session;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Facts the engine owns (parameters, policies, connections...), by key, with their handles in the
 * current session. Putting a key again updates its fact in place; a new session gets them all
 * re-inserted by {@link #rebind}.
 */
final class ManagedFacts {

  private static final class Entry {
    Object fact;
    FactHandle handle;

    Entry(Object fact, FactHandle handle) {
      this.fact = fact;
      this.handle = handle;
    }
  }

  private final Map<String, Entry> entries = new HashMap<>();

  void put(String key, Object fact, KieSession session) {
    Entry entry = entries.get(key);
    if (entry == null) {
      entries.put(key, new Entry(fact, session.insert(fact)));
    } else if (entry.fact.getClass() == fact.getClass()) {
      entry.fact = fact;
      session.update(entry.handle, fact);
    } else {
      session.delete(entry.handle);
      entry.fact = fact;
      entry.handle = session.insert(fact);
    }
  }

  boolean contains(String key) {
    return entries.containsKey(key);
  }

  Object get(String key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.fact;
  }

  void remove(String key, KieSession session) {
    Entry entry = entries.remove(key);
    if (entry != null) {
      session.delete(entry.handle);
    }
  }

  void removeIf(Predicate<String> keys, KieSession session) {
    for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Entry> next = it.next();
      if (keys.test(next.getKey())) {
        session.delete(next.getValue().handle);
        it.remove();
      }
    }
  }

  /** Inserts every fact into a new session and adds them to {@code owned}. */
  void rebind(KieSession session, Set<Object> owned) {
    for (Entry entry : entries.values()) {
      entry.handle = session.insert(entry.fact);
      owned.add(entry.fact);
    }
  }
}

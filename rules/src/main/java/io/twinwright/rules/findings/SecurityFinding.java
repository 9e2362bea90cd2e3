package io.twinwright.rules.findings;

import java.util.Map;

/**
 * A finding of the security pack. The one quarantine decision rule matches this type, so a new kind
 * of security finding needs no new decision rule: it quarantines its device and raises the alert
 * named by {@link #code()}.
 */
public interface SecurityFinding {

  String thingId();

  /** The alert code this finding raises, e.g. {@code auth-brute-force}. */
  String code();

  /** One sentence saying what was found, used in the quarantine reason and the alert. */
  String describe();

  /** The values behind the finding, for the alert and the audit log. */
  Map<String, String> evidence();
}

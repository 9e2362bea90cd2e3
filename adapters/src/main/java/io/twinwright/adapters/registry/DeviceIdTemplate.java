package io.twinwright.adapters.registry;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Hono's {@code auto-provisioning-device-id-template}: a device id built from a client
 * certificate's subject with the placeholders {@code {{subject-dn}}}, {@code {{subject-cn}}},
 * {@code {{subject-ou}}} and {@code {{subject-o}}}.
 */
final class DeviceIdTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");
  private static final Map<String, String> ATTRIBUTES =
      Map.of("subject-cn", "CN", "subject-ou", "OU", "subject-o", "O");

  private DeviceIdTemplate() {}

  /** Throws if the template uses an unknown placeholder. */
  static void check(String template) {
    if (template.isBlank()) {
      throw new IllegalArgumentException("the device id template must not be blank");
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!m.group(1).equals("subject-dn") && !ATTRIBUTES.containsKey(m.group(1))) {
        throw new IllegalArgumentException(
            "unknown placeholder in device id template: " + m.group());
      }
    }
  }

  /**
   * The device id for a certificate subject; empty when a placeholder names an attribute the
   * subject lacks. Without a template the id is the subject's common name.
   */
  static Optional<String> apply(Optional<String> template, X500Principal subject) {
    String pattern = template.orElse("{{subject-cn}}");
    Matcher m = PLACEHOLDER.matcher(pattern);
    StringBuilder id = new StringBuilder();
    while (m.find()) {
      Optional<String> value =
          m.group(1).equals("subject-dn")
              ? Optional.of(subject.getName(X500Principal.RFC2253))
              : attribute(subject, ATTRIBUTES.get(m.group(1)));
      if (value.isEmpty()) {
        return Optional.empty();
      }
      m.appendReplacement(id, Matcher.quoteReplacement(value.get()));
    }
    m.appendTail(id);
    return Optional.of(id.toString());
  }

  /** The first value of an attribute (e.g. {@code CN}) of a distinguished name. */
  static Optional<String> attribute(X500Principal subject, String type) {
    try {
      // LdapName lists the RDNs right to left; the string's leftmost match is the last one here
      java.util.List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) {
        Rdn rdn = rdns.get(i);
        if (rdn.getType().equalsIgnoreCase(type)) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      // an X500Principal always has a parseable RFC 2253 form; nothing to extract otherwise
    }
    return Optional.empty();
  }
}

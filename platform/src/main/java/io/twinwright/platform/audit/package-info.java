/**
 * The audit log of actions rules and operators took, with the findings behind them: appended
 * without blocking, written in batches to the {@code audit} collection on the named {@code
 * audit-writer} thread, bounded in age (TTL index) and size (trimmed oldest first), and queried by
 * twin, rule, action and time. {@link io.twinwright.platform.audit.ApiAudit} binds it to the
 * operator API.
 */
package io.twinwright.platform.audit;

/** The alert book the rules write to and operators read: deduplicated, persisted, listed. */
package io.twinwright.platform.alerts;

/**
 * Firmware campaign decisions: the fact types the {@code campaigns.drl} pack reasons over and
 * {@link io.twinwright.rules.campaigns.CampaignRules}, the small session that runs it.
 *
 * <p>The platform owns a campaign's state (waves, per-device status, persistence) and mirrors it
 * here as facts; the pack decides what happens next (issue, defer, time out, advance, pause, abort,
 * roll back, complete) and says so through {@link io.twinwright.rules.RuleActions#campaignControl}.
 */
package io.twinwright.rules.campaigns;

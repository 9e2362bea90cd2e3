package io.twinwright.rules.findings;

/**
 * An alert the rules have raised and not yet cleared. It lets a decision rule notice that the
 * finding behind an alert has ended, and keeps an alert from being raised twice in one episode.
 */
public record RaisedAlert(String thingId, String code) {}

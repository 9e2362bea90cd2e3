/**
 * Replays of public data sets through the maintenance pack: NAB's ambient temperature series (alert
 * episodes against labelled anomaly windows) and NASA's C-MAPSS FD001 turbofan runs
 * (remaining-useful-life error against the true RUL). The data are read in place; nothing here is
 * needed at runtime.
 */
package io.twinwright.rules.maintenance.replay;

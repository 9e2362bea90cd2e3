/** The in-process firmware campaign benchmark: campaign service, campaign rules, hot twins. */
package io.twinwright.bench.campaign;

/** The {@code twinwright} command line (picocli): serve, demo. */
package io.twinwright.platform.cli;

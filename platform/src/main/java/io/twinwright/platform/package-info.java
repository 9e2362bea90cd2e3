/** The composition root: configuration, wiring of the embedded platform, the command line. */
package io.twinwright.platform;

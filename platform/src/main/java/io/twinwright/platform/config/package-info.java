/**
 * Platform configuration: the keys, their defaults, and how file, environment and options combine.
 */
package io.twinwright.platform.config;

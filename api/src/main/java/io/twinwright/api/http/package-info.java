/**
 * HTTP plumbing shared by all routes: the single place where failures become error responses, and
 * helpers that read query parameters and JSON bodies into values or {@code ApiException}s. Internal
 * to the API module.
 */
package io.twinwright.api.http;

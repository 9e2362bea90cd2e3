/**
 * Authentication of API callers (HTTP Basic users from configuration, bearer JWTs) and the {@link
 * io.twinwright.api.auth.Caller} every route authorizes against.
 */
package io.twinwright.api.auth;

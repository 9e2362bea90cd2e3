/**
 * Platform routes for operators: alerts ({@code /api/2/alerts}) and health ({@code /health}).
 * Internal to the API module.
 */
package io.twinwright.api.operations;

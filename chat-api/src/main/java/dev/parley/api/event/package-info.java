/**
 * The events the engine emits to live sessions and to {@link dev.parley.api.spi.ChatListener}s. The
 * set of event types is sealed; a new type arrives only with a new version of Parley.
 */
package dev.parley.api.event;

/**
 * Parley's public model: typed ids, users, friendships, conversations, members, messages, cursors
 * and devices, all immutable records, and {@link dev.parley.api.ChatException} with its stable
 * {@link dev.parley.api.ErrorCode}s.
 *
 * <p>This package is stable. Extension points live in {@link dev.parley.api.spi}, and the events the
 * engine emits in {@link dev.parley.api.event}. Record components are non-null unless their
 * documentation says otherwise.
 */
package dev.parley.api;

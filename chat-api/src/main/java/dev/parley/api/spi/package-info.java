/**
 * Parley's extension points: the store, transports, push providers, authenticators, the password
 * hasher, the blob store, message interceptors and listeners. Every one has an
 * {@link dev.parley.api.spi.ChatExtension#id()} and lifecycle defaults.
 *
 * <p>These interfaces evolve faster than {@link dev.parley.api}: a minor release may add methods,
 * always with a default where one makes sense. Implementations are expected to be thread-safe, and to
 * pass the matching contract kit in {@code chat-testkit}.
 */
package dev.parley.api.spi;

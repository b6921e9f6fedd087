/**
 * The transport contract kit: protocol scenarios that every transport runs
 * ({@link dev.parley.testkit.transport.TransportCompatibilityKit}), over a minimal client connection that
 * each transport's test supplies ({@link dev.parley.testkit.transport.KitConnection}).
 */
package dev.parley.testkit.transport;

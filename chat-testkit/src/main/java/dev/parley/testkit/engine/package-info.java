/**
 * Engine-level scenarios that run against any store ({@link dev.parley.testkit.engine.ChatEngineCompatibilityKit}),
 * and the in-process stand-ins they use for a client's connection, a push service and a slow store.
 */
package dev.parley.testkit.engine;

/**
 * The engine's internals. Public only so that the engine's packages can share them; not an API, and
 * may change in any release.
 */
package dev.parley.core.internal;

/**
 * The in-memory store: {@link dev.parley.store.memory.MemoryChatStore} and
 * {@link dev.parley.store.memory.MemoryBlobStore}. Complete and thread-safe; nothing survives the
 * process.
 */
package dev.parley.store.memory;

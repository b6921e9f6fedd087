/**
 * The chat engine. Start with {@link dev.parley.core.ChatEngine#builder()}.
 */
package dev.parley.core;

/**
 * A Java client for Parley's protocol: {@link dev.parley.client.ChatClient}. Depends only on the JDK
 * and Jackson, so that applications and tools can talk to a Parley server without carrying the server.
 */
package dev.parley.client;

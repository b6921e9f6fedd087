/**
 * An open-loop load generator: many real WebSocket and TCP connections over loopback, speaking the
 * Parley protocol, against Parley in this JVM and against bare Jetty and Netty relay servers with
 * nothing of Parley in them, in the same run. Entry point: {@link dev.parley.bench.load.LoadBench}.
 */
package dev.parley.bench.load;

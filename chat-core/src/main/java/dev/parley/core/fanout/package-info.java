/**
 * How events reach live sessions: the {@link dev.parley.core.fanout.FanOut} interface, its local
 * implementation, and the {@link dev.parley.core.fanout.FanOutFactory} through which a cluster module
 * supplies another implementation.
 */
package dev.parley.core.fanout;

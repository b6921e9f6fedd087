/**
 * How events reach live sessions: the {@link dev.parley.core.fanout.FanOut} interface and its local
 * implementation. A cluster module supplies another implementation.
 */
package dev.parley.core.fanout;

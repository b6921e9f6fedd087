/**
 * JMH benchmarks of Parley, each beside a baseline with nothing of Parley in it, measured in the same
 * run. Not published; see the README's chat-bench section for how to run them.
 */
package dev.parley.bench;

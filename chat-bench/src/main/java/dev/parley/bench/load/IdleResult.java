package dev.parley.bench.load;

/**
 * The figures of one idle run: sessions connected and logged in (or joined, on a baseline), then
 * left idle. The heap is measured after a full collection before and after connecting, over the
 * whole JVM, so it holds both ends of each connection: the load client's share is the same against
 * every target, and the difference between two targets is the servers' alone.
 *
 * @param target            the server's name
 * @param wire              {@code WS} or {@code TCP}
 * @param sessions          sessions held at once
 * @param connectsPerSecond sessions set up per second, each a connection and a token login (or a
 *                          join), at most {@code 64} in flight at once
 * @param heapPerSessionKb  heap held per session after a full collection, in KiB, both ends
 * @param threadsBefore     the target's own live threads before connecting (by their names)
 * @param threadsAfter      the target's own live threads with every session connected
 */
public record IdleResult(String target, String wire, int sessions, double connectsPerSecond, double heapPerSessionKb,
                         int threadsBefore, int threadsAfter) {
}

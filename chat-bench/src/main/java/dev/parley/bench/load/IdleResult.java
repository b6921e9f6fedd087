package dev.parley.bench.load;

/**
 * The figures of one idle run: sessions connected and logged in (or joined, on a baseline), then
 * left idle. The heap is measured after a full collection before and after connecting, over the
 * whole JVM. With the load client in this JVM ({@code clientProcesses} 0) it holds both ends of each
 * connection: the client's share is the same against every target, and the difference between two
 * targets is the servers' alone. With the client in other processes it holds the server's end only.
 *
 * @param target            the server's name
 * @param wire              {@code WS} or {@code TCP}
 * @param sessions          sessions held at once
 * @param clientProcesses   the processes the client side ran in, 0 for this JVM
 * @param connectsPerSecond sessions set up per second, each a connection and a token login (or a
 *                          join), at most {@code 64} in flight at once in each client process
 * @param heapPerSessionKb  heap held per session after a full collection, in KiB: both ends with the
 *                          client in this JVM, the server's alone with the client elsewhere
 * @param threadsBefore     the target's own live threads before connecting (by their names)
 * @param threadsAfter      the target's own live threads with every session connected
 * @param openFilesAfter    this process's open files with every session connected, -1 if unknown
 * @param serverSessions    the logged-in sessions the server itself counted with every session
 *                          connected, -1 for a baseline, which keeps no count
 */
public record IdleResult(String target, String wire, int sessions, int clientProcesses, double connectsPerSecond,
                         double heapPerSessionKb, int threadsBefore, int threadsAfter, long openFilesAfter,
                         long serverSessions) {

    /** Whether the heap figure counts the server's end of each connection only. */
    public boolean serverOnly() {
        return clientProcesses > 0;
    }
}

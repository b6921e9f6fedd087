package dev.parley.bench.load;

/**
 * One sample of the soak: what the process holds at one moment.
 *
 * @param seconds      since the soak began
 * @param heapMb       heap in use (not after a collection: the sawtooth shows, a leak shows as a rising floor)
 * @param threads      live threads of the whole process
 * @param openFiles    open file descriptors of the process ({@code /proc/self/fd}), or -1 where unknown
 * @param writerQueue  messages accepted and waiting for the store
 * @param delivered    messages delivered to the load client so far, over every run
 */
public record SoakSample(double seconds, double heapMb, int threads, int openFiles, int writerQueue, long delivered) {
}

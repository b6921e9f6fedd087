package dev.parley.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the engine's threads, so that a thread dump says what each one is for. */
public final class Threads {

    private Threads() {
    }

    /** A factory of daemon threads called {@code prefix-1}, {@code prefix-2} and so on. */
    public static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

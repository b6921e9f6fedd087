package dev.parley.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Stops a server on SIGTERM or Ctrl-C: closes it in order (sessions hear why, queued messages are
 * written, the store closes last), then ends the process with status 0, which is what service managers
 * expect of a requested stop. A shutdown hook cannot change the exit status of a JVM that a signal is
 * ending (it would be 143 for SIGTERM), so the hook ends with {@link Runtime#halt(int)} once everything
 * is closed and the output is flushed.
 */
final class GracefulShutdown {

    private final CountDownLatch stopped = new CountDownLatch(1);

    private GracefulShutdown(Runnable close, PrintWriter out) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close.run();
            } catch (RuntimeException | Error e) {
                // Said before the halt below, which would otherwise swallow it.
                System.err.println("parley: the shutdown failed: " + e);
                e.printStackTrace();
            } finally {
                stopped.countDown();
                out.flush();
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "parley-shutdown"));
    }

    /** Registers the hook that runs {@code close} when the process is asked to stop. */
    static GracefulShutdown onStop(Runnable close, PrintWriter out) {
        return new GracefulShutdown(close, out);
    }

    /** Blocks until the process is asked to stop. */
    void await() throws InterruptedException {
        stopped.await();
    }
}

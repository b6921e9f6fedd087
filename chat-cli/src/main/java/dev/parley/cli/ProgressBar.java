package dev.parley.cli;

import dev.parley.store.jdbc.BackupProgress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error for long exports and imports, redrawn in place with a
 * carriage return. It appears only in a terminal and only once the work has taken longer than
 * {@link #DELAY_NANOS}, so short runs, pipes and scripts see nothing of it; standard output is never
 * touched. {@link #close()} ends the line, so that what is printed next starts on a line of its own.
 * Used by one thread.
 */
final class ProgressBar implements BackupProgress, AutoCloseable {

    static final long DELAY_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private final long started;
    private long lastDraw;
    private boolean drawn;
    private long done;
    private long total;

    ProgressBar(PrintWriter err, String label, boolean enabled, LongSupplier nanoTime) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    /** A bar that draws only when the tool runs in a terminal. */
    static ProgressBar inTerminal(PrintWriter err, String label) {
        return new ProgressBar(err, label, System.console() != null, System::nanoTime);
    }

    @Override
    public void update(long rowsDone, long rowsTotal) {
        done = rowsDone;
        total = rowsTotal;
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - started < DELAY_NANOS || (drawn && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        draw();
        lastDraw = now;
    }

    private void draw() {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = percent * WIDTH / 100;
        err.print("\r" + label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent + "% "
                + String.format("%,d/%,d rows", done, total));
        err.flush();
        drawn = true;
    }

    /** Draws the final state and ends the line, if the bar was shown at all. */
    @Override
    public void close() {
        if (drawn) {
            draw();
            err.println();
            err.flush();
        }
    }
}

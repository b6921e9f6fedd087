package dev.parley.store.jdbc;

/**
 * Told how far an export or import has come, for a progress bar. Called on the thread that runs the
 * export or import, once per row, so an implementation should be quick and decide itself how often
 * to redraw.
 */
@FunctionalInterface
public interface BackupProgress {

    /** Reports nothing. */
    BackupProgress NONE = (done, total) -> { };

    /**
     * @param rowsDone  the rows written or read so far
     * @param rowsTotal the rows of the whole backup, known from the start
     */
    void update(long rowsDone, long rowsTotal);
}

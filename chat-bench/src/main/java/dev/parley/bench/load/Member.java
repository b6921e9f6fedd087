package dev.parley.bench.load;

/**
 * One connection of a workload's fixture.
 *
 * @param joinFrame      the first frame it sends: a token login to Parley, a room join to a baseline;
 *                       the connection is ready once a frame with {@code "ok":true} comes back
 * @param conversationId the conversation (or baseline room) it sends into
 * @param backlog        for the drain: the messages waiting for it (0 otherwise)
 * @param syncs          for the drain: whether it fetches its backlog with {@code sync} (Parley) or the
 *                       server writes it unasked after the join (a baseline)
 */
public record Member(String joinFrame, long conversationId, int backlog, boolean syncs) {

    /** A member with nothing waiting. */
    public Member(String joinFrame, long conversationId) {
        this(joinFrame, conversationId, 0, false);
    }
}

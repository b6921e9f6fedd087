package dev.parley.bench.load;

/**
 * One connection of a workload's fixture.
 *
 * @param joinFrame      the first frame it sends: a token login to Parley, a room join to a baseline;
 *                       the connection is ready once a frame with {@code "ok":true} comes back
 * @param conversationId the conversation (or baseline room) it sends into
 */
public record Member(String joinFrame, long conversationId) {
}

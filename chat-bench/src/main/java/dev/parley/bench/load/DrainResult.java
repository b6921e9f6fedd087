package dev.parley.bench.load;

/**
 * The figures of one offline drain: {@code users} users, each with {@code messagesPerUser} messages
 * stored while it was offline, connect at once (at most 64 connects in flight), log in (or join, on
 * a baseline) and catch up. Times are from the first connect.
 *
 * @param target            the server's name
 * @param wire              {@code WS} or {@code TCP}
 * @param users             users drained
 * @param messagesPerUser   the messages waiting for each
 * @param syncLimit         the {@code limit} of each {@code sync} (0: the server's page size); a baseline takes no sync
 * @param syncs             {@code sync} requests sent, pages included (0 on a baseline)
 * @param expected          messages to deliver: users times messages per user
 * @param received          messages received, distinct per user
 * @param duplicates        messages a user received more than once
 * @param usersComplete     users that received exactly their messages, each once
 * @param usersWrong        users that finished with one missing, one too many, or one twice (or an error)
 * @param usersUnfinished   users still catching up when the drain's timeout ran out
 * @param seconds           from the first connect to the last message of the last user to finish
 * @param messagesPerSecond received over {@code seconds}
 * @param doneP50Ms         per user: from the first connect to its last message, median
 * @param doneP99Ms         the same, 99th percentile
 * @param ownP50Ms          per user: from its own connect to its last message, median
 * @param ownP99Ms          the same, 99th percentile
 * @param connectsPerSecond users connected and logged in (or joined) per second
 * @param serverCpuPct      CPU of the process less the client's threads over the drain, % of one core
 * @param clientCpuPct      CPU of the client's event-loop threads over the drain, % of one core
 * @param errors            error responses
 * @param disconnects       connections the server cut
 */
public record DrainResult(String target, String wire, int users, int messagesPerUser, int syncLimit, long syncs,
                          long expected, long received, long duplicates, long usersComplete, long usersWrong,
                          long usersUnfinished, double seconds, double messagesPerSecond, double doneP50Ms,
                          double doneP99Ms, double ownP50Ms, double ownP99Ms, double connectsPerSecond,
                          double serverCpuPct, double clientCpuPct, long errors, long disconnects) {

    /** Whether every user received exactly its messages, each once, and no connection was cut. */
    public boolean complete() {
        return usersComplete == users && duplicates == 0 && received == expected && disconnects == 0;
    }
}

package dev.parley.bench.load;

import java.util.List;

/** A server the load client drives: Parley, or a baseline with nothing of Parley in it. */
public interface LoadTarget extends AutoCloseable {

    /** A short name for reports, such as {@code parley} or {@code jetty}. */
    String name();

    /** What the names of this target's own threads start with, so that they can be counted. */
    String threadPrefix();

    /** The wires this target listens on. */
    List<Wire> wires();

    /** The port for a wire; WebSocket targets serve {@link #path()}. */
    int port(Wire wire);

    /**
     * The port for a wire for the member at this index of a fixture; the same for every member unless
     * the target has several nodes.
     */
    default int port(Wire wire, int member) {
        return port(wire);
    }

    /** The WebSocket path. */
    default String path() {
        return "/chat";
    }

    /**
     * {@code pairs} 1:1 pairs: members {@code 2i} and {@code 2i + 1} share a conversation, and the
     * first of each pair sends. Created once per size and reused.
     */
    List<Member> pairs(int pairs);

    /**
     * {@code sessions} sessions for the idle workload when its client runs in other processes; they
     * never send. By default the members of {@code sessions / 2} pairs; a target whose logins are
     * costly may let many sessions share one user. Created once per size and reused.
     */
    default List<Member> idle(int sessions) {
        return pairs(sessions / 2);
    }

    /** One room of {@code members}; the first members send. Created once per size and reused. */
    List<Member> room(int members);

    /**
     * {@code rooms} rooms of {@code size} members each, one room after another in the list; the first
     * members of each room send. Created once per shape and reused.
     */
    default List<Member> rooms(int rooms, int size) {
        throw new UnsupportedOperationException(name() + " has no rooms fixture");
    }

    /**
     * The offline drain's {@code users}, each with {@code messages} messages waiting for it, stored
     * before it connects. Created once per shape and reused; the messages stay waiting, since the
     * drain only reads them.
     */
    default List<Member> drain(int users, int messages) {
        throw new UnsupportedOperationException(name() + " has no drain fixture");
    }

    /** Logged-in sessions the server itself counts open now, or -1 for a target that keeps no count (a baseline). */
    default long sessionsOpen() {
        return -1;
    }

    /** The engine's message-writer meters now, or null for a target that has no writer (a baseline). */
    default WriterStats writerStats() {
        return null;
    }

    @Override
    void close();
}

package dev.parley.bench.load;

/**
 * The shape of one run.
 *
 * @param name        {@code pairs} or {@code room}
 * @param connections how many connections: two per pair, or the room's members
 * @param senders     how many of them send: one per pair, or the room's first members
 * @param rate        messages per second offered by all senders together
 */
public record Workload(String name, int connections, int senders, double rate) {

    /** {@code pairs} 1:1 pairs, the first of each sending, {@code rate} messages a second in all. */
    public static Workload pairs(int pairs, double rate) {
        return new Workload("pairs", 2 * pairs, pairs, rate);
    }

    /** One room of {@code members}, of whom {@code senders} send, {@code rate} messages a second in all. */
    public static Workload room(int members, int senders, double rate) {
        if (senders > members) {
            throw new IllegalArgumentException("a room of " + members + " cannot have " + senders + " senders");
        }
        return new Workload("room", members, senders, rate);
    }

    /** How many connections receive each message: the other one of a pair, or the room less its sender. */
    int fanout() {
        return name.equals("pairs") ? 1 : connections - 1;
    }
}

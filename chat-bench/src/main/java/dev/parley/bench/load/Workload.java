package dev.parley.bench.load;

/**
 * The shape of one run: connections in groups (a pair, a room), the first members of each group
 * sending.
 *
 * @param name        {@code pairs}, {@code room} or {@code rooms}
 * @param connections how many connections: two per pair, the room's members, or every room's
 * @param senders     how many of them send: one per pair, the room's first members, or the first
 *                    members of each room
 * @param rate        messages per second offered by all senders together
 * @param groupSize   the members of each group (2 for a pair), each a connection; the groups follow
 *                    one another in the fixture's member list
 */
public record Workload(String name, int connections, int senders, double rate, int groupSize) {

    /** Checks that the connections make whole groups and that the senders are spread evenly over them. */
    public Workload {
        if (groupSize < 2 || connections % groupSize != 0 || senders % (connections / groupSize) != 0
                || senders / (connections / groupSize) > groupSize) {
            throw new IllegalArgumentException(connections + " connections in groups of " + groupSize + " cannot have "
                    + senders + " senders spread evenly over the groups");
        }
    }

    /** {@code pairs} 1:1 pairs, the first of each sending, {@code rate} messages a second in all. */
    public static Workload pairs(int pairs, double rate) {
        return new Workload("pairs", 2 * pairs, pairs, rate, 2);
    }

    /** One room of {@code members}, of whom {@code senders} send, {@code rate} messages a second in all. */
    public static Workload room(int members, int senders, double rate) {
        if (senders > members) {
            throw new IllegalArgumentException("a room of " + members + " cannot have " + senders + " senders");
        }
        return new Workload("room", members, senders, rate, members);
    }

    /**
     * {@code rooms} rooms of {@code size} members each, {@code sendersPerRoom} of each room sending,
     * {@code rate} messages a second over all of them.
     */
    public static Workload rooms(int rooms, int size, int sendersPerRoom, double rate) {
        if (sendersPerRoom > size) {
            throw new IllegalArgumentException("a room of " + size + " cannot have " + sendersPerRoom + " senders");
        }
        return new Workload("rooms", rooms * size, rooms * sendersPerRoom, rate, size);
    }

    /** How many groups the connections make. */
    int groups() {
        return connections / groupSize;
    }

    /** The index, in the fixture's member list, of the {@code i}th sender: the first members of each group. */
    int senderIndex(int i) {
        int perGroup = senders / groups();
        return (i / perGroup) * groupSize + i % perGroup;
    }

    /** How many connections receive each message: the rest of its group. */
    int fanout() {
        return groupSize - 1;
    }
}

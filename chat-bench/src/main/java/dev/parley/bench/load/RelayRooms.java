package dev.parley.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The rooms of a bare relay server, and the fixture the load client uses against it: a connection
 * joins a room with {@code {"room":N}} and is answered {@code {"ok":true}}; then every frame it sends
 * is written, wrapped as {@code {"event":"message","data":<frame>}}, to every other member of its
 * room, and answered {@code {"ok":true}} (the echo). Nothing of Parley: no parsing beyond the join,
 * no store, no checks.
 *
 * <p>For the offline drain, a join may name a backlog, {@code {"room":N,"backlog":K}}: after the
 * {@code {"ok":true}} the server writes K {@code message} events at once, each a small message with
 * ids 1 to K, made up on the spot (nothing is stored), the bare cost of writing K messages to a
 * connection.
 *
 * @param <C> a server's connection type
 */
final class RelayRooms<C> {

    static final String OK = "{\"ok\":true}";

    private final Map<Long, List<C>> rooms = new ConcurrentHashMap<>();

    /** The room a join frame names, such as {@code {"room":12}}. */
    static long roomOf(String joinFrame) {
        int colon = joinFrame.indexOf(':');
        int end = colon + 1;
        while (end < joinFrame.length() && Character.isDigit(joinFrame.charAt(end))) {
            end++;
        }
        return Long.parseLong(joinFrame, colon + 1, end, 10);
    }

    /** The backlog a join frame asks for, such as {@code {"room":12,"backlog":100}}; 0 if it names none. */
    static int backlogOf(String joinFrame) {
        int at = joinFrame.indexOf("\"backlog\":");
        if (at < 0) {
            return 0;
        }
        int start = at + "\"backlog\":".length();
        int end = start;
        while (end < joinFrame.length() && Character.isDigit(joinFrame.charAt(end))) {
            end++;
        }
        return Integer.parseInt(joinFrame, start, end, 10);
    }

    /** The {@code i}th message of a backlog in {@code room}, as a {@code message} event. */
    static String backlogEvent(long room, int i) {
        return "{\"event\":\"message\",\"data\":{\"id\":" + i + ",\"conversationId\":" + room + ",\"seq\":" + i
                + ",\"kind\":\"text\",\"text\":\"waiting " + i + "\"}}";
    }

    static String event(String frame) {
        return "{\"event\":\"message\",\"data\":" + frame + "}";
    }

    void join(long room, C member) {
        rooms.computeIfAbsent(room, r -> new CopyOnWriteArrayList<>()).add(member);
    }

    void leave(long room, C member) {
        List<C> members = rooms.get(room);
        if (members != null) {
            members.remove(member);
        }
    }

    List<C> members(long room) {
        return rooms.getOrDefault(room, List.of());
    }

    /** Pairs {@code 2i} and {@code 2i + 1} in room {@code i}. */
    static List<Member> pairs(int pairs) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            members.add(new Member("{\"room\":" + i + "}", i));
            members.add(new Member("{\"room\":" + i + "}", i));
        }
        return members;
    }

    /** {@code rooms} rooms of {@code size}, one after another, numbered apart from the pairs' and the room's. */
    static List<Member> rooms(int rooms, int size) {
        List<Member> members = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            long room = 2_000_000_000L + (long) size * 100_000 + r;
            for (int i = 0; i < size; i++) {
                members.add(new Member("{\"room\":" + room + "}", room));
            }
        }
        return members;
    }

    /** The drain's users, each alone in a room of its own, with {@code messages} waiting. */
    static List<Member> drain(int users, int messages) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            long room = 3_000_000_000L + i;
            members.add(new Member("{\"room\":" + room + ",\"backlog\":" + messages + "}", room, messages, false));
        }
        return members;
    }

    /** Every member in one room, numbered apart from the pairs' rooms. */
    static List<Member> room(int size) {
        long room = 1_000_000_000L + size;
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(new Member("{\"room\":" + room + "}", room));
        }
        return members;
    }
}

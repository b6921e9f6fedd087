package dev.parley.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How one drained user catches up, on its connection's event loop. Against Parley it does what
 * docs/protocol.md tells a client to: after the login, {@code sync} from nothing (every conversation
 * from seq 0), then, while a conversation answers {@code hasMore}, {@code sync} again from the last
 * seq received in each. Against a baseline, the server writes the backlog unasked after the join.
 * Either way it counts the distinct message ids it receives: the user is complete when it has
 * exactly its backlog, each message once.
 *
 * <p>Sync responses are read with Jackson's streaming parser, for the ids and seqs only: no tree.
 */
final class DrainCatchUp {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String SYNC_ID = "{\"id\":\"sync-";
    private static final String EVENT_MESSAGE = "{\"event\":\"message\"";

    private final Member member;
    private final int syncLimit;
    private final LoopStats stats;
    private final long connectedAt;
    private final Set<Long> seen = new HashSet<>();
    /** The highest seq received in each conversation, which the next page's {@code since} sends back. */
    private final Map<Long, Long> since = new LinkedHashMap<>();
    private int duplicates;
    private int syncs;
    private boolean done;

    /**
     * @param syncLimit the {@code limit} of each {@code sync}, or 0 for none (the server's {@code maxPageSize})
     */
    DrainCatchUp(Member member, int syncLimit, LoopStats stats, long connectedAt) {
        this.member = member;
        this.syncLimit = syncLimit;
        this.stats = stats;
        this.connectedAt = connectedAt;
    }

    /** The first request once logged in: a sync from nothing against Parley, none against a baseline. */
    String start() {
        return member.syncs() ? sync() : null;
    }

    /** Takes a frame received after the login; returns the next request to send, or null. */
    String onFrame(String frame) {
        if (done) {
            return null;
        }
        if (member.syncs()) {
            if (!frame.startsWith(SYNC_ID)) {
                return null;
            }
            if (!frame.contains("\"ok\":true")) {
                stats.errors++;
                finish();
                return null;
            }
            boolean more;
            try {
                more = page(frame);
            } catch (IOException | RuntimeException e) {
                stats.errors++;
                finish();
                return null;
            }
            if (more) {
                return sync();
            }
            finish();
        } else if (frame.startsWith(EVENT_MESSAGE)) {
            int data = frame.indexOf("\"data\":");
            int at = frame.indexOf("\"id\":", data) + "\"id\":".length();
            int end = at;
            while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
                end++;
            }
            count(Long.parseLong(frame, at, end, 10));
            if (seen.size() >= member.backlog()) {
                finish();
            }
        }
        return null;
    }

    private String sync() {
        syncs++;
        stats.drainSyncs++;
        StringBuilder request = new StringBuilder("{\"id\":\"sync-").append(syncs)
                .append("\",\"op\":\"sync\",\"data\":{\"since\":{");
        boolean first = true;
        for (Map.Entry<Long, Long> entry : since.entrySet()) {
            request.append(first ? "" : ",").append('"').append(entry.getKey()).append("\":").append(entry.getValue());
            first = false;
        }
        request.append('}');
        if (syncLimit > 0) {
            request.append(",\"limit\":").append(syncLimit);
        }
        return request.append("}}").toString();
    }

    private void count(long id) {
        if (seen.add(id)) {
            stats.drainMessages++;
        } else {
            duplicates++;
            stats.drainDuplicates++;
        }
    }

    private void finish() {
        done = true;
        stats.drained(connectedAt, System.nanoTime(), duplicates == 0 && seen.size() == member.backlog());
    }

    /** Reads one sync response's messages; whether any conversation said {@code hasMore}. */
    private boolean page(String frame) throws IOException {
        boolean more = false;
        try (JsonParser parser = JSON.createParser(frame)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("data")) {
                    more = data(parser);
                } else {
                    parser.skipChildren();
                }
            }
        }
        return more;
    }

    private boolean data(JsonParser parser) throws IOException {
        boolean more = false;
        expect(parser.currentToken(), JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("conversations")) {
                expect(parser.currentToken(), JsonToken.START_ARRAY);
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    more |= conversation(parser);
                }
            } else {
                parser.skipChildren();
            }
        }
        return more;
    }

    private boolean conversation(JsonParser parser) throws IOException {
        long conversation = -1;
        long lastSeq = -1;
        boolean more = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("conversationId")) {
                conversation = parser.getLongValue();
            } else if (field.equals("hasMore")) {
                more = value == JsonToken.VALUE_TRUE;
            } else if (field.equals("messages")) {
                expect(value, JsonToken.START_ARRAY);
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    lastSeq = Math.max(lastSeq, message(parser));
                }
            } else {
                parser.skipChildren();
            }
        }
        if (conversation < 0) {
            throw new IOException("a sync entry without its conversationId");
        }
        if (lastSeq >= 0) {
            since.merge(conversation, lastSeq, Math::max);
        }
        return more;
    }

    /** Counts one message's id; returns its seq. */
    private long message(JsonParser parser) throws IOException {
        long id = -1;
        long seq = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("id")) {
                id = parser.getLongValue();
            } else if (field.equals("seq")) {
                seq = parser.getLongValue();
            } else {
                parser.skipChildren();
            }
        }
        if (id < 0 || seq < 0) {
            throw new IOException("a synced message without its id or seq");
        }
        count(id);
        return seq;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " in a sync response, found " + actual);
        }
    }
}

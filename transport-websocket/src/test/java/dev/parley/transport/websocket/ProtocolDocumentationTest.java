package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.api.Role;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Replays docs/protocol.md against a real server over WebSocket: every request example is sent, in
 * order, on the connection its code block names, and the response must match the documented one
 * (outcome, error code, and every documented field and value, except times, tokens and sizes). Every
 * documented event must have been received by some connection. Every operation must be documented.
 */
class ProtocolDocumentationTest {

    private static final Path DOC = Path.of("..", "docs", "protocol.md");
    private static final Pattern BLOCK = Pattern.compile("```json( [a-z]+)?\\n(.*?)\\n```", Pattern.DOTALL);
    private static final String DOC_TOKEN = "kT0kEn-from-an-earlier-login-00000000000000";
    private static final String DOC_ATTACHMENT = "Yx9c2V2mZ0pZf3y4Qk1bXw";
    /** Values that differ from run to run, so only their presence is checked. */
    private static final Set<String> VARYING = Set.of("createdAt", "editedAt", "joinedAt", "registeredAt",
            "expiresAt", "lastSeen", "token", "sessionId", "size",
            // admin.status reads the running server
            "version", "startedAt", "uptimeSeconds", "sessions", "sessionsTotal", "messagesPerSecond", "queueDepth");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatServer server = new ChatServer();
    private final Map<String, ChatClient> sessions = new HashMap<>();
    private final Set<String> eventsSeen = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatClient session(String name) throws Exception {
        ChatClient client = sessions.get(name);
        if (client == null) {
            client = server.connect();
            client.onEvent(e -> eventsSeen.add(e.name()));
            sessions.put(name, client);
        }
        return client;
    }

    @Test
    @DisplayName("every example in docs/protocol.md works as written")
    void examples() throws Exception {
        server.engine.users().create("root", "Root", "admin password", Set.of(Role.ADMIN));
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher blocks = BLOCK.matcher(doc);
        List<String[]> list = new ArrayList<>();
        while (blocks.find()) {
            list.add(new String[] {blocks.group(1) == null ? "" : blocks.group(1).strip(), blocks.group(2)});
        }
        Set<String> documentedOps = new LinkedHashSet<>();
        Set<String> documentedEvents = new LinkedHashSet<>();
        String aliceToken = null;
        String attachment = null;
        int requests = 0;
        for (int i = 0; i < list.size(); i++) {
            String session = list.get(i)[0];
            String text = list.get(i)[1];
            if (session.equals("event")) {
                documentedEvents.add(JSON.readTree(text).path("event").asText());
                continue;
            }
            assertThat(session).as("a request block names its connection: " + text).isNotEmpty();
            assertThat(i + 1).as("a response follows " + text).isLessThan(list.size());
            String expectedText = list.get(++i)[1];
            assertThat(list.get(i)[0]).as("the block after a request is its response: " + text).isEmpty();
            if (text.contains(DOC_TOKEN)) {
                text = text.replace(DOC_TOKEN, aliceToken);
            }
            if (text.contains(DOC_ATTACHMENT)) {
                if (attachment == null) {
                    ChatClient.HttpReply upload = session(session).upload("image", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
                    assertThat(upload.status()).isEqualTo(201);
                    attachment = upload.json().path("attachment").path("id").asText();
                }
                text = text.replace(DOC_ATTACHMENT, attachment);
            }
            if (attachment != null) {
                expectedText = expectedText.replace(DOC_ATTACHMENT, attachment);
            }
            JsonNode request = JSON.readTree(text);
            documentedOps.add(request.path("op").asText());
            Reply reply = session(session).requestRaw(text);
            requests++;
            JsonNode expected = JSON.readTree(expectedText);
            String where = session + " " + text + "\n  got " + reply.frame();
            assertThat(reply.ok()).as(where).isEqualTo(expected.path("ok").asBoolean());
            if (!reply.ok()) {
                assertThat(reply.errorCode()).as(where).isEqualTo(expected.path("error").path("code").asText());
                assertThat(reply.errorMessage()).as(where).isEqualTo(expected.path("error").path("message").asText());
            } else {
                assertMatches(expected.path("data"), reply.data(), "data", where);
            }
            if (reply.ok() && reply.data().has("token")) {
                session(session).useToken(reply.data().path("token").asText());
                if (session.equals("alice")) {
                    aliceToken = reply.data().path("token").asText();
                }
            }
        }
        assertThat(requests).isGreaterThan(60);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(eventsSeen).containsAll(documentedEvents));
        Set<String> undocumented = new java.util.TreeSet<>(server.engine.protocol().operationNames());
        undocumented.removeAll(documentedOps);
        assertThat(undocumented).as("operations without an example in docs/protocol.md").isEmpty();
    }

    /** Every documented field is present with the documented value, unless the value varies by run. */
    private static void assertMatches(JsonNode expected, JsonNode actual, String path, String where) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object: " + where).isTrue();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "." + field.getKey();
                assertThat(actual.has(field.getKey())).as(child + " is present: " + where).isTrue();
                if (!VARYING.contains(field.getKey())) {
                    assertMatches(field.getValue(), actual.get(field.getKey()), child, where);
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path + " has " + expected.size() + " elements: " + where)
                    .isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(expected.get(i), actual.get(i), path + "[" + i + "]", where);
            }
        } else {
            assertThat(actual).as(path + ": " + where).isEqualTo(expected);
        }
    }
}

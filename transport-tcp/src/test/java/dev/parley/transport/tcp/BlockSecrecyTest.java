package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.transport.KitClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A blocked user cannot tell a block from a missing friendship: over a real TCP connection, the
 * refusal a blocked sender gets is the very one a plain non-friend gets, byte for byte.
 */
class BlockSecrecyTest {

    private final TcpServer server = new TcpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static void befriend(KitClient a, KitClient b) {
        a.ok("friends.request", Map.of("userId", b.userId()));
        b.ok("friends.accept", Map.of("userId", a.userId()));
    }

    /** The whole error object of a refused request: code, message and anything else it carries. */
    private static JsonNode refusal(KitClient client, Map<String, ?> send) {
        JsonNode response = client.call("send", send);
        assertThat(response.path("ok").asBoolean()).as("refused: %s", response).isFalse();
        return response.path("error");
    }

    @Test
    @DisplayName("a blocked sender and a non-friend get the same refusal, by user id and in an old conversation")
    void sameAnswer() {
        KitClient alice = server.user("alice");
        KitClient blocked = server.user("bob");
        KitClient stranger = server.user("carol");
        KitClient former = server.user("dave");
        befriend(alice, blocked);
        befriend(alice, former);
        long blockedDirect = blocked.ok("send", Map.of("toUserId", alice.userId(), "text", "hi"))
                .path("message").path("conversationId").asLong();
        long formerDirect = former.ok("send", Map.of("toUserId", alice.userId(), "text", "hi"))
                .path("message").path("conversationId").asLong();
        alice.ok("friends.block", Map.of("userId", blocked.userId()));
        alice.ok("friends.remove", Map.of("userId", former.userId()));

        JsonNode toBlocker = refusal(blocked, Map.of("toUserId", alice.userId(), "text", "why?"));
        JsonNode toStranger = refusal(stranger, Map.of("toUserId", alice.userId(), "text", "hello"));
        assertThat(toBlocker).isEqualTo(toStranger);
        assertThat(toBlocker.path("code").asText()).isEqualTo("forbidden");

        JsonNode inBlockedConversation = refusal(blocked, Map.of("conversationId", blockedDirect, "text", "why?"));
        JsonNode inFormerConversation = refusal(former, Map.of("conversationId", formerDirect, "text", "hello?"));
        assertThat(inBlockedConversation).isEqualTo(inFormerConversation).isEqualTo(toStranger);
    }
}

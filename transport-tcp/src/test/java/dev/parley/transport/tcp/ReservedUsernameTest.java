package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Role;
import dev.parley.core.ChatLimits;
import dev.parley.testkit.transport.Frames;
import dev.parley.testkit.transport.KitClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reserved usernames over a real TCP connection: {@code register} refuses them, in any case and
 * with look-alike characters, with the answer a taken name gets; an admin may still create them.
 */
class ReservedUsernameTest {

    private TcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode register(KitClient client, String username) {
        return client.call("register", Map.of("username", username, "displayName", "Someone",
                "password", TcpServer.PASSWORD));
    }

    @Test
    @DisplayName("admin, Admin, ADMIN and look-alikes get the answer a taken name gets, whether or not admin exists")
    void reservedLikeTaken() {
        server = new TcpServer();
        server.user("alice");
        KitClient client = server.client();
        assertThat(register(client, "alice").path("error"))
                .isEqualTo(Frames.parse("{\"code\":\"conflict\",\"message\":\"username taken: alice\"}"));

        for (String name : List.of("admin", "Admin", "ADMIN", " admin ")) {
            assertThat(register(client, name).path("error")).as(name)
                    .isEqualTo(Frames.parse("{\"code\":\"conflict\",\"message\":\"username taken: admin\"}"));
        }
        for (String name : List.of("adm1n", "ad.min", "adrnin", "r00t", "System")) {
            JsonNode error = register(client, name).path("error");
            assertThat(error.path("code").asText()).as(name).isEqualTo("conflict");
            assertThat(error.path("message").asText()).startsWith("username taken: ");
        }
        // Outside a-z 0-9 . _ - the username rule refuses first: fullwidth and Cyrillic letters.
        for (String name : List.of("\uFF41\uFF44\uFF4D\uFF49\uFF4E", "\u0430dmin")) {
            assertThat(Frames.errorCode(register(client, name))).as(name).isEqualTo("bad_request");
        }
        JsonNode before = register(client, "Admin").path("error");

        server.engine.users().create("admin", "Admin", "an admin's own password", Set.of(Role.ADMIN));

        assertThat(register(client, "Admin").path("error")).as("the same answer once admin exists").isEqualTo(before);
        assertThat(client.error("me", null)).as("still not logged in").isEqualTo("unauthorized");
        client.login("admin", "an admin's own password");
        assertThat(client.ok("me").path("user").path("roles").toString()).contains("admin");
    }

    @Test
    @DisplayName("the reserved set is a setting: another set reserves other names, an empty one none")
    void configurable() {
        server = new TcpServer(t -> {
        }, e -> e.limits(ChatLimits.defaults().withReservedUsernames(Set.of("moderator"))));
        KitClient client = server.client();
        assertThat(Frames.errorCode(register(client, "M0derator"))).isEqualTo("conflict");
        assertThat(register(client, "admin").path("ok").asBoolean()).isTrue();
    }
}

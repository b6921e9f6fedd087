package dev.parley.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.core.AdminConsole;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.AuditEvent;
import dev.parley.core.ChatEngine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The admin console runs admin operations in process, through the protocol, with no admin logged in. */
class AdminConsoleTest {

    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private final ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore())
            .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1)).auditLog(audit::add).build().start();

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    @DisplayName("admin operations run without a login and answer in the protocol's JSON")
    void adminOperations() {
        try (AdminConsole console = engine.adminConsole()) {
            JsonNode created = console.call("admin.users.create", Map.of("username", "root2", "displayName", "Root",
                    "password", "a long enough password", "roles", Set.of("admin")));
            assertThat(created.path("user").path("username").asText()).isEqualTo("root2");
            assertThat(created.path("user").path("roles").get(0).asText()).isEqualTo("admin");
            console.call("admin.users.create", Map.of("username", "bob", "password", "another long password"));
            JsonNode page = console.call("admin.users.list", Map.of("afterId", 0, "limit", 10)).path("users");
            assertThat(page).extracting(u -> u.path("username").asText()).containsExactly("root2", "bob");
            assertThat(engine.users().findByUsername("bob")).isPresent();
        }
        assertThat(audit).filteredOn(e -> e.type().equals("admin_action"))
                .allSatisfy(e -> assertThat(e.remote()).isEqualTo(AdminConsole.ADDRESS))
                .extracting(e -> e.details().get("op")).contains("admin.users.create", "admin.users.list");
    }

    @Test
    @DisplayName("a refusal carries the protocol's code and message")
    void refusals() {
        try (AdminConsole console = engine.adminConsole()) {
            assertThatThrownBy(() -> console.call("admin.users.get", Map.of("username", "erin")))
                    .isInstanceOf(ChatException.class).hasMessage("no such user: erin")
                    .extracting(e -> ((ChatException) e).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThatThrownBy(() -> console.call("admin.users.create", Map.of("username", "x")))
                    .extracting(e -> ((ChatException) e).errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThatThrownBy(() -> console.call("teleport", Map.of()))
                    .extracting(e -> ((ChatException) e).errorCode()).isEqualTo(ErrorCode.UNKNOWN_OP);
            assertThat(console.call("ping", Map.of()).isObject()).isTrue();
        }
    }

    @Test
    @DisplayName("only admin operations run: user operations need a login, and a notice needs a logged-in admin")
    void onlyAdminOperations() {
        engine.users().register("bob", "Bob", "another long password");
        try (AdminConsole console = engine.adminConsole()) {
            assertThatThrownBy(() -> console.call("friends.list", Map.of()))
                    .extracting(e -> ((ChatException) e).errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThatThrownBy(() -> console.call("admin.notice", Map.of("username", "bob", "text", "hello")))
                    .extracting(e -> ((ChatException) e).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }
}

package dev.parley.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.User;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A password hashed with weaker parameters is rehashed with the current ones at the next login. */
class PasswordRehashTest {

    @Test
    @DisplayName("a login replaces a hash made with weaker Argon2id parameters")
    void rehashOnLogin() {
        MemoryChatStore store = new MemoryChatStore();
        User alice;
        try (ChatEngine old = ChatEngine.builder().store(store).passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .build().start()) {
            alice = old.users().register("alice", "Alice", "correct horse battery");
        }
        assertThat(store.users().passwordHash(alice.id()).orElseThrow()).contains("m=1024,t=1,p=1");
        try (ChatEngine current = ChatEngine.builder().store(store)
                .passwordHasher(new Argon2idPasswordHasher(4096, 2, 1)).build().start()) {
            assertThatThrownBy(() -> current.auth().loginWithPassword("alice", "wrong password, no rehash"))
                    .isInstanceOf(dev.parley.api.UnauthorizedException.class);
            assertThat(store.users().passwordHash(alice.id()).orElseThrow()).contains("m=1024,t=1,p=1");
        }
        try (ChatEngine current = ChatEngine.builder().store(store)
                .passwordHasher(new Argon2idPasswordHasher(4096, 2, 1)).build().start()) {
            current.auth().loginWithPassword("alice", "correct horse battery");
            String upgraded = store.users().passwordHash(alice.id()).orElseThrow();
            assertThat(upgraded).contains("m=4096,t=2,p=1");
            current.auth().loginWithPassword("alice", "correct horse battery");
            assertThat(store.users().passwordHash(alice.id()).orElseThrow()).isEqualTo(upgraded);
        }
    }
}

package dev.parley.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.BadRequestException;
import dev.parley.api.TooLargeException;
import dev.parley.core.ChatLimits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InputRulesTest {

    private final InputRules rules = new InputRules(ChatLimits.defaults());

    @Test
    @DisplayName("usernames are trimmed and lower-cased, and must match the documented form")
    void usernames() {
        assertThat(rules.username("  Alice.Smith_1 ")).isEqualTo("alice.smith_1");
        assertThatThrownBy(() -> rules.username("a")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> rules.username("-alice")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> rules.username("al ice")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> rules.username("ålice")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> rules.username("a".repeat(33))).isInstanceOf(BadRequestException.class);
    }

    @Test
    @DisplayName("names may hold any well-formed Unicode but no control characters")
    void names() {
        assertThat(rules.name(" Zoë 👩🏽‍💻 ", "display name")).isEqualTo("Zoë 👩🏽‍💻");
        assertThatThrownBy(() -> rules.name("bell\u0007", "display name")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> rules.name("x".repeat(65), "display name")).isInstanceOf(TooLargeException.class);
    }

    @Test
    @DisplayName("a lone surrogate is broken Unicode; a surrogate pair is not")
    void wellFormed() {
        assertThat(InputRules.isWellFormed("𝄞")).isTrue();
        assertThat(InputRules.isWellFormed("\uD834")).isFalse();
        assertThat(InputRules.isWellFormed("\uDD1E\uD834")).isFalse();
        assertThat(InputRules.isWellFormed("ok\n\ttabs")).isTrue();
    }

    @Test
    @DisplayName("a password is refused for its length before anything hashes it, without echoing it")
    void passwords() {
        assertThatThrownBy(() -> rules.newPassword("hunter2")).isInstanceOf(BadRequestException.class)
                .message().doesNotContain("hunter2");
        assertThatThrownBy(() -> rules.checkPasswordLength("x".repeat(1025))).isInstanceOf(TooLargeException.class);
        rules.newPassword("x".repeat(1024));
    }

    @Test
    @DisplayName("page sizes are clamped to the maximum and must be positive")
    void pages() {
        assertThat(rules.pageSize(1_000_000)).isEqualTo(200);
        assertThatThrownBy(() -> rules.pageSize(0)).isInstanceOf(BadRequestException.class);
    }
}

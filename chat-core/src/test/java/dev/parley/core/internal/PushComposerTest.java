package dev.parley.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PushComposerTest {

    @Test
    @DisplayName("a preview is cut at a code point, never through an emoji")
    void shorten() {
        String text = "a".repeat(99) + "😀😀";
        String preview = PushComposer.shorten(text);
        assertThat(preview).isEqualTo("a".repeat(99) + "😀…");
        assertThat(PushComposer.shorten("short")).isEqualTo("short");
    }
}

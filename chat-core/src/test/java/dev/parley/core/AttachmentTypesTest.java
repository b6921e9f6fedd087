package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.MessageKind;
import dev.parley.api.UnsupportedTypeException;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Configured attachment types: one kind's list replaced, the others kept, bad lists refused. */
class AttachmentTypesTest {

    @Test
    @DisplayName("with() replaces one kind's types, normalised, and keeps the defaults of the others")
    void replacesOneKind() {
        AttachmentTypes types = AttachmentTypes.defaults().with(MessageKind.IMAGE, Set.of("Image/PNG; q=1"));
        assertThat(types.typesFor(MessageKind.IMAGE)).containsExactly("image/png");
        assertThat(types.require(MessageKind.IMAGE, "image/png")).isEqualTo("image/png");
        assertThatThrownBy(() -> types.require(MessageKind.IMAGE, "image/jpeg"))
                .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("image/jpeg");
        assertThat(types.typesFor(MessageKind.FILE)).isEqualTo(AttachmentTypes.allowed(MessageKind.FILE));
        assertThat(AttachmentTypes.defaults().require(MessageKind.IMAGE, "image/jpeg")).isEqualTo("image/jpeg");
    }

    @Test
    @DisplayName("a kind without attachments, or an empty list, is refused")
    void refusesBadLists() {
        assertThatThrownBy(() -> AttachmentTypes.defaults().with(MessageKind.TEXT, Set.of("text/plain")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carries no attachment");
        assertThatThrownBy(() -> AttachmentTypes.defaults().with(MessageKind.VOICE, Set.of(" ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one type");
    }
}

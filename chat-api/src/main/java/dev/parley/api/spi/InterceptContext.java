package dev.parley.api.spi;

import dev.parley.api.Conversation;
import dev.parley.api.UserId;
import java.util.Objects;

/**
 * Where a message that a {@link MessageInterceptor} sees is going, and who sends it.
 *
 * @param senderId     the authenticated sender, or {@link UserId#SYSTEM}
 * @param conversation the conversation it goes to
 */
public record InterceptContext(UserId senderId, Conversation conversation) {

    /** Checks the fields. */
    public InterceptContext {
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(conversation, "conversation");
    }
}

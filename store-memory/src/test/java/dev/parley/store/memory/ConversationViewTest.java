package dev.parley.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.ConversationId;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageKind;
import dev.parley.api.NewMessage;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.MessageStore;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ConversationView;
import dev.parley.testkit.engine.ForwardingChatStore;
import dev.parley.testkit.engine.ForwardingMessageStore;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A conversation's view gives an unread count and a last seq that describe the same messages, even
 * when a message is committed between the two reads: a client counts the live messages after
 * lastSeq on top of the unread count, and would otherwise count that message twice.
 */
class ConversationViewTest {

    @Test
    @DisplayName("a message committed while the view counts the unread is inside the view's lastSeq, so no client counts it twice")
    void unreadAndLastSeqAgree() {
        AtomicReference<NewMessage> commitDuringCount = new AtomicReference<>();
        ChatStore store = new ForwardingChatStore(new MemoryChatStore()) {
            private final MessageStore messages = new ForwardingMessageStore(delegate().messages()) {
                @Override
                public long countUnread(ConversationId conversation, UserId user) {
                    NewMessage concurrent = commitDuringCount.getAndSet(null);
                    if (concurrent != null) {
                        super.append(concurrent); // another sender's message commits just now
                    }
                    return super.countUnread(conversation, user);
                }
            };

            @Override
            public MessageStore messages() {
                return messages;
            }
        };
        try (ChatEngine engine = ChatEngine.builder().store(store).passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .build().start()) {
            User ana = engine.users().register("ana", "Ana", "correct horse battery");
            User ben = engine.users().register("ben", "Ben", "correct horse battery");
            engine.friends().request(ana.id(), ben.id());
            engine.friends().accept(ben.id(), ana.id());
            ConversationId direct = engine.messages().sendDirect(ben.id(), ana.id(), MessageDraft.text("one"))
                    .message().conversationId();

            commitDuringCount.set(new NewMessage(direct, ben.id(), "two", MessageKind.TEXT, "two", null, null,
                    Instant.now()));
            ConversationView view = engine.conversations().get(ana.id(), direct);

            assertThat(commitDuringCount.get()).as("the message committed during the count").isNull();
            assertThat(view.lastSeq()).as("lastSeq").isEqualTo(2);
            assertThat(view.unread()).as("unread, every message up to lastSeq").isEqualTo(2);
        }
    }
}

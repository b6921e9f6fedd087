package dev.parley.examples;

import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.User;
import dev.parley.api.spi.ChatListener;
import dev.parley.core.ChatEngine;
import dev.parley.core.SendResult;
import dev.parley.store.memory.MemoryChatStore;

/**
 * The embedding example of README.md: an engine on the in-memory store, two users who become friends,
 * one message, and a listener that hears it. README.md shows the lines between the tags, and
 * {@code ReadmeTest} checks that README.md and this file say the same.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        // tag::embed[]
        try (ChatEngine engine = ChatEngine.builder()
                .store(new MemoryChatStore())
                .listener(new ChatListener() {
                    @Override
                    public void onMessage(Message message) {
                        System.out.println("user " + message.senderId() + " says: " + message.text());
                    }
                })
                .build()
                .start()) {
            User alice = engine.users().register("alice", "Alice", "correct horse battery");
            User bob = engine.users().register("bob", "Bob", "battery staple horse");

            engine.friends().request(alice.id(), bob.id());
            engine.friends().accept(bob.id(), alice.id());

            SendResult ack = engine.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("Hi Bob 👋"));
            System.out.println("stored as seq " + ack.message().seq());
        }
        // end::embed[]
    }
}

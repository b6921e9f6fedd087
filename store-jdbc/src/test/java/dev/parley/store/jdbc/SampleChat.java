package dev.parley.store.jdbc;

import dev.parley.api.Attachment;
import dev.parley.api.Conversation;
import dev.parley.api.DeviceId;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageKind;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.core.ChatEngine;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;

/**
 * Fills a JDBC store the way people would, through the real engine: users (one of them deleted, one
 * disabled, one an admin), friendships in every state, a block, direct chats and a group with emoji
 * (ZWJ sequences and skin tones), replies, reactions added and taken back, edits, deletes, an image
 * in the store's own blob table, a system notice, read and delivered cursors, devices replaced and
 * removed, and a live session token that a backup must leave out.
 */
final class SampleChat {

    /** Passwords of the sample users, to log in after an import with credentials. */
    static final String PASSWORD = "correct horse battery staple";

    /** Bytes of the sample image, which are not valid UTF-8, to prove the base64 round trip. */
    static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff, (byte) 0xfe, 7};

    private SampleChat() {
    }

    /** Populates the store, which is started and closed again by an engine on it. */
    static void populate(JdbcChatStore store) {
        try (ChatEngine engine = ChatEngine.builder().store(store).blobStore(store.blobStore()).build().start()) {
            User alice = engine.users().create("alice", "Alice Ångström", PASSWORD, Set.of(Role.USER, Role.ADMIN));
            User bob = engine.users().register("bob", "Bob 🐢", PASSWORD);
            User carol = engine.users().register("carol", "Carol \"CJ\" O'Neil \\o/", PASSWORD);
            User dave = engine.users().register("dave", "Dave", PASSWORD);
            User erin = engine.users().register("erin", "李小龍", PASSWORD);

            engine.friends().request(alice.id(), bob.id());
            engine.friends().accept(bob.id(), alice.id());
            engine.friends().request(carol.id(), alice.id());
            engine.friends().accept(alice.id(), carol.id());
            engine.friends().request(erin.id(), bob.id());
            engine.friends().request(dave.id(), carol.id());
            engine.friends().decline(carol.id(), dave.id());
            engine.friends().block(erin.id(), dave.id());

            Message hi = engine.messages().sendDirect(alice.id(), bob.id(),
                    MessageDraft.text("Hi Bob 👋 — café?").withClientMsgId("c-1")).message();
            Message reply = engine.messages().sendDirect(bob.id(), alice.id(),
                    MessageDraft.text("Sure! 👩‍👩‍👧‍👦 👍🏽").replyingTo(hi.id())).message();
            engine.messages().react(alice.id(), reply.id(), "❤️");
            engine.messages().react(bob.id(), hi.id(), "👍🏽");
            engine.messages().react(bob.id(), hi.id(), "👎");
            engine.messages().unreact(bob.id(), hi.id(), "👎");
            engine.messages().edit(alice.id(), hi.id(), "Hi Bob 👋 — coffee?");

            Conversation group = engine.conversations().createGroup(alice.id(), "Climbing 🧗 club",
                    List.of(bob.id(), carol.id()));
            Attachment image = engine.attachments().upload(carol.id(), MessageKind.IMAGE, "image/png",
                    new ByteArrayInputStream(IMAGE));
            Message photo = engine.messages().send(carol.id(), group.id(),
                    MessageDraft.attachment(MessageKind.IMAGE, image, "the wall today:\n\tgrade 6a")).message();
            Message oops = engine.messages().send(bob.id(), group.id(), MessageDraft.text("wrong chat,\nsorry")).message();
            engine.messages().delete(bob.id(), oops.id());
            engine.messages().react(alice.id(), photo.id(), "🔥");
            for (int i = 1; i <= 30; i++) {
                engine.messages().send(i % 2 == 0 ? alice.id() : carol.id(), group.id(),
                        MessageDraft.text("message " + i + " ✓"));
            }
            engine.conversations().mute(alice.id(), group.id(), bob.id(), true);
            engine.receipts().markDelivered(bob.id(), group.id(), 20);
            engine.receipts().markRead(bob.id(), group.id(), 12);
            engine.receipts().markRead(carol.id(), group.id(), 32);

            engine.notices().sendAsSystem(bob.id(), "Maintenance tonight 🔧");

            engine.devices().register(bob.id(), DeviceId.of("phone"), "apns", "token-1");
            engine.devices().register(bob.id(), DeviceId.of("phone"), "apns", "token-2");
            engine.devices().register(alice.id(), DeviceId.of("tablet"), "fcm", "token-3");
            engine.devices().register(alice.id(), DeviceId.of("old"), "fcm", "token-4");
            engine.devices().remove(alice.id(), DeviceId.of("old"));

            engine.users().setEnabled(erin.id(), false);
            engine.auth().loginWithPassword("bob", PASSWORD);
            User frank = engine.users().register("frank", "Frank", PASSWORD);
            engine.users().delete(frank.id());
        }
    }
}

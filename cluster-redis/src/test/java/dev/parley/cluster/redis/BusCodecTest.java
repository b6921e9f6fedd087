package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.ConversationType;
import dev.parley.api.Cursor;
import dev.parley.api.Invitation;
import dev.parley.api.MemberRole;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.Presence;
import dev.parley.api.Reaction;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.event.ConversationEvent;
import dev.parley.api.event.FriendEvent;
import dev.parley.api.event.InvitationEvent;
import dev.parley.api.event.MemberEvent;
import dev.parley.api.event.MessageEvent;
import dev.parley.api.event.MessageUpdatedEvent;
import dev.parley.api.event.PresenceEvent;
import dev.parley.api.event.ReceiptEvent;
import dev.parley.api.event.TypingEvent;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every kind of event, and every bus message, comes off the bus equal to what went on. */
class BusCodecTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456789Z");
    private static final UserId ALICE = UserId.of(7);
    private static final UserId BOB = UserId.of(8);
    private static final ConversationId GROUP = ConversationId.of(3);

    private final BusCodec codec = new BusCodec();

    private static List<ChatEvent> everyKindOfEvent() {
        Message message = new Message(MessageId.of(11), GROUP, 5, ALICE, "c-1", MessageKind.IMAGE, "hi 👋🏽",
                new Attachment(AttachmentId.of("u7-abcdefghijklmnop"), "image/png", 1234, "cat.png", 640, 480, null),
                MessageId.of(10), List.of(new Reaction(BOB, "👍", AT)), AT, AT.plusSeconds(1), false);
        Conversation group = new Conversation(GROUP, ConversationType.GROUP, "Team", ALICE, AT);
        User inviter = new User(ALICE, "alice", "Alice", Set.of(Role.USER, Role.ADMIN), true, AT);
        return List.of(
                new MessageEvent(message),
                new MessageUpdatedEvent(message.asDeleted(AT), MessageUpdatedEvent.Change.DELETED),
                new ReceiptEvent(new Cursor(GROUP, BOB, 5, 4)),
                new TypingEvent(GROUP, BOB, true),
                new PresenceEvent(BOB, new Presence(false, AT)),
                new PresenceEvent(BOB, Presence.ONLINE),
                new FriendEvent(ALICE, BOB, FriendEvent.Action.ACCEPTED),
                new MemberEvent(GROUP, ALICE, BOB, MemberEvent.Action.ROLE_CHANGED, MemberRole.ADMIN),
                new ConversationEvent(group, ALICE, ConversationEvent.Change.RENAMED),
                new InvitationEvent(new Invitation(GROUP, BOB, ALICE, AT), "Team", inviter, ALICE,
                        InvitationEvent.Action.INVITED));
    }

    @Test
    @DisplayName("each permitted kind of chat event crosses the bus unchanged")
    void everyEventRoundTrips() {
        List<ChatEvent> events = everyKindOfEvent();
        assertThat(events.stream().map(Object::getClass).collect(Collectors.toSet()))
                .as("the test covers every permitted event type")
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(ChatEvent.class.getPermittedSubclasses()));
        for (ChatEvent event : events) {
            BusMessage sent = new BusMessage.Delivery("node-a", List.of(ALICE, BOB), event);
            assertThat(codec.decode(codec.encode(sent))).isEqualTo(sent);
        }
    }

    @Test
    @DisplayName("revocations, presence changes, heartbeats and a node's leaving cross the bus unchanged")
    void controlMessagesRoundTrip() {
        List<BusMessage> messages = List.of(
                new BusMessage.CloseUser("n1", ALICE, "logged_out"),
                new BusMessage.CloseToken("n1", "abc123", "logged_out"),
                new BusMessage.PresenceChange("n1", BOB, true),
                new BusMessage.Heartbeat("n1", 30_000, true),
                new BusMessage.NodeLeft("n1"));
        for (BusMessage message : messages) {
            assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    @DisplayName("text that is not a bus message is refused")
    void garbageIsRefused() {
        assertThatThrownBy(() -> codec.decode("{\"kind\":\"nonsense\",\"origin\":\"x\"}"))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(UncheckedIOException.class);
    }
}

package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of {@link MqttSession} for QoS 1, on its own: where a conversation stands moves only
 * on PUBACK and only past what is acknowledged without a gap, a reconnect sends the packets in flight
 * again in the order they were first published, and a smaller window on the new connection hands the
 * rest back to the store instead of losing them.
 */
class MqttSessionWindowTest {

    private static final ConversationId ONE = ConversationId.of(1);
    private static final ConversationId TWO = ConversationId.of(2);
    private final Object connection = new Object();

    private static Message message(ConversationId conversation, long seq) {
        return new Message(MessageId.of(conversation.value() * 1000 + seq), conversation, seq, UserId.of(7), null,
                MessageKind.TEXT, "m" + seq, null, null, List.of(), Instant.EPOCH, null, false);
    }

    private MqttSession session(int window) {
        MqttSession session = new MqttSession();
        session.attach(connection, window, false);
        session.subscribe(ONE, 1);
        session.subscribe(TWO, 1);
        session.baseline(Map.of(ONE, 0L, TWO, 0L));
        return session;
    }

    private int admit(MqttSession session, ConversationId conversation, long seq) {
        MqttSession.Offer offer = session.admit(connection, "t", "f", message(conversation, seq));
        assertThat(offer.publish()).as("published").isTrue();
        return offer.packetId;
    }

    @Test
    @DisplayName("acked up to moves on PUBACK only, and only up to the first message still in flight")
    void ackedUpToMovesInSeqOrder() {
        MqttSession session = session(10);
        int first = admit(session, ONE, 1);
        int second = admit(session, ONE, 2);
        int third = admit(session, ONE, 3);
        assertThat(session.ackedUpTo(ONE)).isZero();
        assertThat(session.acknowledge(connection, second)).isTrue();
        assertThat(session.ackedUpTo(ONE)).as("1 is not acknowledged yet").isZero();
        assertThat(session.acknowledge(connection, first)).isTrue();
        assertThat(session.ackedUpTo(ONE)).isEqualTo(2);
        assertThat(session.acknowledge(connection, first)).as("acknowledged twice: unknown now").isFalse();
        assertThat(session.acknowledge(connection, third)).isTrue();
        assertThat(session.ackedUpTo(ONE)).isEqualTo(3);
        assertThat(session.acknowledge(new Object(), third)).as("another connection's PUBACK").isFalse();
    }

    @Test
    @DisplayName("a full window refuses the next message and pauses; a PUBACK makes room and resumes")
    void fullWindowPauses() {
        MqttSession session = session(2);
        int first = admit(session, ONE, 1);
        admit(session, TWO, 1);
        assertThat(session.admit(connection, "t", "f", message(ONE, 2))).isSameAs(MqttSession.Offer.FULL);
        assertThat(session.paused()).isTrue();
        assertThat(session.catchingUpNow()).as("the store has it").isTrue();
        assertThat(session.resumeIfRoom(connection)).as("no room yet").isFalse();
        session.acknowledge(connection, first);
        assertThat(session.resumeIfRoom(connection)).isTrue();
        assertThat(session.catchUpFrom()).as("read after what was published").isEqualTo(Map.of(ONE, 1L, TWO, 1L));
    }

    @Test
    @DisplayName("a reconnect sends what is in flight again in publish order; past a smaller window the rest goes back to the store")
    void resendWithinTheNewWindow() {
        MqttSession session = session(10);
        int a = admit(session, ONE, 1);
        int b = admit(session, TWO, 1);
        admit(session, ONE, 2);
        admit(session, TWO, 2);
        session.detach(connection, System.nanoTime() + 1_000_000_000L);

        Object again = new Object();
        session.attach(again, 2, true);
        assertThat(session.resend(again)).extracting(MqttSession.InFlight::packetId).containsExactly(a, b);
        assertThat(session.inFlightCount()).isEqualTo(2);
        assertThat(session.catchUpFrom()).as("ONE 2 and TWO 2 are read from the store again")
                .isEqualTo(Map.of(ONE, 1L, TWO, 1L));
        assertThat(session.admit(connection, "t", "f", message(ONE, 3)).publish())
                .as("the old connection publishes nothing").isFalse();
    }
}

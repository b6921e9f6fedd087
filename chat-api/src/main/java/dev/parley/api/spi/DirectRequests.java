package dev.parley.api.spi;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Requests a transport makes for its peer without protocol frames, for transports whose own protocol
 * carries what a frame would: a login in MQTT's {@code CONNECT}, a text published to a conversation's
 * topic. Each runs as the connection's user, in order with the connection's frames, off the
 * transport's threads, with the same checks, limits and audit as the protocol's own operation; the
 * stage completes on a worker thread. A failure is a {@link dev.parley.api.ChatException} whose
 * {@link dev.parley.api.ChatException#code() code} the transport maps onto its own answer.
 *
 * <p>Obtained from {@link FrameHandler#direct()}. Thread-safe.
 */
public interface DirectRequests {

    /**
     * Logs the connection in, as the protocol's {@code login} does: the same schemes, throttling of
     * failed password attempts per account and address, and audit; afterwards the connection is a live
     * session of the user and its frames act as them.
     *
     * @param request the scheme and credentials; its address should be the connection's
     * @return the user, or a failure: {@code unauthorized} for refused credentials, {@code rate_limited}
     *         when the login throttle has no attempt left, {@code conflict} if already logged in
     */
    CompletionStage<User> logIn(AuthRequest request);

    /**
     * Sends a text message to a conversation as the logged-in user, as the protocol's {@code send}
     * does; completes once the message is committed.
     *
     * @param clientMsgId the idempotency key, or null: a second send with the same key stores nothing
     *                    and completes with the original message
     * @return the stored message, or a failure such as {@code not_found} for a conversation that does
     *         not exist or that the user is not a member of (the same for both)
     */
    CompletionStage<Message> sendText(ConversationId conversation, String text, String clientMsgId);

    /**
     * Tells the conversation's other members that the user is typing, as the protocol's
     * {@code typing} does.
     */
    CompletionStage<Void> typing(ConversationId conversation, boolean typing);

    /**
     * Checks that the logged-in user may read a conversation, before a transport starts routing its
     * events to the peer.
     *
     * @return completes normally if so; fails with {@code not_found} if it does not exist or the user
     *         is not a member (the same for both), or {@code unauthorized} before login
     */
    CompletionStage<Void> checkReadable(ConversationId conversation);

    /**
     * The seq of the latest message in each of the logged-in user's conversations (0 for one without
     * messages), so that a transport knows where a client that subscribes now stands.
     */
    CompletionStage<Map<ConversationId, Long>> latestSeqs();

    /**
     * What the user missed in some conversations: the messages after the given seq in each, oldest
     * first, at most one page (the engine's page size) per conversation, each with its frame, the
     * protocol's {@code message} event. Ask again from the last seq returned for the next page; an empty
     * list means nothing more. Conversations the user is not a member of are left out.
     *
     * @param after the seq after which to read, per conversation; only these conversations are read
     */
    CompletionStage<List<MessageFrame>> missed(Map<ConversationId, Long> after);

    /**
     * A stored message and its frame as the engine encodes it for live sessions.
     *
     * @param message the message
     * @param frame   the protocol's {@code message} event for it
     */
    record MessageFrame(Message message, String frame) {
    }
}

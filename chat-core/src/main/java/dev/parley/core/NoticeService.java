package dev.parley.core;

import dev.parley.api.Conversation;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.internal.AccessPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * System notices: messages of kind {@code SYSTEM} from {@link UserId#SYSTEM}, in each recipient's own
 * notices conversation, where nobody else can write. They are stored like any message, so offline
 * users sync them later and get a push.
 *
 * <p>The {@code ...AsSystem} methods are for the host application and check nothing; the others are
 * for admins and check that the actor is one. Thread-safe.
 */
public final class NoticeService {

    private static final int PAGE = 500;

    private final ChatStore store;
    private final AccessPolicy policy;
    private final MessageService messages;
    private final Clock clock;

    NoticeService(ChatStore store, AccessPolicy policy, MessageService messages, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * An admin sends a notice to one user.
     *
     * @throws dev.parley.api.ForbiddenException if the actor is not an admin
     */
    public SendResult send(UserId admin, UserId to, String text) {
        policy.admin(admin);
        return sendAsSystem(to, text);
    }

    /**
     * An admin sends a notice to every enabled user.
     *
     * @return how many users it was stored for
     */
    public int broadcast(UserId admin, String text) {
        policy.admin(admin);
        return broadcastAsSystem(text);
    }

    /** The host application sends a notice to one user. */
    public SendResult sendAsSystem(UserId to, String text) {
        User user = policy.target(to);
        Conversation notices = store.conversations().getOrCreateNotices(user.id(), clock.instant());
        return MessageService.await(messages.sendSystem(notices, text, null));
    }

    /**
     * The host application sends a notice to every enabled user. The messages go to the writer in
     * pages, so they share commits.
     *
     * @return how many users it was stored for
     */
    public int broadcastAsSystem(String text) {
        int sent = 0;
        UserId after = null;
        while (true) {
            List<User> page = store.users().list(after, PAGE);
            if (page.isEmpty()) {
                return sent;
            }
            List<CompletableFuture<SendResult>> acks = new ArrayList<>(page.size());
            for (User user : page) {
                if (user.enabled()) {
                    Conversation notices = store.conversations().getOrCreateNotices(user.id(), clock.instant());
                    acks.add(messages.sendSystem(notices, text, null));
                }
            }
            for (CompletableFuture<SendResult> ack : acks) {
                MessageService.await(ack);
                sent++;
            }
            after = page.get(page.size() - 1).id();
        }
    }
}

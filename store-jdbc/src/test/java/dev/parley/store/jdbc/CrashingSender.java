package dev.parley.store.jdbc;

import dev.parley.api.ConversationId;
import dev.parley.api.MessageDraft;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import dev.parley.core.SendResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashTest} kills: an engine on a JDBC store that sends messages from several
 * threads, forever, and prints a line {@code ACK <seq> <clientMsgId>} for each message the engine
 * acknowledged. Whatever it printed must survive {@code kill -9}.
 */
public final class CrashingSender {

    private CrashingSender() {
    }

    /**
     * Arguments: JDBC URL, user, password, sender id, conversation id, clientMsgId prefix.
     */
    public static void main(String[] args) throws Exception {
        JdbcChatStoreBuilder builder = JdbcChatStore.builder().url(args[0]);
        if (!args[1].isEmpty()) {
            builder.user(args[1]).password(args[2]);
        }
        UserId sender = UserId.of(Long.parseLong(args[3]));
        ConversationId conversation = ConversationId.of(Long.parseLong(args[4]));
        String prefix = args[5];
        // Sends as fast as it can: the send rate limit is not what this test is about.
        ChatEngine engine = ChatEngine.builder().store(builder.build())
                .rateLimits(dev.parley.core.RateLimits.defaults().withSends(1_000_000, 1_000_000)).build().start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (long i = 0; ; i++) {
                    String clientMsgId = prefix + "-" + thread + "-" + i;
                    SendResult ack = engine.messages().send(sender, conversation,
                            MessageDraft.text("message " + i + " \uD83D\uDC4D").withClientMsgId(clientMsgId));
                    synchronized (System.out) {
                        System.out.println("ACK " + ack.message().seq() + " " + clientMsgId);
                        System.out.flush();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }
}

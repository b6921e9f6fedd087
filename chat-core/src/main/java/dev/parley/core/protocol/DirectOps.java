package dev.parley.core.protocol;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.RateLimitedException;
import dev.parley.api.UnauthorizedException;
import dev.parley.api.User;
import dev.parley.api.spi.AuthRequest;
import dev.parley.api.spi.DirectRequests;
import dev.parley.core.ChatEngine;
import dev.parley.api.event.MessageEvent;
import dev.parley.core.ChatSession;
import dev.parley.core.ConversationView;
import dev.parley.core.SyncBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A connection's {@link DirectRequests}: the protocol's own operations, called by a transport instead
 * of parsed from a frame. Each runs in the connection's request order and under its bound of waiting
 * requests, so a direct request and a frame never overtake each other. Thread-safe.
 */
final class DirectOps implements DirectRequests {

    private final ProtocolConnection connection;
    private final RequestQueue requests;
    private final ChatEngine engine;
    private final ChatProtocol protocol;

    DirectOps(ProtocolConnection connection, RequestQueue requests, ChatProtocol protocol) {
        this.connection = connection;
        this.requests = requests;
        this.protocol = protocol;
        this.engine = protocol.engine();
    }

    @Override
    public CompletionStage<User> logIn(AuthRequest request) {
        return run("login", () -> {
            connection.loggedIn(engine.auth().login(request));
            return CompletableFuture.completedFuture(engine.users().get(connection.user()));
        });
    }

    @Override
    public CompletionStage<Message> sendText(ConversationId conversation, String text, String clientMsgId) {
        return run("send", () -> engine.messages()
                .sendAsync(session(), conversation, MessageDraft.text(text).withClientMsgId(clientMsgId))
                .thenApply(sent -> sent.message()));
    }

    @Override
    public CompletionStage<Void> typing(ConversationId conversation, boolean typing) {
        return run(() -> {
            engine.presence().typing(session().userId(), conversation, typing);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletionStage<Void> checkReadable(ConversationId conversation) {
        return run(() -> {
            engine.conversations().get(session().userId(), conversation);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletionStage<Map<ConversationId, Long>> latestSeqs() {
        return run(() -> {
            Map<ConversationId, Long> seqs = new HashMap<>();
            for (ConversationView view : engine.conversations().list(session().userId())) {
                seqs.put(view.conversation().id(), view.lastSeq());
            }
            return CompletableFuture.completedFuture(seqs);
        });
    }

    @Override
    public CompletionStage<List<MessageFrame>> missed(Map<ConversationId, Long> after) {
        return run(() -> {
            List<MessageFrame> frames = new ArrayList<>();
            for (SyncBatch batch : engine.messages().sync(session().userId(), after, engine.limits().maxPageSize())) {
                if (!after.containsKey(batch.conversationId())) {
                    continue; // sync reads every conversation of the user; only these were asked for
                }
                for (Message message : batch.messages()) {
                    frames.add(new MessageFrame(message, protocol.encode(new MessageEvent(message))));
                }
            }
            return CompletableFuture.completedFuture(frames);
        });
    }

    private ChatSession session() {
        ChatSession session = connection.chatSession();
        if (session == null) {
            throw new UnauthorizedException("log in first");
        }
        return session;
    }

    /** Runs the work as {@link #run(Supplier)} does, counted in the request meters as this operation. */
    private <T> CompletionStage<T> run(String op, Supplier<CompletableFuture<T>> work) {
        long received = System.nanoTime();
        CompletionStage<T> result = run(work);
        result.whenComplete((value, failure) -> {
            String outcome = failure == null ? "ok" : RequestDispatcher.outcome(failure);
            protocol.metrics().request(op, outcome, System.nanoTime() - received);
            if ("login".equals(op)) {
                protocol.metrics().login(RequestDispatcher.loginOutcome(outcome));
            }
        });
        return result;
    }

    /** Runs the work in the connection's order; its failure, thrown or returned, fails the stage. */
    private <T> CompletionStage<T> run(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = requests.offer(() -> {
            try {
                work.get().whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(unwrap(failure));
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            result.completeExceptionally(new RateLimitedException("too many requests are waiting",
                    Duration.ofMillis(100)));
        }
        return result;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }
}

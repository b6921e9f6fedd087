package dev.parley.testkit.engine;

import dev.parley.api.NewMessage;
import dev.parley.api.StoreException;
import dev.parley.api.spi.AppendResult;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.MessageStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Wraps a real store and refuses the messages a test picks, as a database refuses a row that breaks a
 * constraint: {@link MessageStore#append} of such a message throws {@link StoreException}, and so does
 * {@link MessageStore#appendAll} of a batch that holds one, storing none of the batch, as a rolled-back
 * transaction stores none. Everything else passes straight through. Thread-safe.
 */
public final class FailingChatStore extends ForwardingChatStore {

    private final Predicate<NewMessage> refused;
    private final MessageStore messages;
    private final AtomicInteger failedBatches = new AtomicInteger();

    /** Wraps the given store, refusing every message that matches. */
    public FailingChatStore(ChatStore delegate, Predicate<NewMessage> refused) {
        super(delegate);
        this.refused = refused;
        this.messages = new ForwardingMessageStore(delegate.messages()) {
            @Override
            public AppendResult append(NewMessage message) {
                check(message);
                return super.append(message);
            }

            @Override
            public List<AppendResult> appendAll(List<NewMessage> batch) {
                if (batch.size() > 1 && batch.stream().anyMatch(refused)) {
                    failedBatches.incrementAndGet();
                }
                batch.forEach(FailingChatStore.this::check);
                return super.appendAll(batch);
            }
        };
    }

    private void check(NewMessage message) {
        if (refused.test(message)) {
            throw new StoreException("the store refused the message (a test failure)");
        }
    }

    /** How many batches of more than one message failed because they held a refused one. */
    public int failedBatches() {
        return failedBatches.get();
    }

    @Override
    public String id() {
        return "failing-" + super.id();
    }

    @Override
    public MessageStore messages() {
        return messages;
    }
}

package dev.parley.testkit.engine;

import dev.parley.api.NewMessage;
import dev.parley.api.spi.AppendResult;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.MessageStore;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a real store and holds message appends at a gate until the test opens it, so that a test can
 * see what the engine does while a commit is in progress. Everything else passes straight through.
 * Thread-safe.
 */
public final class GatedChatStore extends ForwardingChatStore {

    private final MessageStore messages;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);

    /** Wraps the given store, with the gate open. */
    public GatedChatStore(ChatStore delegate) {
        super(delegate);
        this.messages = new ForwardingMessageStore(delegate.messages()) {
            @Override
            public AppendResult append(NewMessage message) {
                pass();
                return super.append(message);
            }

            @Override
            public List<AppendResult> appendAll(List<NewMessage> batch) {
                pass();
                return super.appendAll(batch);
            }
        };
    }

    /** Shuts the gate: appends wait until {@link #open()}. */
    public void shut() {
        gate = new CountDownLatch(1);
    }

    /** Opens the gate. */
    public void open() {
        gate.countDown();
    }

    /** Waits until an append has reached the closed gate. */
    public boolean awaitAppendWaiting(long seconds) throws InterruptedException {
        return entered.await(seconds, TimeUnit.SECONDS);
    }

    private void pass() {
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String id() {
        return "gated-" + super.id();
    }

    @Override
    public void close() {
        open();
        super.close();
    }

    @Override
    public MessageStore messages() {
        return messages;
    }
}

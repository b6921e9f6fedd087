package dev.parley.testkit.engine;

import dev.parley.api.spi.ChangeLog;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.ConversationStore;
import dev.parley.api.spi.DeviceStore;
import dev.parley.api.spi.FriendStore;
import dev.parley.api.spi.InvitationStore;
import dev.parley.api.spi.MessageStore;
import dev.parley.api.spi.TokenStore;
import dev.parley.api.spi.UserStore;

/**
 * A store that passes every call to another, for test stores that change only the messages (see
 * {@link GatedChatStore} and {@link FailingChatStore}): a subclass gives its own {@link #messages()},
 * usually a {@link ForwardingMessageStore}. Thread-safe if the store it wraps is.
 */
public abstract class ForwardingChatStore implements ChatStore {

    private final ChatStore delegate;

    /** Forwards to the given store. */
    protected ForwardingChatStore(ChatStore delegate) {
        this.delegate = delegate;
    }

    /** The store this one wraps. */
    protected ChatStore delegate() {
        return delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public InvitationStore invitations() {
        return delegate.invitations();
    }

    @Override
    public UserStore users() {
        return delegate.users();
    }

    @Override
    public TokenStore tokens() {
        return delegate.tokens();
    }

    @Override
    public FriendStore friends() {
        return delegate.friends();
    }

    @Override
    public ConversationStore conversations() {
        return delegate.conversations();
    }

    @Override
    public MessageStore messages() {
        return delegate.messages();
    }

    @Override
    public ChangeLog changes() {
        return delegate.changes();
    }

    @Override
    public DeviceStore devices() {
        return delegate.devices();
    }
}

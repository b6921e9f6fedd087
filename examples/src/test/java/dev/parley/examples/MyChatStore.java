package dev.parley.examples;

import dev.parley.api.spi.ChangeLog;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.ConversationStore;
import dev.parley.api.spi.DeviceStore;
import dev.parley.api.spi.FriendStore;
import dev.parley.api.spi.InvitationStore;
import dev.parley.api.spi.MessageStore;
import dev.parley.api.spi.TokenStore;
import dev.parley.api.spi.UserStore;
import dev.parley.store.memory.MemoryChatStore;

/** "Your" store of README.md's kit snippet: the in-memory store under another name. */
final class MyChatStore implements ChatStore {

    private final MemoryChatStore inner = new MemoryChatStore();

    @Override
    public String id() {
        return "my-store";
    }

    @Override
    public void start() {
        inner.start();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public UserStore users() {
        return inner.users();
    }

    @Override
    public TokenStore tokens() {
        return inner.tokens();
    }

    @Override
    public FriendStore friends() {
        return inner.friends();
    }

    @Override
    public ConversationStore conversations() {
        return inner.conversations();
    }

    @Override
    public InvitationStore invitations() {
        return inner.invitations();
    }

    @Override
    public MessageStore messages() {
        return inner.messages();
    }

    @Override
    public ChangeLog changes() {
        return inner.changes();
    }

    @Override
    public DeviceStore devices() {
        return inner.devices();
    }
}

package dev.parley.store.memory;

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
 * A complete {@link ChatStore} held in the heap: for tests, demos, and applications that do not need
 * their chat history to outlive the process. Everything is lost when the process ends.
 *
 * <p>Thread-safe. Each concern keeps its own lock, so that, for example, logins do not wait for
 * message appends.
 */
public final class MemoryChatStore implements ChatStore {

    private final MemoryUserStore users = new MemoryUserStore();
    private final MemoryTokenStore tokens = new MemoryTokenStore();
    private final MemoryFriendStore friends = new MemoryFriendStore();
    private final MemoryChangeLog changes = new MemoryChangeLog();
    private final MemoryConversationStore conversations = new MemoryConversationStore(changes);
    private final MemoryInvitationStore invitations = new MemoryInvitationStore();
    private final MemoryMessageStore messages = new MemoryMessageStore(changes);
    private final MemoryDeviceStore devices = new MemoryDeviceStore();

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public FriendStore friends() {
        return friends;
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public InvitationStore invitations() {
        return invitations;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public ChangeLog changes() {
        return changes;
    }

    @Override
    public DeviceStore devices() {
        return devices;
    }
}

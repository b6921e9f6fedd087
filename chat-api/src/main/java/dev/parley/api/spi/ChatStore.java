package dev.parley.api.spi;

/**
 * Parley's storage, split by concern. One implementation provides all of them, so that they can
 * share a connection pool and transactions.
 *
 * <p>Implementations are thread-safe: the engine calls them from many threads at once. Every
 * implementation should pass the contract kit in {@code chat-testkit}
 * ({@code ChatStoreCompatibilityKit}). Methods throw {@link dev.parley.api.StoreException} when the
 * storage itself fails, and the documented {@link dev.parley.api.ChatException} subclasses for
 * expected outcomes such as a taken username.
 */
public interface ChatStore extends ChatExtension {

    /** Users, their credentials and roles. */
    UserStore users();

    /** Login session tokens. */
    TokenStore tokens();

    /** Friendships and blocks. */
    FriendStore friends();

    /** Conversations and their members. */
    ConversationStore conversations();

    /** Pending group invitations. */
    InvitationStore invitations();

    /** Messages, reactions and cursors. */
    MessageStore messages();

    /** The change log of every conversation, written by the other stores. */
    ChangeLog changes();

    /** Devices and their push tokens. */
    DeviceStore devices();

    /**
     * Checks that the store answers, for the server's readiness check ({@code /health/ready}): a
     * database store borrows a connection and validates it. Called from any thread, at any time after
     * {@link #start()}; it must return within a few seconds. Defaults to doing nothing, which suits a
     * store in memory.
     *
     * @throws dev.parley.api.StoreException if the store does not answer
     */
    default void ping() {
    }
}

package dev.parley.api;

/**
 * What a change in a conversation's change log did, and to which kind of thing. The protocol writes
 * {@link #code()}; codes never change meaning, and new kinds may be added.
 */
public enum ChangeKind {
    /** A message was sent. */
    SENT("sent", Entity.MESSAGE),
    /** A message's text was edited. */
    EDITED("edited", Entity.MESSAGE),
    /** A message was deleted; it stays as a tombstone. */
    DELETED("deleted", Entity.MESSAGE),
    /** A reaction was added to a message. */
    REACTED("reacted", Entity.MESSAGE),
    /** A reaction was removed from a message. */
    UNREACTED("unreacted", Entity.MESSAGE),
    /** A member's delivered cursor moved. */
    DELIVERED("delivered", Entity.CURSOR),
    /** A member's read cursor moved (and the delivered one with it). */
    READ("read", Entity.CURSOR),
    /** A user became a member. */
    JOINED("joined", Entity.MEMBER),
    /** A member left. */
    LEFT("left", Entity.MEMBER),
    /** A member was removed by someone else. */
    KICKED("kicked", Entity.MEMBER),
    /** A member's role changed. */
    ROLE_CHANGED("role_changed", Entity.MEMBER),
    /** A member was muted. */
    MUTED("muted", Entity.MEMBER),
    /** A member was unmuted. */
    UNMUTED("unmuted", Entity.MEMBER),
    /** The group was renamed. */
    RENAMED("renamed", Entity.CONVERSATION);

    /**
     * The kind of thing a change is about. A change log keeps the latest change per entity: per
     * message (keyed by message id), per cursor and per membership (keyed by user id), and one for
     * the conversation itself.
     */
    public enum Entity {
        /** A message, keyed by its id. */
        MESSAGE,
        /** A member's cursor, keyed by the member's user id. */
        CURSOR,
        /** A membership, keyed by the user id. */
        MEMBER,
        /** The conversation's own fields (its name), keyed by the conversation id. */
        CONVERSATION
    }

    private final String code;
    private final Entity entity;

    ChangeKind(String code, Entity entity) {
        this.code = code;
        this.entity = entity;
    }

    /** The kind as the protocol writes it, for example {@code edited}. */
    public String code() {
        return code;
    }

    /** What the change is about. */
    public Entity entity() {
        return entity;
    }

    /** Whether this change ends a membership. */
    public boolean removesMember() {
        return this == LEFT || this == KICKED;
    }
}

package dev.parley.api.spi;

import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.Member;
import dev.parley.api.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores conversations and their members. The engine checks permissions; the store keeps the data
 * consistent under concurrency, for example never creating two direct conversations for one pair.
 */
public interface ConversationStore {

    /**
     * Creates a group with the given owner as its only member, holding {@link dev.parley.api.MemberRole#OWNER}.
     */
    Conversation createGroup(String name, UserId owner, Instant now);

    /**
     * Returns the direct conversation between two users, creating it with both as members if there is
     * none. Concurrent calls for the same pair, in either order, return the same conversation.
     *
     * @param creator the user who sends first, recorded as its creator
     * @param other   the other user
     */
    Conversation getOrCreateDirect(UserId creator, UserId other, Instant now);

    /** Finds the direct conversation between two users, in either order. */
    Optional<Conversation> findDirect(UserId a, UserId b);

    /**
     * Returns a user's notices conversation, creating it with the user as its only member if there is
     * none. Concurrent calls return the same conversation.
     */
    Conversation getOrCreateNotices(UserId user, Instant now);

    /** Finds a conversation by id. */
    Optional<Conversation> find(ConversationId id);

    /**
     * Renames a group, logging {@link dev.parley.api.ChangeKind#RENAMED}.
     *
     * @throws dev.parley.api.NotFoundException if there is no such conversation
     */
    Conversation rename(ConversationId id, String name);

    /** Lists the conversations the user is a member of, in id order. */
    List<Conversation> listFor(UserId user);

    /**
     * Adds a member, logging {@link dev.parley.api.ChangeKind#JOINED}; returns false, changing
     * nothing, if the user already is one. Creating a conversation logs its first members' joins the
     * same way.
     */
    boolean addMember(Member member);

    /**
     * Replaces a member's role and muted flag; the join time is kept. Logs
     * {@link dev.parley.api.ChangeKind#ROLE_CHANGED} if the role changed and
     * {@link dev.parley.api.ChangeKind#MUTED} or {@link dev.parley.api.ChangeKind#UNMUTED} if the flag
     * did, nothing if neither did.
     *
     * @throws dev.parley.api.NotFoundException if the user is not a member
     */
    void updateMember(Member member);

    /** Removes a member who left; the same as {@code removeMember(conversation, user, ChangeKind.LEFT)}. */
    default boolean removeMember(ConversationId conversation, UserId user) {
        return removeMember(conversation, user, dev.parley.api.ChangeKind.LEFT);
    }

    /**
     * Removes a member, logging {@code how}; returns whether the user was one (nothing is logged if
     * not).
     *
     * @param how {@link dev.parley.api.ChangeKind#LEFT} or {@link dev.parley.api.ChangeKind#KICKED}
     */
    boolean removeMember(ConversationId conversation, UserId user, dev.parley.api.ChangeKind how);

    /** Finds one membership. */
    Optional<Member> findMember(ConversationId conversation, UserId user);

    /** Lists a conversation's members, in the order they joined. */
    List<Member> members(ConversationId conversation);

    /** Counts a conversation's members. */
    int countMembers(ConversationId conversation);
}

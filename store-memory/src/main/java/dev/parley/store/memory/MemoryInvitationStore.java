package dev.parley.store.memory;

import dev.parley.api.ConversationId;
import dev.parley.api.Invitation;
import dev.parley.api.UserId;
import dev.parley.api.spi.InvitationStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pending invitations keyed by group and invitee, under one lock. Thread-safe. */
final class MemoryInvitationStore implements InvitationStore {

    private record Key(ConversationId conversation, UserId invitee) {
    }

    private static final Comparator<Invitation> BY_GROUP = Comparator.comparingLong(i -> i.conversationId().value());
    private static final Comparator<Invitation> OLDEST_FIRST = Comparator.comparing(Invitation::createdAt)
            .thenComparingLong(i -> i.invitee().value());

    private final Map<Key, Invitation> invitations = new LinkedHashMap<>();

    @Override
    public synchronized boolean save(Invitation invitation) {
        return invitations.putIfAbsent(new Key(invitation.conversationId(), invitation.invitee()), invitation) == null;
    }

    @Override
    public synchronized Optional<Invitation> find(ConversationId conversation, UserId invitee) {
        return Optional.ofNullable(invitations.get(new Key(conversation, invitee)));
    }

    @Override
    public synchronized boolean delete(ConversationId conversation, UserId invitee) {
        return invitations.remove(new Key(conversation, invitee)) != null;
    }

    @Override
    public synchronized List<Invitation> listFor(UserId invitee) {
        List<Invitation> result = new ArrayList<>();
        invitations.values().stream().filter(i -> i.invitee().equals(invitee)).forEach(result::add);
        result.sort(BY_GROUP);
        return result;
    }

    @Override
    public synchronized List<Invitation> listFor(ConversationId conversation) {
        List<Invitation> result = new ArrayList<>();
        invitations.values().stream().filter(i -> i.conversationId().equals(conversation)).forEach(result::add);
        result.sort(OLDEST_FIRST);
        return result;
    }

    @Override
    public synchronized int count(ConversationId conversation) {
        return (int) invitations.keySet().stream().filter(k -> k.conversation().equals(conversation)).count();
    }
}

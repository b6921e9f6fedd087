package dev.parley.core;

import dev.parley.api.Block;
import dev.parley.api.ConflictException;
import dev.parley.api.ForbiddenException;
import dev.parley.api.FriendView;
import dev.parley.api.Friendship;
import dev.parley.api.FriendshipState;
import dev.parley.api.NotFoundException;
import dev.parley.api.Presence;
import dev.parley.api.Relationship;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.event.FriendEvent;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.EventDispatcher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Friend requests, friendships and blocks.
 *
 * <p>A request to someone who already asked you accepts theirs. A declined request may be repeated.
 * A block ends any friendship or request between the two, and while it stands neither can ask the
 * other, message the other directly, or see the other's presence. Both users' live sessions hear
 * about requests, answers and removals; a blocked user is not told, not even by a refusal: their
 * request to the blocker is taken as if the blocker had declined it at once. Thread-safe.
 */
public final class FriendService {

    private final ChatStore store;
    private final AccessPolicy policy;
    private final EventDispatcher events;
    private final PresenceService presence;
    private final Clock clock;

    FriendService(ChatStore store, AccessPolicy policy, EventDispatcher events, PresenceService presence, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.events = events;
        this.presence = presence;
        this.clock = clock;
    }

    /**
     * Asks another user to be friends.
     *
     * @return the friendship as it now stands: pending, or accepted if the other had already asked
     * @throws ConflictException  if they are already friends
     * @throws ForbiddenException if the requester blocks the other (someone blocked by the other is
     *                            answered as if the request were sent; see {@link #list})
     * @throws NotFoundException  if there is no such enabled user
     */
    public Friendship request(UserId from, UserId to) {
        policy.actor(from);
        policy.target(to);
        if (from.equals(to)) {
            throw new dev.parley.api.BadRequestException("you cannot befriend yourself");
        }
        if (store.friends().isBlocked(from, to)) {
            throw new ForbiddenException("you cannot send a friend request to this user");
        }
        Instant now = clock.instant();
        if (store.friends().isBlocked(to, from)) {
            return requestToBlocker(from, to, now);
        }
        Optional<Friendship> existing = store.friends().find(from, to);
        if (existing.isPresent()) {
            Friendship friendship = existing.get();
            if (friendship.state() == FriendshipState.ACCEPTED) {
                throw new ConflictException("you are already friends");
            }
            if (friendship.state() == FriendshipState.PENDING) {
                if (friendship.requester().equals(from)) {
                    return friendship; // asking twice changes nothing
                }
                return accept(from, to); // they asked first: both want it
            }
        }
        Friendship pending = new Friendship(from, to, FriendshipState.PENDING, now, now);
        store.friends().save(pending);
        events.publish(List.of(from, to), new FriendEvent(from, to, FriendEvent.Action.REQUESTED));
        return pending;
    }

    /**
     * A request to someone who blocks the requester: answered, stored and announced to the requester
     * exactly as a new request would be, so that the block stays hidden, but kept as declined, which
     * the blocker never sees (a declined request shows only as sent, to its requester).
     */
    private Friendship requestToBlocker(UserId from, UserId to, Instant now) {
        Optional<Friendship> earlier = store.friends().find(from, to)
                .filter(f -> f.requester().equals(from) && f.state() == FriendshipState.DECLINED);
        if (earlier.isPresent()) {
            // Asked before: to the requester that request is still pending, and asking twice changes nothing.
            Friendship kept = earlier.get();
            return new Friendship(from, to, FriendshipState.PENDING, kept.createdAt(), kept.updatedAt());
        }
        Friendship sent = new Friendship(from, to, FriendshipState.PENDING, now, now);
        store.friends().save(sent.withState(FriendshipState.DECLINED, now));
        events.publish(List.of(from), new FriendEvent(from, to, FriendEvent.Action.REQUESTED));
        return sent;
    }

    /**
     * Accepts the request that {@code requester} sent to {@code user}.
     *
     * @throws NotFoundException if there is no such pending request
     */
    public Friendship accept(UserId user, UserId requester) {
        policy.actor(user);
        Friendship pending = pendingRequest(requester, user);
        Friendship accepted = pending.withState(FriendshipState.ACCEPTED, clock.instant());
        store.friends().save(accepted);
        events.publish(List.of(user, requester), new FriendEvent(user, requester, FriendEvent.Action.ACCEPTED));
        return accepted;
    }

    /**
     * Makes two users friends at once, for admin tools: a request from {@code user}, accepted by
     * {@code friend} unless they had already asked. Both see the events a request and an acceptance
     * send.
     *
     * @return the accepted friendship
     * @throws ConflictException  if they are already friends
     * @throws ForbiddenException if either blocks the other
     * @throws NotFoundException  if either is no enabled user
     */
    public Friendship befriend(UserId user, UserId friend) {
        Friendship friendship = request(user, friend);
        if (friendship.state() != FriendshipState.ACCEPTED) {
            friendship = accept(friend, user);
        }
        return friendship;
    }

    /**
     * Declines the request that {@code requester} sent to {@code user}. The requester is not told in
     * so many words: their side still shows the request as sent.
     *
     * @throws NotFoundException if there is no such pending request
     */
    public Friendship decline(UserId user, UserId requester) {
        policy.actor(user);
        Friendship declined = pendingRequest(requester, user).withState(FriendshipState.DECLINED, clock.instant());
        store.friends().save(declined);
        events.publish(List.of(user), new FriendEvent(user, requester, FriendEvent.Action.DECLINED));
        return declined;
    }

    /**
     * Ends a friendship, or withdraws a request, between the two.
     *
     * @throws NotFoundException if there is none
     */
    public void remove(UserId user, UserId other) {
        policy.actor(user);
        if (!store.friends().delete(user, other)) {
            throw new NotFoundException("no such friend");
        }
        events.publish(List.of(user, other), new FriendEvent(user, other, FriendEvent.Action.REMOVED));
    }

    /** Blocks another user, ending any friendship or request between them. Blocking twice is harmless. */
    public void block(UserId user, UserId other) {
        policy.actor(user);
        if (user.equals(other)) {
            throw new dev.parley.api.BadRequestException("you cannot block yourself");
        }
        store.users().findById(other).orElseThrow(() -> new NotFoundException("no such user"));
        store.friends().delete(user, other);
        store.friends().block(new Block(user, other, clock.instant()));
    }

    /**
     * Lifts a block.
     *
     * @throws NotFoundException if the user did not block the other
     */
    public void unblock(UserId user, UserId other) {
        policy.actor(user);
        if (!store.friends().unblock(user, other)) {
            throw new NotFoundException("you have not blocked this user");
        }
    }

    /**
     * Lists a user's friends, open requests in both directions, and blocks, with friends' presence.
     * Declined requests show as sent to their requester and not at all to the one who declined.
     */
    public List<FriendView> list(UserId user) {
        List<FriendView> views = new ArrayList<>();
        for (Friendship friendship : store.friends().list(user)) {
            UserId other = friendship.other(user);
            Relationship relationship;
            if (friendship.state() == FriendshipState.ACCEPTED) {
                relationship = Relationship.FRIEND;
            } else if (friendship.requester().equals(user)) {
                relationship = Relationship.REQUEST_SENT;
            } else if (friendship.state() == FriendshipState.PENDING) {
                relationship = Relationship.REQUEST_RECEIVED;
            } else {
                continue;
            }
            Optional<User> found = store.users().findById(other);
            if (found.isPresent()) {
                Presence shown = relationship == Relationship.FRIEND ? presence.presenceOf(other) : Presence.UNKNOWN;
                views.add(new FriendView(found.get(), relationship, shown));
            }
        }
        for (Block block : store.friends().blocksBy(user)) {
            store.users().findById(block.blocked())
                    .ifPresent(u -> views.add(new FriendView(u, Relationship.BLOCKED, Presence.UNKNOWN)));
        }
        return views;
    }

    private Friendship pendingRequest(UserId requester, UserId addressee) {
        return store.friends().find(requester, addressee)
                .filter(f -> f.state() == FriendshipState.PENDING && f.requester().equals(requester))
                .orElseThrow(() -> new NotFoundException("no pending request from this user"));
    }
}

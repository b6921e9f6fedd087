package dev.parley.core;

import dev.parley.api.Attachment;
import dev.parley.api.BadRequestException;
import dev.parley.api.ChatException;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.ForbiddenException;
import dev.parley.api.Member;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.NewMessage;
import dev.parley.api.NotFoundException;
import dev.parley.api.Reaction;
import dev.parley.api.StoreException;
import dev.parley.api.UserId;
import dev.parley.api.event.MessageUpdatedEvent;
import dev.parley.api.spi.BlobInfo;
import dev.parley.api.spi.BlobStore;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.InterceptContext;
import dev.parley.api.spi.MessageInterceptor;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.EventDispatcher;
import dev.parley.core.internal.InputRules;
import dev.parley.core.internal.MessageWriter;
import dev.parley.core.internal.RecentSends;
import dev.parley.core.internal.Throttle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sending, reading and changing messages.
 *
 * <p>A send is checked (input rules, membership, mutes, blocks, the direct-message policy), passed
 * through the host's {@link MessageInterceptor}s, and queued for the engine's writer, which stores it
 * with the next seq of its conversation. The returned {@link SendResult} (the ack) completes only after
 * the store has committed the message. Resending with the same clientMsgId returns the original
 * message instead of storing it twice. Each user may send at the rate {@link RateLimits} allows;
 * beyond it, sends fail with {@code rate_limited} and the time to wait.
 *
 * <p>Thread-safe. The checks read the store, so call from a worker thread, never a transport's I/O
 * thread; the async variants return as soon as the message is queued.
 */
public final class MessageService {

    private final ChatStore store;
    private final AccessPolicy policy;
    private final InputRules rules;
    private final EventDispatcher events;
    private final MessageWriter writer;
    private final List<MessageInterceptor> interceptors;
    private final BlobStore blobs;
    private final Clock clock;
    private final Throttle sends;
    private final AttachmentTypes attachmentTypes;
    private final dev.parley.core.internal.EngineMetrics metrics;
    private final RecentSends recentSends = new RecentSends(RecentSends.DEFAULT_MAXIMUM_SIZE);

    MessageService(ChatStore store, AccessPolicy policy, InputRules rules, EventDispatcher events, MessageWriter writer,
                   List<MessageInterceptor> interceptors, BlobStore blobs, Clock clock, RateLimits rateLimits,
                   AttachmentTypes attachmentTypes, dev.parley.core.internal.EngineMetrics metrics) {
        this.metrics = metrics;
        this.attachmentTypes = attachmentTypes;
        this.store = store;
        this.policy = policy;
        this.rules = rules;
        this.events = events;
        this.writer = writer;
        this.interceptors = List.copyOf(interceptors);
        this.blobs = blobs;
        this.clock = clock;
        this.sends = new Throttle("messages", rateLimits.sendBurst(), rateLimits.sendsPerSecond(), java.time.Duration.ofSeconds(1));
    }

    /**
     * Sends a message to a conversation the sender is a member of, and waits for the ack.
     *
     * @throws NotFoundException  if the sender is not a member
     * @throws ForbiddenException if the sender may not send there (muted, blocked, notices)
     * @throws dev.parley.api.MessageRejectedException if an interceptor refused it
     */
    public SendResult send(UserId sender, ConversationId conversation, MessageDraft draft) {
        return await(sendAsync(sender, conversation, draft));
    }

    /**
     * Sends a direct message, creating the direct conversation on the first message between the two,
     * and waits for the ack.
     *
     * @throws ForbiddenException if either blocks the other, or the policy requires friendship
     */
    public SendResult sendDirect(UserId sender, UserId recipient, MessageDraft draft) {
        return await(sendDirectAsync(sender, recipient, draft));
    }

    /**
     * Checks and queues a message; the future completes with the ack once it is committed. Checks
     * that fail throw at once, before anything is queued. Every live session of the sender gets the
     * message event, as the other members' do.
     */
    public CompletableFuture<SendResult> sendAsync(UserId sender, ConversationId conversationId, MessageDraft draft) {
        return sendAsync(sender, conversationId, draft, null);
    }

    /**
     * Sends from a live session, as a client does: the same as {@link #sendAsync(UserId,
     * ConversationId, MessageDraft)} as the session's user, except that this session gets only the
     * ack, not the message event too; the user's other sessions get the event.
     */
    public CompletableFuture<SendResult> sendAsync(ChatSession from, ConversationId conversationId, MessageDraft draft) {
        return sendAsync(from.userId(), conversationId, draft, from);
    }

    private CompletableFuture<SendResult> sendAsync(UserId sender, ConversationId conversationId, MessageDraft draft,
                                                    ChatSession origin) {
        rules.draft(draft);
        sends.acquire(sender);
        policy.actor(sender);
        Conversation conversation = policy.visibleConversation(sender, conversationId);
        Member member = policy.member(sender, conversationId);
        policy.checkCanSend(conversation, member);
        return submit(sender, conversation, draft, origin);
    }

    /** The asynchronous form of {@link #sendDirect}; every live session of the sender gets the event. */
    public CompletableFuture<SendResult> sendDirectAsync(UserId sender, UserId recipient, MessageDraft draft) {
        return sendDirectAsync(sender, recipient, draft, null);
    }

    /**
     * Sends a direct message from a live session: this session gets only the ack, as with
     * {@link #sendAsync(ChatSession, ConversationId, MessageDraft)}.
     */
    public CompletableFuture<SendResult> sendDirectAsync(ChatSession from, UserId recipient, MessageDraft draft) {
        return sendDirectAsync(from.userId(), recipient, draft, from);
    }

    private CompletableFuture<SendResult> sendDirectAsync(UserId sender, UserId recipient, MessageDraft draft,
                                                          ChatSession origin) {
        rules.draft(draft);
        sends.acquire(sender);
        policy.actor(sender);
        policy.target(recipient);
        policy.checkCanMessageDirectly(sender, recipient);
        Optional<SendResult> retry = earlierSend(sender, draft);
        if (retry.isPresent()) {
            return CompletableFuture.completedFuture(retry.get());
        }
        Conversation conversation = store.conversations().getOrCreateDirect(sender, recipient, clock.instant());
        return queue(sender, conversation, draft, origin);
    }

    /** Sends a system message to a conversation, unchecked; for notices. */
    CompletableFuture<SendResult> sendSystem(Conversation conversation, String text, String clientMsgId) {
        MessageDraft draft = new MessageDraft(MessageKind.SYSTEM, text, null, null, clientMsgId);
        rules.content(draft);
        return submit(dev.parley.api.UserId.SYSTEM, conversation, draft, null);
    }

    /** Answers a retry with the earlier ack, or queues the message. */
    private CompletableFuture<SendResult> submit(UserId sender, Conversation conversation, MessageDraft draft,
                                                 ChatSession origin) {
        Optional<SendResult> retry = earlierSend(sender, draft);
        if (retry.isPresent()) {
            return CompletableFuture.completedFuture(retry.get());
        }
        return queue(sender, conversation, draft, origin);
    }

    /**
     * Intercepts and queues a message whose {@code clientMsgId} has been checked for an earlier send.
     *
     * @param origin the session that sent it, which gets the ack instead of the event; null if none
     */
    private CompletableFuture<SendResult> queue(UserId sender, Conversation conversation, MessageDraft draft,
                                                ChatSession origin) {
        MessageDraft checked = intercept(sender, conversation, draft);
        Attachment attachment = attachment(sender, checked.kind(), checked.attachment());
        if (checked.replyTo() != null) {
            Message replied = store.messages().find(checked.replyTo()).orElse(null);
            if (replied == null || !replied.conversationId().equals(conversation.id())) {
                throw new BadRequestException("replyTo must name a message in the same conversation");
            }
        }
        NewMessage message = new NewMessage(conversation.id(), sender, checked.clientMsgId(), checked.kind(),
                checked.text(), attachment, checked.replyTo(), clock.instant());
        return writer.submit(message, origin)
                .thenApply(result -> {
                    recentSends.stored(sender, checked.clientMsgId());
                    return new SendResult(result.message(), result.duplicate());
                });
    }

    /**
     * The original of a retry, if this engine stored the clientMsgId lately. Any other retry is found
     * by the writer's append, which deduplicates in the transaction, so no send reads the store here
     * unless it may be a retry.
     */
    private Optional<SendResult> earlierSend(UserId sender, MessageDraft draft) {
        if (!recentSends.contains(sender, draft.clientMsgId())) {
            return Optional.empty();
        }
        Optional<SendResult> original = store.messages().findByClientMsgId(sender, draft.clientMsgId())
                .map(found -> new SendResult(found, true));
        original.ifPresent(found -> metrics.duplicate());
        return original;
    }

    private MessageDraft intercept(UserId sender, Conversation conversation, MessageDraft draft) {
        MessageDraft current = draft;
        InterceptContext context = new InterceptContext(sender, conversation);
        for (MessageInterceptor interceptor : interceptors) {
            MessageDraft rewritten = interceptor.intercept(current, context);
            if (rewritten == null) {
                throw new IllegalStateException("interceptor " + interceptor.id() + " returned null");
            }
            if (rewritten != current) {
                if (rewritten.kind() == MessageKind.SYSTEM && !sender.isSystem()) {
                    throw new IllegalStateException("interceptor " + interceptor.id() + " made a system message");
                }
                rules.content(rewritten);
                // The clientMsgId is the sender's, whatever an interceptor does.
                current = new MessageDraft(rewritten.kind(), rewritten.text(), rewritten.attachment(),
                        rewritten.replyTo(), draft.clientMsgId());
            }
        }
        return current;
    }

    /**
     * With a blob store, an attachment must exist there and have been uploaded by the sender, and its
     * type and size are the stored ones. Anything else is {@code not_found}, like an unknown id.
     */
    private Attachment attachment(UserId sender, MessageKind kind, Attachment claimed) {
        if (claimed == null || blobs == null) {
            return claimed;
        }
        if (!claimed.id().value().startsWith(AttachmentService.uploaderPrefix(sender))) {
            throw new NotFoundException("no such attachment");
        }
        BlobInfo info = blobs.info(claimed.id()).orElseThrow(() -> new NotFoundException("no such attachment"));
        attachmentTypes.require(kind, info.mimeType());
        return new Attachment(claimed.id(), info.mimeType(), info.size(), claimed.name(), claimed.width(),
                claimed.height(), claimed.durationMs());
    }

    /**
     * The latest messages across conversations, oldest first, for admin tools (an admin's
     * {@code tail} without {@code -f}): the latest page of each conversation, merged, and the last
     * {@code limit} of them kept. It reads every conversation named, so it is not for a hot path.
     * It checks no membership: the caller has checked that its user may read everything.
     */
    public List<Message> recent(List<ConversationId> conversations, int limit) {
        List<Message> latest = new ArrayList<>();
        for (ConversationId id : conversations) {
            latest.addAll(store.messages().before(id, Long.MAX_VALUE, limit));
        }
        latest.sort(java.util.Comparator.comparing((Message m) -> m.id().value()));
        return latest.size() <= limit ? latest : List.copyOf(latest.subList(latest.size() - limit, latest.size()));
    }

    /**
     * A page of history: the messages just before {@code beforeSeq}, lowest seq first. Pass
     * {@code Long.MAX_VALUE} for the latest page.
     */
    public List<Message> history(UserId user, ConversationId conversation, long beforeSeq, int limit) {
        policy.member(user, conversation);
        return store.messages().before(conversation, beforeSeq, rules.pageSize(limit));
    }

    /**
     * A page of history with whether older messages exist, and the conversation's last change number
     * read before the page: a client that reloads a conversation from history and then syncs by change
     * number from it misses nothing.
     */
    public HistoryPage historyPage(UserId user, ConversationId conversation, long beforeSeq, int limit) {
        policy.member(user, conversation);
        int pageSize = rules.pageSize(limit);
        long lastChange = store.changes().lastChange(conversation);
        List<Message> page = store.messages().before(conversation, beforeSeq, pageSize + 1);
        boolean more = page.size() > pageSize;
        return new HistoryPage(more ? page.subList(1, page.size()) : page, more, lastChange);
    }

    /**
     * What the user missed: for each of the user's conversations, the messages after the seq the
     * client last saw there (0 for a conversation the client has not seen). Conversations with nothing
     * new are left out; ids the user is not a member of are ignored.
     *
     * @param limit the most messages per conversation; {@link SyncBatch#hasMore()} says if there are more
     */
    public List<SyncBatch> sync(UserId user, Map<ConversationId, Long> lastSeen, int limit) {
        int pageSize = rules.pageSize(limit);
        List<SyncBatch> batches = new ArrayList<>();
        for (Conversation conversation : store.conversations().listFor(user)) {
            long after = Math.max(0, lastSeen.getOrDefault(conversation.id(), 0L));
            List<Message> page = store.messages().after(conversation.id(), after, pageSize + 1);
            if (!page.isEmpty()) {
                boolean more = page.size() > pageSize;
                batches.add(new SyncBatch(conversation.id(), more ? page.subList(0, pageSize) : page, more));
            }
        }
        return batches;
    }

    /** A single message the user may see. */
    public Message get(UserId user, MessageId message) {
        return policy.visibleMessage(user, message);
    }

    /** Edits the text of one of the user's own messages; interceptors see the new text too. */
    public Message edit(UserId user, MessageId messageId, String text) {
        Message message = policy.visibleMessage(user, messageId);
        policy.checkCanEdit(user, message);
        Conversation conversation = policy.visibleConversation(user, message.conversationId());
        policy.checkCanSend(conversation, policy.member(user, conversation.id()));
        MessageDraft draft = new MessageDraft(message.kind(), rules.text(text), message.attachment(),
                message.replyTo(), null);
        MessageDraft checked = intercept(user, conversation, draft);
        Message edited = store.messages().edit(messageId, checked.text(), clock.instant());
        announce(edited, MessageUpdatedEvent.Change.EDITED);
        return edited;
    }

    /**
     * Deletes a message, leaving a tombstone in its place. Its sender may delete it, and so may a
     * group's owner and admins. Deleting twice is harmless.
     */
    public Message delete(UserId user, MessageId messageId) {
        Message message = policy.visibleMessage(user, messageId);
        Conversation conversation = policy.visibleConversation(user, message.conversationId());
        policy.checkCanDelete(conversation, policy.member(user, conversation.id()), message);
        if (message.deleted()) {
            return message;
        }
        Message tombstone = store.messages().delete(messageId, clock.instant());
        announce(tombstone, MessageUpdatedEvent.Change.DELETED);
        return tombstone;
    }

    /**
     * Adds the user's reaction to a message. Reacting twice with the same emoji is harmless.
     *
     * @return the message with its reactions
     */
    public Message react(UserId user, MessageId messageId, String emoji) {
        Message message = reactable(user, messageId);
        boolean added = store.messages().addReaction(messageId,
                new Reaction(user, rules.reaction(emoji), clock.instant()));
        return added ? announceCurrent(messageId) : message;
    }

    /** Removes the user's reaction from a message. */
    public Message unreact(UserId user, MessageId messageId, String emoji) {
        Message message = reactable(user, messageId);
        boolean removed = store.messages().removeReaction(messageId, user, rules.reaction(emoji));
        return removed ? announceCurrent(messageId) : message;
    }

    private Message reactable(UserId user, MessageId messageId) {
        Message message = policy.visibleMessage(user, messageId);
        Member member = policy.member(user, message.conversationId());
        Conversation conversation = policy.visibleConversation(user, message.conversationId());
        // The same rules as sending: muted members, notices and blocked direct conversations take none.
        policy.checkCanSend(conversation, member);
        if (message.deleted()) {
            throw new ForbiddenException("a deleted message takes no reactions");
        }
        return message;
    }

    private Message announceCurrent(MessageId messageId) {
        Message current = store.messages().find(messageId).orElseThrow(() -> new NotFoundException("no such message"));
        announce(current, MessageUpdatedEvent.Change.REACTIONS);
        return current;
    }

    private void announce(Message message, MessageUpdatedEvent.Change change) {
        List<UserId> members = new ArrayList<>();
        store.conversations().members(message.conversationId()).forEach(m -> members.add(m.userId()));
        events.publish(members, new MessageUpdatedEvent(message, change));
    }

    /** Waits for an ack, rethrowing the cause of a failure as it was thrown. */
    static SendResult await(CompletableFuture<SendResult> ack) {
        try {
            return ack.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ChatException chat) {
                throw chat;
            }
            throw new StoreException("the message could not be stored", e.getCause());
        }
    }
}

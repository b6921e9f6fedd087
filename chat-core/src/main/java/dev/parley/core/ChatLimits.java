package dev.parley.core;

import java.time.Duration;
import java.util.Set;

/**
 * The limits the engine enforces on input and on its own queues. Immutable; start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param maxTextLength        the longest message text, in UTF-16 chars
 * @param maxGroupSize         the most members a group may have
 * @param maxNameLength        the longest display name or group name
 * @param maxClientMsgIdLength the longest clientMsgId
 * @param maxReactionLength    the longest reaction string
 * @param maxPageSize          the most messages one history page, or one conversation in a sync, returns,
 *                             and the most ids one {@code users.get} takes
 * @param maxPasswordLength    the longest password accepted; longer ones are refused before hashing
 * @param minPasswordLength    the shortest password accepted at registration
 * @param writerQueueCapacity  how many accepted messages may wait for the store before senders wait
 * @param writerBatchSize      the most messages one store commit takes
 * @param tokenTtl             how long a login token stays valid
 * @param maxFrameBytes        the largest protocol request, in bytes of UTF-8
 * @param maxAttachmentBytes   the largest attachment upload, in bytes
 * @param maxPendingRequests   how many requests of one connection may wait for their answers; one more
 *                             is refused with {@code rate_limited}
 * @param reservedUsernames    names nobody may take by registering themselves; their case and look-alike
 *                             variants are refused too (see {@link #withReservedUsernames}). An admin or
 *                             the host application may still create users with these names.
 */
public record ChatLimits(int maxTextLength, int maxGroupSize, int maxNameLength, int maxClientMsgIdLength,
                         int maxReactionLength, int maxPageSize, int maxPasswordLength, int minPasswordLength,
                         int writerQueueCapacity, int writerBatchSize, Duration tokenTtl, int maxFrameBytes,
                         long maxAttachmentBytes, int maxPendingRequests, Set<String> reservedUsernames) {

    /**
     * The names reserved by default: {@code admin}, the name {@code parley server} gives its admin;
     * {@code administrator} and {@code root}, which read as the same; and {@code system}, the sender
     * of system messages as {@code parley tail} shows it.
     */
    public static final Set<String> DEFAULT_RESERVED_USERNAMES = Set.of("admin", "administrator", "root", "system");

    /** Checks that every limit is positive. */
    public ChatLimits {
        if (maxTextLength < 1 || maxGroupSize < 2 || maxNameLength < 1 || maxClientMsgIdLength < 1
                || maxReactionLength < 1 || maxPageSize < 1 || minPasswordLength < 1
                || maxPasswordLength < minPasswordLength || writerQueueCapacity < 1 || writerBatchSize < 1
                || tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero() || maxFrameBytes < 1024
                || maxAttachmentBytes < 1 || maxPendingRequests < 1) {
            throw new IllegalArgumentException("every limit must be positive, and a group must hold at least 2");
        }
        if (reservedUsernames == null || reservedUsernames.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("the reserved usernames are a set of names, possibly empty");
        }
        reservedUsernames = Set.copyOf(reservedUsernames);
    }

    /**
     * The defaults: 4,000 chars of text, groups of 1,000, pages of 200, tokens valid for 30 days,
     * frames of 64 KiB, attachments of 10 MiB, 256 waiting requests per connection, a writer queue of
     * 10,000 messages committed in batches of up to 512, and {@link #DEFAULT_RESERVED_USERNAMES} reserved.
     */
    public static ChatLimits defaults() {
        return new ChatLimits(4000, 1000, 64, 64, 32, 200, 1024, 8, 10_000, 512, Duration.ofDays(30), 64 * 1024,
                10L * 1024 * 1024, 256, DEFAULT_RESERVED_USERNAMES);
    }

    /** Returns a copy with another maximum text length. */
    public ChatLimits withMaxTextLength(int value) {
        return new ChatLimits(value, maxGroupSize, maxNameLength, maxClientMsgIdLength, maxReactionLength,
                maxPageSize, maxPasswordLength, minPasswordLength, writerQueueCapacity, writerBatchSize,
                tokenTtl, maxFrameBytes, maxAttachmentBytes, maxPendingRequests, reservedUsernames);
    }

    /** Returns a copy with another maximum group size. */
    public ChatLimits withMaxGroupSize(int value) {
        return new ChatLimits(maxTextLength, value, maxNameLength, maxClientMsgIdLength, maxReactionLength,
                maxPageSize, maxPasswordLength, minPasswordLength, writerQueueCapacity, writerBatchSize,
                tokenTtl, maxFrameBytes, maxAttachmentBytes, maxPendingRequests, reservedUsernames);
    }

    /** Returns a copy with another maximum page size. */
    public ChatLimits withMaxPageSize(int value) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, value, maxPasswordLength, minPasswordLength, writerQueueCapacity,
                writerBatchSize, tokenTtl, maxFrameBytes, maxAttachmentBytes, maxPendingRequests,
                reservedUsernames);
    }

    /** Returns a copy with another token lifetime. */
    public ChatLimits withTokenTtl(Duration value) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, maxPageSize, maxPasswordLength, minPasswordLength, writerQueueCapacity,
                writerBatchSize, value, maxFrameBytes, maxAttachmentBytes, maxPendingRequests,
                reservedUsernames);
    }

    /** Returns a copy with another maximum frame size. */
    public ChatLimits withMaxFrameBytes(int value) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, maxPageSize, maxPasswordLength, minPasswordLength, writerQueueCapacity,
                writerBatchSize, tokenTtl, value, maxAttachmentBytes, maxPendingRequests, reservedUsernames);
    }

    /** Returns a copy with another maximum attachment size. */
    public ChatLimits withMaxAttachmentBytes(long value) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, maxPageSize, maxPasswordLength, minPasswordLength, writerQueueCapacity,
                writerBatchSize, tokenTtl, maxFrameBytes, value, maxPendingRequests, reservedUsernames);
    }

    /** Returns a copy with another writer batch size. */
    public ChatLimits withWriterBatchSize(int value) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, maxPageSize, maxPasswordLength, minPasswordLength, writerQueueCapacity,
                value, tokenTtl, maxFrameBytes, maxAttachmentBytes, maxPendingRequests, reservedUsernames);
    }

    /** Returns a copy with another writer queue capacity. */
    public ChatLimits withWriterQueueCapacity(int value) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, maxPageSize, maxPasswordLength, minPasswordLength, value, writerBatchSize,
                tokenTtl, maxFrameBytes, maxAttachmentBytes, maxPendingRequests, reservedUsernames);
    }

    /** Returns a copy with another bound on the requests one connection may have waiting. */
    public ChatLimits withMaxPendingRequests(int value) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, maxPageSize, maxPasswordLength, minPasswordLength, writerQueueCapacity,
                writerBatchSize, tokenTtl, maxFrameBytes, maxAttachmentBytes, value, reservedUsernames);
    }

    /** Returns a copy with other bounds on password length (at registration and at login). */
    public ChatLimits withPasswordLength(int min, int max) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, maxPageSize, max, min, writerQueueCapacity,
                writerBatchSize, tokenTtl, maxFrameBytes, maxAttachmentBytes, maxPendingRequests, reservedUsernames);
    }

    /**
     * Returns a copy that reserves other usernames from self-registration ({@code register}), or none
     * with an empty set. A name is refused when it reads as a reserved one: after Unicode NFKC
     * normalisation and case folding, with the separators {@code . _ -} left out, with {@code 0} read
     * as {@code o}, {@code 1}, {@code i} and {@code l} as one letter, {@code rn} as {@code m}, {@code vv}
     * as {@code w}, and common Cyrillic and Greek look-alikes as their Latin twins. So reserving
     * {@code admin} also refuses {@code Admin}, {@code ADMIN}, {@code adm1n}, {@code ad.min} and
     * {@code adrnin}. The refusal is the one a taken username gets.
     */
    public ChatLimits withReservedUsernames(Set<String> value) {
        return new ChatLimits(maxTextLength, maxGroupSize, maxNameLength, maxClientMsgIdLength,
                maxReactionLength, maxPageSize, maxPasswordLength, minPasswordLength, writerQueueCapacity,
                writerBatchSize, tokenTtl, maxFrameBytes, maxAttachmentBytes, maxPendingRequests, value);
    }
}

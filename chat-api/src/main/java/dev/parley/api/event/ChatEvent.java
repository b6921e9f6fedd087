package dev.parley.api.event;

/**
 * Something that happened in the engine and that live sessions and listeners hear about. Events are
 * immutable. Message events of one conversation are emitted in seq order.
 */
public sealed interface ChatEvent
        permits MessageEvent, MessageUpdatedEvent, ReceiptEvent, TypingEvent, PresenceEvent, FriendEvent,
        MemberEvent, ConversationEvent, InvitationEvent {
}

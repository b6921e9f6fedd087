package dev.parley.api;

/** The kinds of conversation. */
public enum ConversationType {
    /** Between exactly two users, created on their first message. */
    DIRECT,
    /** A named group whose members hold roles. */
    GROUP,
    /** One user's system notices; the user is its only member and only the system writes to it. */
    NOTICES
}

package dev.parley.core;

/** Who may start a direct conversation with whom. A block in either direction always forbids it. */
public enum DirectMessagePolicy {
    /** Only accepted friends. The default. */
    FRIENDS,
    /** Any two enabled users. */
    ANYONE
}

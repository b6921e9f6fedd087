package dev.parley.api;

/** What a message carries. */
public enum MessageKind {
    /** Plain text, any Unicode. */
    TEXT,
    /** Text made only of emoji, which clients may show larger. */
    EMOJI,
    /** An image attachment, with an optional caption in the text. */
    IMAGE,
    /** A voice note attachment. */
    VOICE,
    /** Any other file attachment. */
    FILE,
    /** A notice from the system; only the system sends these. */
    SYSTEM;

    /** Whether a message of this kind must reference an attachment. */
    public boolean needsAttachment() {
        return this == IMAGE || this == VOICE || this == FILE;
    }
}

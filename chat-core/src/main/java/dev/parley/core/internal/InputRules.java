package dev.parley.core.internal;

import dev.parley.api.BadRequestException;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageKind;
import dev.parley.api.TooLargeException;
import dev.parley.core.ChatLimits;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks what users type against the configured {@link ChatLimits}, and normalises it. Every refusal
 * is a {@link BadRequestException} or a {@link TooLargeException} with a message that says which rule
 * was broken, never echoing a password. Thread-safe.
 */
public final class InputRules {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");

    private final ChatLimits limits;
    private final ReservedNames reserved;

    /** Rules over the given limits. */
    public InputRules(ChatLimits limits) {
        this.limits = limits;
        this.reserved = new ReservedNames(limits.reservedUsernames());
    }

    /**
     * Whether a username reads as one of {@link ChatLimits#reservedUsernames()}, in any case or with
     * look-alike characters, so that nobody may take it by registering.
     */
    public boolean isReserved(String username) {
        return reserved.contains(username);
    }

    /** Lower-cases a username and checks its form: 2 to 32 of a-z, 0-9, '.', '_' and '-'. */
    public String username(String raw) {
        if (raw == null) {
            throw new BadRequestException("a username is required");
        }
        String username = raw.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            throw new BadRequestException(
                    "a username is 2 to 32 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        return username;
    }

    /** Trims a display name or group name and checks it. */
    public String name(String raw, String what) {
        if (raw == null || raw.isBlank()) {
            throw new BadRequestException("a " + what + " is required");
        }
        String name = raw.strip();
        if (name.length() > limits.maxNameLength()) {
            throw new TooLargeException("a " + what + " is at most " + limits.maxNameLength() + " characters");
        }
        if (hasControlCharacters(name) || !isWellFormed(name)) {
            throw new BadRequestException("a " + what + " may not contain control characters or broken Unicode");
        }
        return name;
    }

    /** Checks a new password's length. The password itself never appears in a message. */
    public void newPassword(CharSequence password) {
        checkPasswordLength(password);
        if (password.length() < limits.minPasswordLength()) {
            throw new BadRequestException("a password is at least " + limits.minPasswordLength() + " characters");
        }
    }

    /** Refuses a password too long to be worth hashing, before any hashing is done. */
    public void checkPasswordLength(CharSequence password) {
        if (password == null) {
            throw new BadRequestException("a password is required");
        }
        if (password.length() > limits.maxPasswordLength()) {
            throw new TooLargeException("a password is at most " + limits.maxPasswordLength() + " characters");
        }
    }

    /** Checks a draft a user wants to send. System messages are refused: only the system sends them. */
    public void draft(MessageDraft draft) {
        if (draft.kind() == MessageKind.SYSTEM) {
            throw new BadRequestException("only the system sends system messages");
        }
        content(draft);
    }

    /** Checks a draft's content: kind against attachment, text, clientMsgId. */
    public void content(MessageDraft draft) {
        if (draft.kind().needsAttachment()) {
            if (draft.attachment() == null) {
                throw new BadRequestException("a " + draft.kind().name().toLowerCase(Locale.ROOT)
                        + " message needs an attachment");
            }
            if (draft.text() != null) {
                text(draft.text());
            }
        } else {
            if (draft.attachment() != null) {
                throw new BadRequestException("only image, voice and file messages carry an attachment");
            }
            text(draft.text());
        }
        clientMsgId(draft.clientMsgId());
    }

    /** Checks message text: present, not blank, within the length limit, well-formed Unicode. */
    public String text(String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException("the text is empty");
        }
        if (text.length() > limits.maxTextLength()) {
            throw new TooLargeException("a message is at most " + limits.maxTextLength() + " characters");
        }
        if (!isWellFormed(text)) {
            throw new BadRequestException("the text is not well-formed Unicode");
        }
        return text;
    }

    /** Checks a clientMsgId, which may be absent. */
    public void clientMsgId(String clientMsgId) {
        if (clientMsgId == null) {
            return;
        }
        if (clientMsgId.isEmpty() || clientMsgId.length() > limits.maxClientMsgIdLength()) {
            throw new BadRequestException("a clientMsgId is 1 to " + limits.maxClientMsgIdLength() + " characters");
        }
        if (hasControlCharacters(clientMsgId) || !isWellFormed(clientMsgId)) {
            throw new BadRequestException("a clientMsgId may not contain control characters");
        }
    }

    /** Checks a reaction: a short, non-blank string such as an emoji sequence. */
    public String reaction(String emoji) {
        if (emoji == null || emoji.isBlank()) {
            throw new BadRequestException("a reaction is required");
        }
        if (emoji.length() > limits.maxReactionLength()) {
            throw new TooLargeException("a reaction is at most " + limits.maxReactionLength() + " characters");
        }
        if (hasControlCharacters(emoji) || !isWellFormed(emoji)) {
            throw new BadRequestException("a reaction may not contain control characters or broken Unicode");
        }
        return emoji;
    }

    /** Clamps a requested page size into 1 .. the maximum page size. */
    public int pageSize(int requested) {
        if (requested < 1) {
            throw new BadRequestException("a page holds at least 1 message");
        }
        return Math.min(requested, limits.maxPageSize());
    }

    private static boolean hasControlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether every surrogate is paired, so that the text survives UTF-8 (storage, the wire) unchanged. */
    public static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

package dev.parley.core.protocol;

import dev.parley.core.internal.InputRules;

/** Measuring and quoting a frame's text safely for UTF-8. Stateless. */
final class FrameText {

    private FrameText() {
    }

    /**
     * Whether the frame's UTF-8 form is longer than {@code maxBytes}; the bytes are counted only when
     * the char count alone cannot settle the question.
     */
    static boolean longerThan(String frame, int maxBytes) {
        if (frame.length() * 3L <= maxBytes) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > maxBytes;
    }

    /**
     * At most 40 chars of a value echoed in a message, cut between characters, never inside a surrogate
     * pair, and with any lone surrogate shown as U+FFFD, so that the message survives UTF-8.
     */
    static String abbreviate(String value) {
        String shown = value;
        if (value.length() > 40) {
            int end = Character.isHighSurrogate(value.charAt(39)) ? 39 : 40;
            shown = value.substring(0, end) + "…";
        }
        if (InputRules.isWellFormed(shown)) {
            return shown;
        }
        StringBuilder replaced = new StringBuilder(shown.length());
        // codePoints() yields a lone surrogate as a code point of its own, in 0xD800..0xDFFF.
        shown.codePoints().forEach(cp -> replaced.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp));
        return replaced.toString();
    }
}

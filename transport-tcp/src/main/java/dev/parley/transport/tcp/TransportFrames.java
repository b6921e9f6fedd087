package dev.parley.transport.tcp;

/**
 * The few frames the TCP transport writes on its own, for what it refuses before a line reaches the
 * protocol: the same shapes as the protocol's error responses and {@code closing} event.
 */
final class TransportFrames {

    private TransportFrames() {
    }

    /** An error response that answers no request, such as {@code {"id":null,"ok":false,"error":{...}}}. */
    static String error(String code, String message) {
        return "{\"id\":null,\"ok\":false,\"error\":{\"code\":\"" + escape(code) + "\",\"message\":\""
                + escape(message) + "\"}}";
    }

    /** The event that tells a client why the server is about to close its connection. */
    static String closing(String reason) {
        return "{\"event\":\"closing\",\"data\":{\"reason\":\"" + escape(reason) + "\"}}";
    }

    /** Enough JSON escaping for the transport's own fixed texts. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

package dev.parley.push.webhook;

import dev.parley.api.spi.PushNotification;

/** The JSON body of a webhook request, written by hand so that the plugin needs no JSON library. */
final class WebhookPayload {

    private WebhookPayload() {
    }

    static String json(PushNotification n) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "platform", n.device().platform()).append(',');
        field(json, "token", n.device().pushToken()).append(',');
        field(json, "deviceId", n.device().id().value()).append(',');
        json.append("\"userId\":").append(n.device().userId().value()).append(',');
        json.append("\"conversationId\":").append(n.conversationId().value()).append(',');
        json.append("\"messageId\":").append(n.message().id().value()).append(',');
        json.append("\"seq\":").append(n.message().seq()).append(',');
        field(json, "title", n.title()).append(',');
        field(json, "body", n.body()).append(',');
        json.append("\"badge\":").append(n.badge()).append(',');
        field(json, "collapseKey", n.collapseKey()).append(',');
        json.append("\"urgent\":").append(n.urgent());
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}

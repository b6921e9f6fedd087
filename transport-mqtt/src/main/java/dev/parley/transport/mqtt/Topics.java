package dev.parley.transport.mqtt;

import dev.parley.api.ConversationId;

/**
 * The topic layout, the one place that names topics. docs/mqtt.md is the contract:
 * <ul>
 *   <li>{@value #REQUEST}: the client publishes protocol requests, the same JSON as on WebSocket;</li>
 *   <li>{@code parley/client/<client id>}: responses and events for that client, which only the
 *       client with that id may subscribe to;</li>
 *   <li>{@code parley/conversations/<id>}: the messages of one of the user's conversations, as the
 *       protocol's {@code message} events; {@value #ALL_CONVERSATIONS} for all of them;</li>
 *   <li>{@code parley/conversations/<id>/send}: a UTF-8 text published here is sent as a text message;</li>
 *   <li>{@code parley/conversations/<id>/typing}: {@code true} or {@code false} (or empty, which is
 *       {@code true}) says whether the user is typing.</li>
 * </ul>
 */
final class Topics {

    /** Where the full protocol's requests are published. */
    static final String REQUEST = "parley/request";
    /** The prefix of each client's own topic. */
    static final String CLIENT_PREFIX = "parley/client/";
    /** The prefix of the conversation topics. */
    static final String CONVERSATIONS = "parley/conversations/";
    /** The filter for the messages of all the user's conversations. */
    static final String ALL_CONVERSATIONS = CONVERSATIONS + "+";
    static final String SEND = "send";
    static final String TYPING = "typing";

    private Topics() {
    }

    /** The client's own topic. */
    static String client(String clientId) {
        return CLIENT_PREFIX + clientId;
    }

    /** The topic that carries one conversation's messages. */
    static String conversation(ConversationId id) {
        return CONVERSATIONS + id.value();
    }

    /**
     * A conversation topic, parsed: {@code parley/conversations/<id>} (action null) or
     * {@code parley/conversations/<id>/<action>}.
     *
     * @param conversation the id, or null if the id part is not a conversation id
     */
    record ConversationTopic(ConversationId conversation, String action) {

        /** The conversation topic this names, or null if it names none. */
        static ConversationTopic parse(String topic) {
            if (!topic.startsWith(CONVERSATIONS)) {
                return null;
            }
            String rest = topic.substring(CONVERSATIONS.length());
            int slash = rest.indexOf('/');
            String id = slash < 0 ? rest : rest.substring(0, slash);
            String action = slash < 0 ? null : rest.substring(slash + 1);
            return new ConversationTopic(conversationId(id), action);
        }

        /** A conversation id as a topic level: digits only, no sign, no leading zero. */
        private static ConversationId conversationId(String level) {
            if (level.isEmpty() || level.length() > 18 || level.charAt(0) == '0') {
                return null;
            }
            for (int i = 0; i < level.length(); i++) {
                if (level.charAt(i) < '0' || level.charAt(i) > '9') {
                    return null;
                }
            }
            return ConversationId.of(Long.parseLong(level));
        }
    }
}

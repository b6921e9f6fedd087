package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something the server sent without being asked: a message, a receipt, typing, presence, and so on.
 *
 * @param name the event's name, such as {@code message} or {@code typing}
 * @param data its data
 */
public record ServerEvent(String name, JsonNode data) {
}

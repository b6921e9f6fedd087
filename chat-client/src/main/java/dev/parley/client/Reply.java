package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server's one response to a request: ok with data, or an error with a stable code.
 *
 * @param id           the request's id
 * @param ok           whether it succeeded
 * @param data         the result when ok; an empty object otherwise
 * @param errorCode    the stable error code when not ok, such as {@code not_found}; null when ok
 * @param errorMessage the human-readable message when not ok
 * @param frame        the whole response frame as received
 */
public record Reply(String id, boolean ok, JsonNode data, String errorCode, String errorMessage, JsonNode frame) {

    /**
     * The data, or an exception if the request failed.
     *
     * @throws ChatClientException carrying the error code
     */
    public JsonNode orThrow() {
        if (!ok) {
            throw new ChatClientException(errorCode, errorMessage);
        }
        return data;
    }
}

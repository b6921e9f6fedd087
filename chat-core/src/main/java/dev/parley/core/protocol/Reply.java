package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * The one way a handler shapes a response's {@code data}: nothing, one named value, or one named list,
 * each encoded by {@link Wire}. Stateless.
 */
final class Reply {

    private Reply() {
    }

    /** {@code {}}, for an operation that only acts. */
    static ObjectNode empty() {
        return Wire.object();
    }

    /** Runs the action, then answers {@code {}}. */
    static ObjectNode done(Runnable action) {
        action.run();
        return empty();
    }

    /** {@code {"<field>": value}}. */
    static ObjectNode of(String field, JsonNode value) {
        ObjectNode data = Wire.object();
        data.set(field, value);
        return data;
    }

    /** {@code {"<field>": encode(value)}}, such as {@code of("member", member, Wire::member)}. */
    static <T> ObjectNode of(String field, T value, Function<? super T, ? extends JsonNode> encode) {
        return of(field, encode.apply(value));
    }

    /** {@code {"<field>": [encode(item), ...]}}, in the items' order. */
    static <T> ObjectNode list(String field, Iterable<? extends T> items,
                               Function<? super T, ? extends JsonNode> encode) {
        ObjectNode data = Wire.object();
        ArrayNode list = data.putArray(field);
        items.forEach(item -> list.add(encode.apply(item)));
        return data;
    }
}

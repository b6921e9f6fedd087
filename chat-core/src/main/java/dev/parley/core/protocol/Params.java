package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.parley.api.BadRequestException;
import dev.parley.api.ConversationId;
import dev.parley.api.MessageId;
import dev.parley.api.UserId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} object of a request, with typed getters. A missing required field or a value of
 * the wrong type is a {@link BadRequestException} that names the field. Unknown fields are ignored.
 */
final class Params {

    private final JsonNode data;

    Params(JsonNode data) {
        this.data = data == null || data.isNull() ? NullNode.getInstance() : data;
        if (!this.data.isNull() && !this.data.isObject()) {
            throw new BadRequestException("'data' must be an object");
        }
    }

    private JsonNode node(String name) {
        JsonNode value = data.get(name);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String name) {
        return node(name) != null;
    }

    String string(String name) {
        String value = optString(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    String optString(String name) {
        JsonNode value = node(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string");
        }
        return value.textValue();
    }

    long longValue(String name) {
        Long value = optLong(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    Long optLong(String name) {
        JsonNode value = node(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(name, "an integer");
        }
        return value.longValue();
    }

    int intValue(String name, int defaultValue) {
        Long value = optLong(name);
        if (value == null) {
            return defaultValue;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw wrongType(name, "a 32-bit integer");
        }
        return value.intValue();
    }

    boolean bool(String name, boolean defaultValue) {
        JsonNode value = node(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "true or false");
        }
        return value.booleanValue();
    }

    UserId userId(String name) {
        return id(name, UserId::of);
    }

    ConversationId conversationId(String name) {
        return id(name, ConversationId::of);
    }

    MessageId messageId(String name) {
        return id(name, MessageId::of);
    }

    private <T> T id(String name, java.util.function.LongFunction<T> make) {
        long value = longValue(name);
        if (value < 1) {
            throw new BadRequestException("'" + name + "' must be a positive id");
        }
        return make.apply(value);
    }

    List<String> strings(String name) {
        JsonNode value = node(name);
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (!value.isArray()) {
            throw wrongType(name, "an array of strings");
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw wrongType(name, "an array of strings");
            }
            result.add(element.textValue());
        }
        return result;
    }

    List<Integer> ints(String name) {
        JsonNode value = node(name);
        List<Integer> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (!value.isArray()) {
            throw wrongType(name, "an array of integers");
        }
        for (JsonNode element : value) {
            if (!element.isInt()) {
                throw wrongType(name, "an array of integers");
            }
            result.add(element.intValue());
        }
        return result;
    }

    List<UserId> userIds(String name) {
        JsonNode value = node(name);
        List<UserId> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (!value.isArray()) {
            throw wrongType(name, "an array of user ids");
        }
        for (JsonNode element : value) {
            if (!element.isIntegralNumber() || element.longValue() < 1) {
                throw wrongType(name, "an array of user ids");
            }
            result.add(UserId.of(element.longValue()));
        }
        return result;
    }

    Params object(String name) {
        JsonNode value = node(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(name, "an object");
        }
        return new Params(value);
    }

    /** The fields of an object whose values are integers, such as {@code {"7": 12}}. */
    Map<String, Long> longMap(String name) {
        JsonNode value = node(name);
        Map<String, Long> result = new java.util.LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        if (!value.isObject()) {
            throw wrongType(name, "an object of integers");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isIntegralNumber()) {
                throw wrongType(name + "." + field.getKey(), "an integer");
            }
            result.put(field.getKey(), field.getValue().longValue());
        }
        return result;
    }

    /** Every string field, for passing credentials through to an authenticator. */
    Map<String, String> stringFields() {
        Map<String, String> result = new java.util.HashMap<>();
        if (data.isObject()) {
            data.fields().forEachRemaining(f -> {
                if (f.getValue().isTextual()) {
                    result.put(f.getKey(), f.getValue().textValue());
                }
            });
        }
        return result;
    }

    private static BadRequestException missing(String name) {
        return new BadRequestException("'" + name + "' is required");
    }

    private static BadRequestException wrongType(String name, String what) {
        return new BadRequestException("'" + name + "' must be " + what);
    }
}

package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.BadRequestException;
import dev.parley.api.ConversationId;
import dev.parley.api.DeviceId;
import dev.parley.api.MemberRole;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.Role;
import dev.parley.api.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code data} object of a request, with typed getters. A missing required field or a value of
 * the wrong type is a {@link BadRequestException} that names the field. Unknown fields are ignored.
 * Besides the JSON types, it decodes the protocol's own values (roles, drafts, device ids), so that
 * every handler reads them alike. Not thread-safe; one per request.
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

    List<ConversationId> conversationIds(String name) {
        JsonNode value = node(name);
        List<ConversationId> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (!value.isArray()) {
            throw wrongType(name, "an array of conversation ids");
        }
        for (JsonNode element : value) {
            if (!element.isIntegralNumber() || element.longValue() < 1) {
                throw wrongType(name, "an array of conversation ids");
            }
            result.add(ConversationId.of(element.longValue()));
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

    /** An optional integer field as an {@code Integer}, or null. */
    Integer optInt(String name) {
        return has(name) ? intValue(name, 0) : null;
    }

    /** A group member role, {@code owner}, {@code admin} or {@code member}, in any case. */
    MemberRole memberRole(String name) {
        try {
            return MemberRole.valueOf(string(name).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'" + name + "' must be owner, admin or member");
        }
    }

    /** A set of user roles, such as {@code ["admin"]}; empty if absent. */
    Set<Role> roles(String name) {
        Set<Role> roles = new HashSet<>();
        for (String role : strings(name)) {
            try {
                roles.add(Role.of(role));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        return roles;
    }

    /** A device id: 1 to 128 characters. */
    DeviceId deviceId(String name) {
        try {
            return DeviceId.of(string(name));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'" + name + "' is 1 to 128 characters");
        }
    }

    /** An object that maps conversation ids to seqs, such as {@code {"7": 12}}. */
    Map<ConversationId, Long> conversationSeqs(String name) {
        Map<ConversationId, Long> result = new HashMap<>();
        longMap(name).forEach((key, seq) -> {
            try {
                result.put(ConversationId.of(Long.parseLong(key)), seq);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("'" + name + "' maps conversation ids to seqs; '" + key
                        + "' is not an id");
            }
        });
        return result;
    }

    /**
     * The message a {@code send} describes: {@code kind} (text by default), {@code text},
     * {@code attachment}, {@code replyTo} and {@code clientMsgId}, checked by the service afterwards.
     */
    MessageDraft draft() {
        MessageKind kind = MessageKind.TEXT;
        String kindName = optString("kind");
        if (kindName != null) {
            try {
                kind = MessageKind.valueOf(kindName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("'kind' must be text, emoji, image, voice or file");
            }
        }
        Params a = object("attachment");
        Attachment attachment = a == null ? null : a.attachment();
        return new MessageDraft(kind, optString("text"), attachment,
                has("replyTo") ? messageId("replyTo") : null, optString("clientMsgId"));
    }

    private Attachment attachment() {
        AttachmentId id;
        try {
            id = AttachmentId.of(string("id"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'attachment.id' is not an attachment id");
        }
        return new Attachment(id, has("mimeType") ? string("mimeType") : "application/octet-stream",
                has("size") ? longValue("size") : 0, optString("name"), optInt("width"), optInt("height"),
                optInt("durationMs"));
    }

    private static BadRequestException missing(String name) {
        return new BadRequestException("'" + name + "' is required");
    }

    private static BadRequestException wrongType(String name, String what) {
        return new BadRequestException("'" + name + "' must be " + what);
    }
}

package dev.parley.cluster.redis;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.parley.api.event.ChatEvent;
import java.io.UncheckedIOException;

/**
 * Writes and reads bus messages as JSON. The events are chat-api's records as they are: a mix-in adds
 * the type discriminator to {@link ChatEvent} from outside, and its subtypes are the permitted ones of
 * the sealed interface, so a new event type crosses the bus without a change here. This is the bus's
 * own format between Parley nodes of one version, not the client protocol. Thread-safe.
 */
final class BusCodec {

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    private interface EventTypeMixin {
    }

    private final ObjectMapper mapper;

    BusCodec() {
        JsonMapper.Builder builder = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addMixIn(ChatEvent.class, EventTypeMixin.class)
                // Records carry helpers such as User.isAdmin() and UserId.isSystem(), which are no fields.
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        for (Class<?> type : ChatEvent.class.getPermittedSubclasses()) {
            builder.registerSubtypes(new NamedType(type, type.getSimpleName()));
        }
        this.mapper = builder.build();
    }

    String encode(BusMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** @throws UncheckedIOException if the text is not a bus message */
    BusMessage decode(String json) {
        try {
            return mapper.readValue(json, BusMessage.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a bus message", e);
        }
    }
}

package dev.parley.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.api.spi.Connection;
import dev.parley.core.AdminConsole;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link AdminConsole}: a connection inside the process whose frames go through the same
 * {@link ProtocolConnection} as a socket's, trusted with admin rights without a login. Each call writes
 * a request frame and waits for the response with its id; events are dropped. Thread-safe.
 */
final class ConsoleConnection implements Connection, AdminConsole {

    /** Longer than any admin operation takes; a call past it is answered unavailable. */
    private static final long TIMEOUT_SECONDS = 300;

    private final ObjectMapper mapper;
    private final ProtocolConnection protocolSide;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    ConsoleConnection(ChatProtocol protocol) {
        this.mapper = protocol.mapper();
        this.protocolSide = new ProtocolConnection(protocol, this, true);
    }

    @Override
    public JsonNode call(String op, Map<String, ?> data) {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        ObjectNode request = mapper.createObjectNode().put("id", id).put("op", op);
        request.set("data", mapper.valueToTree(data));
        protocolSide.onFrame(request.toString());
        JsonNode answer;
        try {
            answer = reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ChatException(ErrorCode.UNAVAILABLE, op + " did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted while waiting for " + op);
        } catch (ExecutionException e) {
            throw new ChatException(ErrorCode.UNAVAILABLE, e.getCause().getMessage());
        } finally {
            waiting.remove(id);
        }
        if (answer.path("ok").asBoolean()) {
            return answer.path("data");
        }
        JsonNode error = answer.path("error");
        throw new ChatException(ErrorCode.forCode(error.path("code").asText()).orElse(ErrorCode.INTERNAL),
                error.path("message").asText());
    }

    /** Takes a frame from the protocol: a response completes its call; events are of no use here. */
    @Override
    public boolean send(String frame) {
        JsonNode node;
        try {
            node = mapper.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the protocol wrote a frame that is not JSON", e);
        }
        JsonNode id = node.get("id");
        if (id != null && id.isTextual()) {
            CompletableFuture<JsonNode> reply = waiting.get(id.textValue());
            if (reply != null) {
                reply.complete(node);
            }
        }
        return true;
    }

    @Override
    public String remoteAddress() {
        return ADDRESS;
    }

    @Override
    public void close(String reason) {
        waiting.values().forEach(reply -> reply.completeExceptionally(
                new IllegalStateException("the console closed: " + reason)));
    }

    @Override
    public void close() {
        protocolSide.onClose();
        close("closed by its holder");
    }
}

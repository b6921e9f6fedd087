package dev.parley.transport.mqtt;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.store.memory.MemoryChatStore;
import dev.parley.transport.tcp.TcpTransport;
import dev.parley.transport.websocket.WebSocketTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real engine on the in-memory store behind real MQTT, WebSocket and TCP transports, each on a
 * free port, for tests. Users are created through the engine's API, as a host application would.
 */
final class MqttServer implements AutoCloseable {

    static final String PASSWORD = "correct horse battery";

    final ChatEngine engine;
    final MqttTransport mqtt;
    final WebSocketTransport webSocket;
    final TcpTransport tcp;
    private final List<AutoCloseable> clients = new ArrayList<>();

    MqttServer(Consumer<MqttTransport.Builder> mqttConfig, Consumer<ChatEngineBuilder> engineConfig) {
        MqttTransport.Builder builder = MqttTransport.builder().host("127.0.0.1").port(0);
        mqttConfig.accept(builder);
        mqtt = builder.build();
        webSocket = WebSocketTransport.builder().host("127.0.0.1").port(0).build();
        tcp = TcpTransport.builder().host("127.0.0.1").port(0).build();
        ChatEngineBuilder engineBuilder = ChatEngine.builder()
                .store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .transport(mqtt)
                .transport(webSocket)
                .transport(tcp);
        engineConfig.accept(engineBuilder);
        engine = engineBuilder.build().start();
    }

    MqttServer() {
        this(m -> {
        }, e -> {
        });
    }

    String uri() {
        return "tcp://127.0.0.1:" + mqtt.port();
    }

    /** A new user with {@link #PASSWORD}. */
    UserId user(String username) {
        User user = engine.users().register(username, username.substring(0, 1).toUpperCase() + username.substring(1),
                PASSWORD);
        return user.id();
    }

    /** Makes two users friends and opens their direct conversation with a first message. */
    ConversationId direct(UserId a, UserId b) {
        engine.friends().befriend(a, b);
        return engine.messages().sendDirect(a, b, MessageDraft.text("hello")).message().conversationId();
    }

    /** The conversation's messages, oldest first, as a member sees them. */
    List<Message> history(UserId member, ConversationId conversation) {
        List<Message> newestFirst = new ArrayList<>(engine.messages().history(member, conversation, Long.MAX_VALUE, 100));
        newestFirst.sort((x, y) -> Long.compare(x.seq(), y.seq()));
        return newestFirst;
    }

    <C extends AutoCloseable> C track(C client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        engine.close();
    }
}
